import { SerialPort } from 'serialport';
import type { PinpadFunctionKey, PinpadKey } from '../../../src-main/devices/pinpad/protocol';
import {
  encodeFrame,
  encodeKey,
  FrameDecoder,
  PINPAD_COMMANDS,
} from '../../../src-main/devices/pinpad/protocol';

/**
 * A counter PIN pad speaking PP1 on the device end of a pty, through the real serialport
 * binding: it answers ping, enable and disable, and sends the keys a test "presses" only
 * while entry is enabled, as a real pad does.
 */
export interface PtyPinpad {
  /** Whether the host has switched entry on. */
  readonly enabled: boolean;
  /** Every command the host sent, as letters (P, E, D …). */
  readonly commands: string[];
  /**
   * Presses keys: each character of a text, or a function key given as `{ fn: 'enter' }`.
   * False (nothing sent) while entry is off.
   */
  press(...keys: (string | { fn: PinpadFunctionKey })[]): Promise<boolean>;
  /** Sends raw bytes (line noise, broken frames). */
  sendRaw(bytes: Uint8Array): Promise<void>;
  /** Resolves once the host has switched entry on. */
  waitEnabled(): Promise<void>;
  close(): Promise<void>;
}

export const PINPAD_MODEL = 'SIM-PP1';

export function servePtyPinpad(path: string): Promise<PtyPinpad> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  const decoder = new FrameDecoder();
  const commands: string[] = [];
  let enabled = false;
  let waiters: (() => void)[] = [];
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      if (!port.isOpen) return resolve();
      port.write(Buffer.from(bytes), () => port.drain(() => resolve()));
    });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) return reject(error);
      port.on('error', () => undefined);
      port.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          commands.push(String.fromCharCode(frame.command));
          if (frame.command === PINPAD_COMMANDS.ping) {
            void write(encodeFrame(PINPAD_COMMANDS.ack, Buffer.from(PINPAD_MODEL, 'latin1')));
          } else if (frame.command === PINPAD_COMMANDS.enable) {
            enabled = true;
            for (const waiter of waiters) waiter();
            waiters = [];
            void write(encodeFrame(PINPAD_COMMANDS.ack));
          } else if (frame.command === PINPAD_COMMANDS.disable) {
            enabled = false;
            void write(encodeFrame(PINPAD_COMMANDS.ack));
          } else {
            void write(encodeFrame(PINPAD_COMMANDS.nak));
          }
        }
      });
      resolve({
        get enabled() {
          return enabled;
        },
        commands,
        async press(...keys) {
          if (!enabled) return false;
          for (const item of keys) {
            const presses: PinpadKey[] =
              typeof item === 'string'
                ? [...item].map((char) => ({ type: 'char', char }))
                : [{ type: item.fn }];
            for (const key of presses) await write(encodeKey(key));
          }
          return true;
        },
        sendRaw: write,
        waitEnabled: () =>
          enabled ? Promise.resolve() : new Promise<void>((done) => waiters.push(done)),
        close: () => new Promise((done) => (port.isOpen ? port.close(() => done()) : done())),
      });
    });
  });
}
