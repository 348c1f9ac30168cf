/**
 * The reader's frame envelope (IDCARD.md §1), as pure functions over bytes:
 * `AA AA AA 96 69 | LEN(2, BE) | body | CHK`, where LEN counts the body and the checksum,
 * and CHK is the XOR of every byte from LEN_H up to the byte before it.
 */

/** The constant five bytes every frame starts with. */
export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);

/** The largest frame accepted: 4,096 bytes, as the most generous real buffer (§1). */
export const MAX_FRAME_BYTES = 4096;
const HEADER_BYTES = 7;

/** XOR of bytes [from, to) — the frame checksum over LEN and body. */
export function xorChecksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let index = from; index < to; index += 1) sum ^= bytes[index] ?? 0;
  return sum;
}

/** Wraps a body (a command's CMD PARA DATA, or a response's SW1-3 DATA) in a frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const length = body.length + 1;
  const frame = new Uint8Array(HEADER_BYTES + length);
  frame.set(PREAMBLE, 0);
  frame[5] = length >> 8;
  frame[6] = length & 0xff;
  frame.set(body, HEADER_BYTES);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

/** What the decoder hands on: a checked body, or a frame it had to throw away and why. */
export type DecodedFrame =
  | { kind: 'frame'; body: Uint8Array }
  | { kind: 'bad-checksum' }
  | { kind: 'bad-length'; length: number };

/**
 * A streaming decoder: bytes arrive in any chunks (serial reads split frames anywhere); it
 * skips garbage until a preamble, reads LEN, waits for the whole frame, checks the XOR, and
 * resynchronises on the next preamble after a bad frame. Frames are split by LEN, never by
 * timing (§1, receiver state machine).
 */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  /** Adds bytes and returns every frame they complete. */
  push(chunk: Uint8Array): DecodedFrame[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    const out: DecodedFrame[] = [];
    for (;;) {
      const start = findPreamble(this.buffer);
      if (start < 0) {
        // Keep a possible preamble prefix at the end; drop the rest.
        this.buffer = this.buffer.slice(Math.max(0, this.buffer.length - (PREAMBLE.length - 1)));
        return out;
      }
      if (start > 0) this.buffer = this.buffer.slice(start);
      if (this.buffer.length < HEADER_BYTES) return out;
      const length = ((this.buffer[5] ?? 0) << 8) | (this.buffer[6] ?? 0);
      if (length < 2 || HEADER_BYTES + length > MAX_FRAME_BYTES) {
        out.push({ kind: 'bad-length', length });
        this.buffer = this.buffer.slice(1);
        continue;
      }
      const total = HEADER_BYTES + length;
      if (this.buffer.length < total) return out;
      const frame = this.buffer.slice(0, total);
      if (xorChecksum(frame, 5, total - 1) === frame[total - 1]) {
        out.push({ kind: 'frame', body: frame.slice(HEADER_BYTES, total - 1) });
        this.buffer = this.buffer.slice(total);
      } else {
        out.push({ kind: 'bad-checksum' });
        this.buffer = this.buffer.slice(1);
      }
    }
  }

  /** Whether part of a frame (a preamble at least) has arrived and waits for the rest. */
  hasPartialFrame(): boolean {
    return this.buffer.length >= PREAMBLE.length && findPreamble(this.buffer) === 0;
  }

  /** Forgets a partial frame, e.g. after a timeout or a reconnect. */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

function findPreamble(bytes: Uint8Array): number {
  outer: for (let index = 0; index + PREAMBLE.length <= bytes.length; index += 1) {
    for (let offset = 0; offset < PREAMBLE.length; offset += 1) {
      if (bytes[index + offset] !== PREAMBLE[offset]) continue outer;
    }
    return index;
  }
  return -1;
}
