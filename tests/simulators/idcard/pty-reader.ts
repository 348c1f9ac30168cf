import { SerialPort } from 'serialport';
import { ReaderSimulator } from '../../../src-main/devices/idcard/simulator/reader-simulator';

/** The simulated reader listening on the device end of a pty, through the real binding. */
export interface PtyReader {
  simulator: ReaderSimulator;
  close(): Promise<void>;
}

/** Serves the simulator on a serial device path. */
export function servePtyReader(
  path: string,
  options: { samDelayMs?: number; onUnplug?: () => void } = {},
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
            if (!port.isOpen) return;
            port.write(Buffer.from(reply.bytes), () => {
              if (reply.thenUnplug) options.onUnplug?.();
            });
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

export { sampleCard } from '../../../src-main/devices/idcard/simulator/sample-cards';
