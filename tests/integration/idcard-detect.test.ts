import { afterEach, describe, expect, it } from 'vitest';
import { serialConnector } from '../../src-main/devices/idcard/connectors';
import type { FoundReaderPort, SerialPortInfo } from '../../src-main/devices/idcard/serial-detect';
import { detectReaderPort, looksLikeUsbSerial } from '../../src-main/devices/idcard/serial-detect';
import { SerialLink } from '../../src-main/devices/idcard/serial-link';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { servePtyReader } from '../simulators/idcard/pty-reader';

const pairs: PtyPair[] = [];
let reader: PtyReader | null = null;

afterEach(async () => {
  await reader?.close();
  reader = null;
  for (const pair of pairs.splice(0)) await pair.unplug();
});

/**
 * A machine with a built-in port (no USB ids, never to be written to), a USB-serial reader
 * that speaks only at 38400 baud, and nothing else. A pty has no line speed of its own, so
 * "the wrong rate" is a link to a pty where nothing answers, as a reader does at a rate it
 * does not speak.
 */
async function machine() {
  const builtIn = await openPtyPair();
  const readerPty = await openPtyPair();
  const deaf = await openPtyPair();
  pairs.push(builtIn, readerPty, deaf);
  reader = await servePtyReader(readerPty.device);
  const opened: [string, number][] = [];
  const ports = {
    list: (): Promise<SerialPortInfo[]> =>
      Promise.resolve([
        { path: builtIn.host },
        { path: readerPty.host, vendorId: '1a86', productId: '7523' },
      ]),
    open: (path: string, baudRate: number) => {
      opened.push([path, baudRate]);
      const real = path === readerPty.host && baudRate === 38_400 ? readerPty.host : deaf.host;
      return SerialLink.open({ path: real, baudRate });
    },
  };
  return { builtIn, readerPty, opened, ports };
}

describe('finding the serial reader and its line speed', () => {
  it('asks only USB-serial ports, tries 115200 then the other rates, and finds 38400', async () => {
    const { builtIn, readerPty, opened, ports } = await machine();
    const found = await detectReaderPort({ baudRate: 115_200 }, ports);
    expect(found).toEqual({ path: readerPty.host, baudRate: 38_400 });
    expect(opened).toEqual([
      [readerPty.host, 115_200],
      [readerPty.host, 57_600],
      [readerPty.host, 38_400],
    ]);
    expect(opened.some(([path]) => path === builtIn.host)).toBe(false);
  });

  it('asks the remembered port and rate first', async () => {
    const { readerPty, opened, ports } = await machine();
    const found = await detectReaderPort(
      { baudRate: 115_200, remembered: { path: readerPty.host, baudRate: 38_400 } },
      ports,
    );
    expect(found).toEqual({ path: readerPty.host, baudRate: 38_400 });
    expect(opened).toEqual([[readerPty.host, 38_400]]);
  });

  it('tells USB-serial adapters from other ports', () => {
    expect(looksLikeUsbSerial({ path: '/dev/ttyUSB0' })).toBe(true);
    expect(looksLikeUsbSerial({ path: '/dev/ttyACM1' })).toBe(true);
    expect(looksLikeUsbSerial({ path: 'COM3', pnpId: 'USB\\VID_1A86&PID_7523\\5&1' })).toBe(true);
    expect(looksLikeUsbSerial({ path: 'COM1', pnpId: 'ACPI\\PNP0501\\1' })).toBe(false);
    expect(looksLikeUsbSerial({ path: '/dev/ttyS0' })).toBe(false);
    expect(looksLikeUsbSerial({ path: '/dev/pts/3' })).toBe(false);
  });

  it('remembers where the connector found the reader, for the next start', async () => {
    const { readerPty } = await machine();
    const saved: FoundReaderPort[] = [];
    const memory = {
      load: () => saved.at(-1) ?? null,
      save: (found: FoundReaderPort) => void saved.push(found),
    };
    const first = await serialConnector({ path: readerPty.host, baudRate: 57_600, memory })();
    expect(await first.client.probe()).toBe(true);
    await first.close();
    expect(saved).toEqual([{ path: readerPty.host, baudRate: 57_600 }]);
    const again = await serialConnector({ path: readerPty.host, baudRate: 115_200, memory })();
    await again.close();
    expect(saved).toHaveLength(1);
  });
});
