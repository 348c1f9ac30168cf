/**
 * The counter PIN pad's serial protocol (PP1, docs/pinpad.md): plain key events, no PIN
 * block, because the password is sealed on the applicant's page, not in the pad.
 *
 * Frame: STX (0x02) | CMD (one ASCII byte) | LEN (0-32) | DATA[LEN] | BCC | ETX (0x03),
 * where BCC is the XOR of CMD, LEN and every DATA byte.
 *
 * Host to pad: `P` ping, `E` start entry (the pad lights up and sends keys), `D` stop entry.
 * The pad answers each with `A` (DATA: its model name in ASCII for a ping) or `N` for an
 * unknown one.
 * Pad to host, only while entry is on: `K` with one key code: printable ASCII 0x20-0x7E (a
 * numeric pad sends digits only), 0x08 更正, 0x0D 确认, 0x18 清除, 0x1B 取消.
 */

export const STX = 0x02;
export const ETX = 0x03;
export const MAX_DATA = 32;

export const PINPAD_COMMANDS = {
  ping: 0x50, // 'P'
  enable: 0x45, // 'E'
  disable: 0x44, // 'D'
  ack: 0x41, // 'A'
  nak: 0x4e, // 'N'
  key: 0x4b, // 'K'
} as const;

/** The function keys' codes. */
export const PINPAD_KEY_CODES = {
  backspace: 0x08,
  enter: 0x0d,
  clear: 0x18,
  cancel: 0x1b,
} as const;

export type PinpadFunctionKey = keyof typeof PINPAD_KEY_CODES;

/** One key press as the applicant's page receives it. */
export type PinpadKey = { type: 'char'; char: string } | { type: PinpadFunctionKey };

export interface PinpadFrame {
  command: number;
  data: Uint8Array;
}

function bcc(command: number, data: Uint8Array): number {
  let value = command ^ data.length;
  for (const byte of data) value ^= byte;
  return value;
}

/** One frame's bytes. */
export function encodeFrame(command: number, data: Uint8Array = new Uint8Array()): Uint8Array {
  if (data.length > MAX_DATA) throw new RangeError('PIN pad frame data too long');
  return Uint8Array.from([STX, command, data.length, ...data, bcc(command, data), ETX]);
}

/** The frame of one key press (what the pad sends). */
export function encodeKey(key: PinpadKey): Uint8Array {
  const code = key.type === 'char' ? key.char.charCodeAt(0) : PINPAD_KEY_CODES[key.type];
  return encodeFrame(PINPAD_COMMANDS.key, Uint8Array.of(code));
}

/** The key of a `K` frame, or null for any other frame or an unknown code. */
export function keyOf(frame: PinpadFrame): PinpadKey | null {
  if (frame.command !== PINPAD_COMMANDS.key || frame.data.length !== 1) return null;
  const code = frame.data[0] ?? 0;
  if (code >= 0x20 && code <= 0x7e) return { type: 'char', char: String.fromCharCode(code) };
  for (const [name, value] of Object.entries(PINPAD_KEY_CODES) as [PinpadFunctionKey, number][]) {
    if (value === code) return { type: name };
  }
  return null;
}

/**
 * Splits a byte stream into frames. Bytes before an STX, a frame with a wrong BCC or a
 * missing ETX are dropped and the decoder looks for the next STX, so line noise never
 * becomes a key.
 */
export class FrameDecoder {
  private buffer: number[] = [];
  /** Frames dropped for a bad checksum or framing since the start. */
  dropped = 0;

  push(chunk: Uint8Array): PinpadFrame[] {
    this.buffer.push(...chunk);
    const frames: PinpadFrame[] = [];
    for (;;) {
      const start = this.buffer.indexOf(STX);
      if (start < 0) {
        this.buffer = [];
        break;
      }
      if (start > 0) this.buffer = this.buffer.slice(start);
      if (this.buffer.length < 3) break;
      const length = this.buffer[2] ?? 0;
      if (length > MAX_DATA) {
        this.dropped += 1;
        this.buffer = this.buffer.slice(1);
        continue;
      }
      const total = length + 5;
      if (this.buffer.length < total) break;
      const command = this.buffer[1] ?? 0;
      const data = Uint8Array.from(this.buffer.slice(3, 3 + length));
      const check = this.buffer[3 + length];
      const end = this.buffer[4 + length];
      if (end !== ETX || check !== bcc(command, data)) {
        this.dropped += 1;
        this.buffer = this.buffer.slice(1);
        continue;
      }
      frames.push({ command, data });
      this.buffer = this.buffer.slice(total);
    }
    return frames;
  }
}
