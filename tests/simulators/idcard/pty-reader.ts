import { SerialPort } from 'serialport';
import type { SimulatedCard } from '../../../src-main/devices/idcard/simulator/reader-simulator';
import { ReaderSimulator } from '../../../src-main/devices/idcard/simulator/reader-simulator';
import { encodeCardText } from '../../../src-main/devices/idcard/card-text';

/** The simulated reader listening on the device end of a pty, through the real binding. */
export interface PtyReader {
  simulator: ReaderSimulator;
  close(): Promise<void>;
}

/** Serves the simulator on a serial device path. */
export function servePtyReader(
  path: string,
  options: { samDelayMs?: number } = {},
): Promise<PtyReader> {
  const simulator = new ReaderSimulator(options);
  const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) return reject(error);
      port.on('error', () => undefined); // the test pulls the plug on purpose
      port.on('data', (chunk: Buffer) => {
        for (const reply of simulator.receive(chunk)) {
          const send = () => {
            if (port.isOpen) port.write(Buffer.from(reply.bytes));
          };
          // setTimeout(0) still waits a millisecond or more: an instant reader answers now.
          if (reply.delayMs > 0) setTimeout(send, reply.delayMs);
          else send();
        }
      });
      resolve({
        simulator,
        close: () => new Promise((done) => (port.isOpen ? port.close(() => done()) : done())),
      });
    });
  });
}

/** A resident ID card for tests and training (fictitious person, valid check digit). */
export function sampleCard(
  overrides: { name?: string; idNumber?: string; validTo?: string } = {},
): SimulatedCard {
  return {
    text: encodeCardText([
      [0, 30, overrides.name ?? '张三'],
      [30, 2, '1'],
      [32, 4, '01'],
      [36, 16, '19491231'],
      [52, 70, '北京市西城区某某街道1号'],
      [122, 36, overrides.idNumber ?? '11010519491231002X'],
      [158, 30, '北京市公安局西城分局'],
      [188, 16, '20100101'],
      [204, 16, overrides.validTo ?? '长期'],
    ]),
    photo: new Uint8Array(1024).fill(0x57),
  };
}
