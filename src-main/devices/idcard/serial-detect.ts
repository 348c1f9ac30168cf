import { SerialPort } from 'serialport';
import { ReaderClient } from './reader-client';
import { SerialLink } from './serial-link';

/**
 * Finds the reader among the serial ports by asking each for its SAM status (IDCARD.md
 * §2.1, 0x11): the first port that answers 0x90 is the reader. Returns null when none does.
 */
export async function detectReaderPort(baudRate: number): Promise<string | null> {
  // The binding's PortInfo type does not resolve through serialport's re-export; the path is all we need.
  const ports = (await SerialPort.list()) as { path: string }[];
  for (const port of ports) {
    let link: SerialLink | null = null;
    try {
      link = await SerialLink.open({ path: port.path, baudRate });
      if (await new ReaderClient(link).probe()) return port.path;
    } catch {
      // Busy or not a reader: try the next one.
    } finally {
      await link?.close();
    }
  }
  return null;
}
