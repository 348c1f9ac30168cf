import type { SerialPort } from 'serialport';
import { serialportPackage } from '../lazy-package';
import type { ByteLink } from './reader-client';

/** How to reach a serial reader: the port and its line speed (115200 8N1 by default). */
export interface SerialLinkOptions {
  path: string;
  baudRate?: number;
}

/** A reader on a serial port (USB-serial readers), through the real serialport binding. */
export class SerialLink implements ByteLink {
  private constructor(private readonly port: SerialPort) {
    // An unplugged USB-serial reader fails writes with EIO; the pending command then ends
    // in its timeout or write error, so the error event must not crash the app.
    port.on('error', () => undefined);
  }

  /** Opens the port; refuses with a message the clerk can act on. */
  static open(options: SerialLinkOptions): Promise<SerialLink> {
    return new Promise((resolve, reject) => {
      const port = new (serialportPackage().SerialPort)({
        path: options.path,
        baudRate: options.baudRate ?? 115_200,
        dataBits: 8,
        stopBits: 1,
        parity: 'none',
        autoOpen: false,
      });
      port.open((error) => {
        if (error)
          reject(
            new Error(
              `无法打开读卡器端口 ${options.path}，请检查读卡器是否插好、端口是否被其他程序占用。`,
            ),
          );
        else resolve(new SerialLink(port));
      });
    });
  }

  /** Writes a frame and waits until it has left the buffer. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Subscribes to incoming bytes. */
  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.port.on('data', listener);
    return () => {
      this.port.off('data', listener);
    };
  }

  /** Calls back once when the port goes away (unplugged, closed). */
  onClose(listener: () => void): void {
    this.port.once('close', listener);
  }

  /** Closes the port. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        resolve();
        return;
      }
      this.port.close(() => resolve());
    });
  }
}
