import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  encodeKey,
  FrameDecoder,
  keyOf,
  PINPAD_COMMANDS,
} from '../../../src-main/devices/pinpad/protocol';

/** PP1, the PIN pad's serial protocol: frames, checksums, key codes, resynchronisation. */
describe('PP1 frames', () => {
  it('encodes STX, command, length, data, XOR checksum and ETX', () => {
    expect([...encodeFrame(PINPAD_COMMANDS.ping)]).toEqual([0x02, 0x50, 0x00, 0x50, 0x03]);
    // 'K' 1 '7': BCC = 0x4b ^ 0x01 ^ 0x37 = 0x7d.
    expect([...encodeKey({ type: 'char', char: '7' })]).toEqual([
      0x02, 0x4b, 0x01, 0x37, 0x7d, 0x03,
    ]);
    expect([...encodeKey({ type: 'enter' })]).toEqual([0x02, 0x4b, 0x01, 0x0d, 0x47, 0x03]);
    expect(() => encodeFrame(0x41, new Uint8Array(33))).toThrow(RangeError);
  });

  it('decodes keys split across chunks and several frames in one chunk', () => {
    const decoder = new FrameDecoder();
    const bytes = Uint8Array.from([
      ...encodeKey({ type: 'char', char: 'A' }),
      ...encodeKey({ type: 'char', char: '#' }),
      ...encodeKey({ type: 'backspace' }),
    ]);
    const first = decoder.push(bytes.slice(0, 4));
    expect(first).toEqual([]);
    const rest = decoder.push(bytes.slice(4));
    expect(rest.map(keyOf)).toEqual([
      { type: 'char', char: 'A' },
      { type: 'char', char: '#' },
      { type: 'backspace' },
    ]);
  });

  it('maps the function keys and refuses codes that are neither printable nor known', () => {
    const key = (code: number) =>
      keyOf({ command: PINPAD_COMMANDS.key, data: Uint8Array.of(code) });
    expect(key(0x0d)).toEqual({ type: 'enter' });
    expect(key(0x08)).toEqual({ type: 'backspace' });
    expect(key(0x18)).toEqual({ type: 'clear' });
    expect(key(0x1b)).toEqual({ type: 'cancel' });
    expect(key(0x7f)).toBeNull();
    expect(key(0x00)).toBeNull();
    expect(keyOf({ command: PINPAD_COMMANDS.ack, data: Uint8Array.of(0x31) })).toBeNull();
  });

  it('drops line noise and a frame with a wrong checksum, and finds the next good frame', () => {
    const decoder = new FrameDecoder();
    const good = encodeKey({ type: 'char', char: '5' });
    const broken = Uint8Array.from(encodeKey({ type: 'char', char: '9' }));
    broken[4] = (broken[4] ?? 0) ^ 0xff;
    const noise = Uint8Array.of(0xff, 0x13, 0x37);
    const frames = decoder.push(Uint8Array.from([...noise, ...broken, ...good]));
    expect(frames.map(keyOf)).toEqual([{ type: 'char', char: '5' }]);
    expect(decoder.dropped).toBeGreaterThan(0);
    // A length beyond the limit is noise too, not a reason to wait forever.
    const long = decoder.push(Uint8Array.from([0x02, 0x4b, 0xff, ...good]));
    expect(long.map(keyOf)).toEqual([{ type: 'char', char: '5' }]);
  });
});
