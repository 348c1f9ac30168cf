import { serialportPackage } from '../lazy-package';
import { ReaderClient } from './reader-client';
import { SerialLink } from './serial-link';

/** The line speeds readers ship with, the usual one first (IDCARD.md §4.1). */
export const READER_BAUD_RATES = [115_200, 57_600, 38_400, 19_200, 9_600] as const;

/** A serial port as `SerialPort.list()` describes it (the fields the detection reads). */
export interface SerialPortInfo {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  pnpId?: string | undefined;
}

/** Where a reader was found: remembered, so the next start asks that port first. */
export interface FoundReaderPort {
  path: string;
  baudRate: number;
}

/**
 * Whether a port looks like a USB-serial adapter: it has a USB vendor id, or a USB plug-and-
 * play id (Windows), or a USB-serial device name (Linux ttyUSB/ttyACM, macOS usbserial).
 * Other ports (a built-in COM1, a modem, a pty) are never written to while looking.
 */
export function looksLikeUsbSerial(port: SerialPortInfo): boolean {
  if (port.vendorId) return true;
  if (port.pnpId && /^USB\\|usb-/i.test(port.pnpId)) return true;
  return /ttyUSB\d+$|ttyACM\d+$|usbserial|wchusbserial|SLAB_USBtoUART/i.test(port.path);
}

/** What the detection needs from the machine; tests pass their own. */
export interface DetectPorts {
  list(): Promise<SerialPortInfo[]>;
  open(path: string, baudRate: number): Promise<SerialLink>;
}

const machinePorts: DetectPorts = {
  // The binding's PortInfo type does not resolve through serialport's re-export.
  list: async () => (await serialportPackage().SerialPort.list()) as SerialPortInfo[],
  open: (path, baudRate) => SerialLink.open({ path, baudRate }),
};

/**
 * Finds the reader among the serial ports by asking for its SAM status (IDCARD.md §2.1,
 * 0x11 answered 0x90): first where it was found last time, then every USB-serial port (or
 * the one port the settings name) at the configured rate and then at the other rates
 * readers ship with. Each port and rate is
 * asked once (no retries), so looking through a few ports takes a few seconds at most.
 */
export async function detectReaderPort(
  options: { baudRate: number; path?: string; remembered?: FoundReaderPort | null },
  ports: DetectPorts = machinePorts,
): Promise<FoundReaderPort | null> {
  const rates = [
    options.baudRate,
    ...READER_BAUD_RATES.filter((rate) => rate !== options.baudRate),
  ];
  // A port the supervisor named is asked at every rate; otherwise only USB-serial ports.
  const listed = options.path
    ? [{ path: options.path }]
    : (await ports.list()).filter(looksLikeUsbSerial);
  const candidates: FoundReaderPort[] = [];
  const remembered = options.remembered;
  if (remembered && listed.some((port) => port.path === remembered.path)) {
    candidates.push(remembered);
  }
  for (const port of listed) {
    for (const baudRate of rates) {
      if (remembered?.path === port.path && remembered.baudRate === baudRate) continue;
      candidates.push({ path: port.path, baudRate });
    }
  }
  for (const candidate of candidates) {
    let link: SerialLink | null = null;
    try {
      link = await ports.open(candidate.path, candidate.baudRate);
      if (await new ReaderClient(link).probe(1)) return candidate;
    } catch {
      // Busy or not a reader: try the next one.
    } finally {
      await link?.close();
    }
  }
  return null;
}
