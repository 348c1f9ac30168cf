import { inflateSync } from 'node:zlib';
import type { SignatureInk } from '../../domain/applicant-signature';
import { inkOfRgba } from '../../domain/applicant-signature';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG the signature pad made, as far as the core needs to know it. */
export interface SignaturePng extends SignatureInk {
  width: number;
  height: number;
}

/** Paeth predictor (PNG specification, 9.4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Reads the ink of a signature PNG: 8-bit RGBA, not interlaced, as a browser's canvas writes
 * it (PNG specification, ISO/IEC 15948). Anything else, or a broken file, gives null: the
 * core never stores bytes it cannot read back as the picture the screen showed.
 */
export function readSignaturePng(bytes: Uint8Array, maxPixels: number): SignaturePng | null {
  try {
    if (bytes.length < 33 || PNG_MAGIC.some((value, index) => bytes[index] !== value)) return null;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 8;
    let header: { width: number; height: number } | null = null;
    const data: Buffer[] = [];
    let ended = false;
    while (offset + 12 <= view.length && !ended) {
      const length = view.readUInt32BE(offset);
      const type = view.toString('latin1', offset + 4, offset + 8);
      const body = view.subarray(offset + 8, offset + 8 + length);
      if (body.length !== length) return null;
      if (type === 'IHDR') {
        const [depth, colour, , , interlace] = [...body.subarray(8, 13)];
        if (depth !== 8 || colour !== 6 || interlace !== 0) return null;
        header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4) };
        if (header.width * header.height > maxPixels) return null;
      } else if (type === 'IDAT') data.push(body);
      else if (type === 'IEND') ended = true;
      offset += 12 + length;
    }
    if (!header || !ended || data.length === 0) return null;
    const { width, height } = header;
    const stride = width * 4;
    const raw = inflateSync(Buffer.concat(data), { maxOutputLength: (stride + 1) * height });
    if (raw.length !== (stride + 1) * height) return null;
    const rgba = new Uint8Array(stride * height);
    for (let y = 0; y < height; y += 1) {
      const filter = raw[y * (stride + 1)];
      const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
      const out = y * stride;
      for (let x = 0; x < stride; x += 1) {
        const left = x >= 4 ? (rgba[out + x - 4] ?? 0) : 0;
        const up = y > 0 ? (rgba[out - stride + x] ?? 0) : 0;
        const corner = y > 0 && x >= 4 ? (rgba[out - stride + x - 4] ?? 0) : 0;
        const value = line[x] ?? 0;
        let predicted: number;
        if (filter === 0) predicted = 0;
        else if (filter === 1) predicted = left;
        else if (filter === 2) predicted = up;
        else if (filter === 3) predicted = (left + up) >> 1;
        else if (filter === 4) predicted = paeth(left, up, corner);
        else return null;
        rgba[out + x] = (value + predicted) & 0xff;
      }
    }
    return { width, height, ...inkOfRgba(rgba, width) };
  } catch {
    return null;
  }
}
