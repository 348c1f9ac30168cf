import type { HidDeviceLike } from './hid-link';
import { HidLink } from './hid-link';
import { ReaderClient } from './reader-client';
import type { ConnectReader } from './reader-service';
import type { FoundReaderPort } from './serial-detect';
import type { LibraryFolders } from '../native-library-locations';
import { nodeHidPackage } from '../lazy-package';
import { findLibraries, isAllowedLibrary } from '../native-library-locations';
import type { KoffiLike } from './sdt-library';
import type { UsbBusLike, UsbDeviceLike, UsbInterfaceInfo } from './usb-link';
import type { ReaderSimulator } from './simulator/reader-simulator';
import { TrainingLink } from './training-link';

/** Keeps where a serial reader was found, across restarts. */
export interface ReaderPortMemory {
  load(): FoundReaderPort | null;
  save(found: FoundReaderPort): void;
}

/**
 * A connector for a serial reader on a port, or on whichever USB-serial port answers like a
 * reader; the line speed is found too, and both are remembered for the next connection.
 */
export function serialConnector(options: {
  path: string;
  baudRate: number;
  memory?: ReaderPortMemory;
}): ConnectReader {
  return async () => {
    // serialport loads when a serial reader is first used, not at every start.
    const [{ detectReaderPort }, { SerialLink }] = await Promise.all([
      import('./serial-detect'),
      import('./serial-link'),
    ]);
    const remembered = options.memory?.load() ?? null;
    const found = await detectReaderPort({
      baudRate: options.baudRate,
      path: options.path,
      remembered: !options.path || remembered?.path === options.path ? remembered : null,
    });
    if (!found) {
      throw new Error(
        options.path
          ? `端口 ${options.path} 上没有读卡器应答（已试 115200、57600、38400、19200、9600 波特率），请检查读卡器是否插好、端口是否正确。`
          : '未找到身份证读卡器（只查找 USB 转串口设备），请检查读卡器是否插好。',
      );
    }
    if (found.path !== remembered?.path || found.baudRate !== remembered.baudRate) {
      options.memory?.save(found);
    }
    const link = await SerialLink.open(found);
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

/** The part of node-hid the connector uses; tests pass simulated devices. */
export interface HidBus {
  devices(): Promise<{ vendorId: number; productId: number; path?: string | undefined }[]>;
  open(path: string): HidDeviceLike;
}

const nodeHid: HidBus = {
  devices: () => nodeHidPackage().devicesAsync(),
  // The synchronous device class: its reports arrive as 'data' events, as HidLink expects.
  open: (path) => new (nodeHidPackage().HID)(path),
};

/**
 * A connector for an HID reader with the given USB id (the first one plugged in). A reader
 * may show several HID interfaces under one id (a keyboard-wedge one beside the reader's);
 * the one chosen is the one whose reports answer the SAM status poll.
 */
export function hidConnector(usbId: string, hid: HidBus = nodeHid): ConnectReader {
  return async () => {
    const id = parseUsbId(usbId || DEFAULT_HID_READER);
    if (!id) throw new Error('读卡器 USB 标识应写成 VID:PID，例如 2B8B:2721。');
    const found = (await hid.devices()).filter(
      (device) =>
        device.vendorId === id.vendorId && device.productId === id.productId && device.path,
    );
    if (found.length === 0) throw new Error('未找到 HID 身份证读卡器，请检查读卡器是否插好。');
    for (const device of found) {
      let link: HidLink | null = null;
      try {
        link = new HidLink(hid.open(device.path ?? ''));
        const client = new ReaderClient(link);
        if (found.length > 1 && !(await client.probe(1))) {
          link.close();
          continue;
        }
        const opened = link;
        return {
          client,
          onLost: () => undefined,
          close: () => {
            opened.close();
            return Promise.resolve();
          },
        };
      } catch {
        link?.close();
      }
    }
    throw new Error('已找到 HID 读卡器，但没有一个接口应答读卡指令，请重新插拔读卡器。');
  };
}

/**
 * A connector for a raw-USB reader (0400:C35A and alike, IDCARD.md §4.2), or the one id the
 * settings name. The `usb` package loads when such a reader is first used.
 */
export function usbConnector(usbId: string, bus?: UsbBusLike): ConnectReader {
  return async () => {
    const named = usbId ? parseUsbId(usbId) : null;
    if (usbId && !named) throw new Error('读卡器 USB 标识应写成 VID:PID，例如 0400:C35A。');
    const { openUsbReader, RAW_USB_READER_IDS } = await import('./usb-link');
    const link = await openUsbReader(
      bus ?? (await machineUsbBus()),
      named ? [named] : RAW_USB_READER_IDS,
    );
    return {
      client: new ReaderClient(link),
      onLost: (listener) => link.onLost(listener),
      close: () => link.close(),
    };
  };
}

/**
 * The machine's USB bus through the `usb` package. Its devices' WebUSB-style transfer
 * methods are added at run time and not typed, so the adapter calls the typed native ones
 * they wrap (the same calls the package makes).
 */
async function machineUsbBus(): Promise<UsbBusLike> {
  const { usb } = await import('usb');
  type Native = Awaited<ReturnType<typeof usb.getDevices>>[number];
  const adapted = new WeakMap<Native, UsbDeviceLike>();
  const adapt = (device: Native): UsbDeviceLike => {
    const known = adapted.get(device);
    if (known) return known;
    const like: UsbDeviceLike = {
      vendorId: device.vendorId,
      productId: device.productId,
      handle: device.handle,
      get configuration() {
        return device.configuration as unknown as { interfaces: UsbInterfaceInfo[] } | null;
      },
      open: () => device.open(),
      close: () => device.close(),
      selectConfiguration: (value) => device.selectConfiguration(value),
      claimInterface: (number) => device.claimInterface(number),
      releaseInterface: (number) => device.releaseInterface(number),
      detachKernelDriver: (number) => device.detachKernelDriver(number),
      transferIn: async (endpoint, length, timeout = 1000) => {
        const data = await device.nativeTransferIn(endpoint, timeout, length);
        return data
          ? { status: 'ok', data: new DataView(data.buffer, data.byteOffset, data.byteLength) }
          : { status: 'stall' };
      },
      transferOut: async (endpoint, data, timeout = 1000) => {
        const written = await device.nativeTransferOut(endpoint, timeout, data);
        return { bytesWritten: written, status: written >= 0 ? 'ok' : 'stall' };
      },
      clearHalt: (direction, endpoint) => device.clearHalt(direction, endpoint),
    };
    adapted.set(device, like);
    return like;
  };
  type NativeListener = (event: Event) => void;
  const listeners = new Map<(event: { device: UsbDeviceLike }) => void, NativeListener>();
  return {
    getDevices: async () => (await usb.getDevices()).map(adapt),
    addEventListener: (type, listener) => {
      const native: NativeListener = (event) => {
        const device = (event as unknown as { device?: Native }).device;
        if (device) listener({ device: adapt(device) });
      };
      listeners.set(listener, native);
      usb.addEventListener(type, native);
    },
    removeEventListener: (type, listener) => {
      const native = listeners.get(listener);
      if (!native) return;
      listeners.delete(listener);
      usb.removeEventListener(type, native);
    },
  };
}

/**
 * A connector for a reader behind its vendor's SDK library (SDT API), loaded through koffi.
 * The library is the one chosen in the settings (saved only from the detected ones) or the
 * first one detected, and it must pass the native-library check again before it is loaded.
 * The port is the SDK's number (1001 = the first USB reader).
 */
export function sdkConnector(
  libraryPath: string,
  port: number,
  folders?: LibraryFolders,
  koffi?: KoffiLike,
): ConnectReader {
  return async () => {
    let path = libraryPath;
    if (folders) {
      path ||= findLibraries('sdt', folders)[0] ?? '';
      if (!path) {
        throw new Error(
          '未找到读卡器厂商的接口库（SDT）：请把厂商的库文件安装到本程序的 vendor-libs 文件夹或系统库文件夹，再由负责人在本柜台设置中选择。',
        );
      }
      if (!isAllowedLibrary(path, folders)) {
        throw new Error(
          `不能加载 ${path}：只加载本程序 vendor-libs 文件夹或系统库文件夹中、他人不可写入的库文件。请负责人在本柜台设置中从检测到的接口库中重新选择。`,
        );
      }
    }
    const { SdtLibraryClient } = await import('./sdt-library');
    const client = await SdtLibraryClient.open(koffi ?? (await machineKoffi()), path, port);
    return {
      client,
      onLost: () => undefined,
      close: () => client.close(),
    };
  };
}

async function machineKoffi(): Promise<KoffiLike> {
  const koffi = await import('koffi');
  return {
    load: (path) => {
      const library = koffi.load(path);
      return {
        func: (definition) => {
          const fn = library.func(definition);
          return { async: (...args: unknown[]) => void fn.async(...args) };
        },
        unload: () => library.unload(),
      };
    },
  };
}
