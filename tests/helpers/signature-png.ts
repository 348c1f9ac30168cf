import { deflateSync } from 'node:zlib';

/** CRC-32 of PNG chunks (ISO/IEC 15948, annex D). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * An 8-bit RGBA PNG, transparent, with black ink where `ink(x, y)` says: what the signature
 * pad's canvas writes, for tests of the core without a browser.
 */
export function inkPng(width: number, height: number, ink: (x: number, y: number) => boolean) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (ink(x, y)) raw[y * (width * 4 + 1) + 1 + x * 4 + 3] = 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A wavy stroke across most of the 600 x 200 box, 4 pixels thick: a signature. */
export function drawnSignaturePng(phase = 0): Buffer {
  return inkPng(
    600,
    200,
    (x, y) => x > 40 && x < 560 && Math.abs(y - (100 + 50 * Math.sin(x / 30 + phase))) < 2.5,
  );
}
