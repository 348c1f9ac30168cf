import HID from 'node-hid';
import { HidLink } from './hid-link';
import { ReaderClient } from './reader-client';
import type { ConnectReader } from './reader-service';
import type { ReaderSimulator } from './simulator/reader-simulator';
import { TrainingLink } from './training-link';

/** A connector for a serial reader on a port, or on whichever port answers like a reader. */
export function serialConnector(options: { path: string; baudRate: number }): ConnectReader {
  return async () => {
    // serialport loads when a serial reader is first used, not at every start.
    const [{ detectReaderPort }, { SerialLink }] = await Promise.all([
      import('./serial-detect'),
      import('./serial-link'),
    ]);
    const path = options.path || (await detectReaderPort(options.baudRate));
    if (!path) throw new Error('未找到身份证读卡器，请检查读卡器是否插好。');
    const link = await SerialLink.open({ path, baudRate: options.baudRate });
    return {
      client: new ReaderClient(link),
      onLost: (listener) => link.onClose(listener),
      close: () => link.close(),
    };
  };
}

/** A connector for the training reader over the given simulator. */
export function trainingConnector(simulator: ReaderSimulator): ConnectReader {
  return () =>
    Promise.resolve({
      client: new ReaderClient(new TrainingLink(simulator)),
      onLost: () => undefined,
      close: () => Promise.resolve(),
    });
}

/** The HID reader ID of IDCARD.md §4.3, used when the settings name none. */
export const DEFAULT_HID_READER = '2B8B:2721';

/** Reads 'VID:PID' in hex, e.g. '2B8B:2721'. */
export function parseUsbId(text: string): { vendorId: number; productId: number } | null {
  const match = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  return { vendorId: parseInt(match[1], 16), productId: parseInt(match[2], 16) };
}

/** A connector for an HID reader with the given USB id (the first one plugged in). */
export function hidConnector(usbId: string): ConnectReader {
  return async () => {
    const id = parseUsbId(usbId || DEFAULT_HID_READER);
    if (!id) throw new Error('读卡器 USB 标识应写成 VID:PID，例如 2B8B:2721。');
    const found = (await HID.devicesAsync()).find(
      (device) => device.vendorId === id.vendorId && device.productId === id.productId,
    );
    if (!found?.path) throw new Error('未找到 HID 身份证读卡器，请检查读卡器是否插好。');
    // The synchronous device class: its reports arrive as 'data' events, as HidLink expects.
    const link = new HidLink(new HID.HID(found.path));
    return {
      client: new ReaderClient(link),
      onLost: () => undefined,
      close: () => {
        link.close();
        return Promise.resolve();
      },
    };
  };
}
