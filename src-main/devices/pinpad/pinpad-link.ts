import type { SerialPort } from 'serialport';
import { serialportPackage } from '../lazy-package';
import type { PinpadFrame, PinpadKey } from './protocol';
import { encodeFrame, FrameDecoder, keyOf, PINPAD_COMMANDS } from './protocol';

/** How to reach a serial PIN pad: the port and its line speed (9600 8N1 by default). */
export interface PinpadLinkOptions {
  path: string;
  baudRate?: number;
  /** How long a command waits for the pad's answer (default 1 s). */
  answerMs?: number;
}

/** A PIN pad refused a command, did not answer, or went away. */
export class PinpadError extends Error {}

/**
 * A PIN pad on a serial port (PP1, protocol.ts), through the real serialport binding. Key
 * presses go to the one listener and nowhere else: this module neither logs nor keeps them.
 */
export class PinpadLink {
  private readonly decoder = new FrameDecoder();
  private keyListener: ((key: PinpadKey) => void) | null = null;
  private pending: { resolve: (frame: PinpadFrame) => void; reject: (e: Error) => void } | null =
    null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly port: SerialPort,
    private readonly answerMs: number,
  ) {
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.once('close', () => {
      this.closed = true;
      this.pending?.reject(new PinpadError('密码键盘已断开。'));
      this.pending = null;
    });
  }

  /** Opens the port; refuses with a message the supervisor can act on. */
  static open(options: PinpadLinkOptions): Promise<PinpadLink> {
    return new Promise((resolve, reject) => {
      const port = new (serialportPackage().SerialPort)({
        path: options.path,
        baudRate: options.baudRate ?? 9600,
        dataBits: 8,
        stopBits: 1,
        parity: 'none',
        autoOpen: false,
      });
      port.open((error) => {
        if (error) {
          reject(
            new PinpadError(
              `无法打开密码键盘端口 ${options.path}，请检查密码键盘是否插好、端口是否被其他程序占用。`,
            ),
          );
        } else resolve(new PinpadLink(port, options.answerMs ?? 1000));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  /** The one place key presses go. */
  onKey(listener: ((key: PinpadKey) => void) | null): void {
    this.keyListener = listener;
  }

  /** Calls back once when the port goes away (unplugged, closed). */
  onClose(listener: () => void): void {
    this.port.once('close', listener);
  }

  /** Asks the pad for its model name (and whether it answers at all). */
  async ping(): Promise<string> {
    const answer = await this.command(PINPAD_COMMANDS.ping);
    // ASCII by the protocol; anything else is shown as '?', never as mojibake.
    return Buffer.from(answer.data)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '?');
  }

  /** The pad lights up and sends key presses. */
  async enable(): Promise<void> {
    await this.command(PINPAD_COMMANDS.enable);
  }

  /** The pad stops sending key presses. */
  async disable(): Promise<void> {
    await this.command(PINPAD_COMMANDS.disable);
  }

  close(): Promise<void> {
    this.keyListener = null;
    return new Promise((resolve) => {
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }

  /** One command at a time, each waiting for its `A` (or `N`, or nothing within answerMs). */
  private command(code: number): Promise<PinpadFrame> {
    const run = () =>
      new Promise<PinpadFrame>((resolve, reject) => {
        if (!this.isOpen) return reject(new PinpadError('密码键盘已断开。'));
        const timer = setTimeout(() => {
          this.pending = null;
          reject(new PinpadError('密码键盘无响应，请检查连接线和端口设置。'));
        }, this.answerMs);
        this.pending = {
          resolve: (frame) => {
            clearTimeout(timer);
            if (frame.command === PINPAD_COMMANDS.ack) resolve(frame);
            else reject(new PinpadError('密码键盘拒绝了命令，请确认其支持 PP1 协议。'));
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        this.port.write(Buffer.from(encodeFrame(code)), (error) => {
          if (error) this.pending?.reject(new PinpadError('无法向密码键盘发送命令。'));
        });
      });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private receive(chunk: Buffer): void {
    for (const frame of this.decoder.push(chunk)) {
      if (frame.command === PINPAD_COMMANDS.key) {
        const key = keyOf(frame);
        if (key) this.keyListener?.(key);
        continue;
      }
      const pending = this.pending;
      this.pending = null;
      pending?.resolve(frame);
    }
  }
}
