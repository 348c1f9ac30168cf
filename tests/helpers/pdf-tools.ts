import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as poppler's pdftotext extracts it (what a copy-paste would give). */
export function pdfText(pdf: Uint8Array, order: 'layout' | 'raw' = 'layout'): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', `-${order}`, '-', '-'], {
    input: pdf,
  }).toString('utf8');
}

/** The number of pages poppler reads in a PDF; it also proves poppler accepts the file. */
export function pdfPageCount(pdf: Uint8Array): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** One page rendered by pdftoppm as an 8-bit greyscale PGM: width, height and pixels. */
export function renderPageGrey(
  pdf: Uint8Array,
  page: number,
  dpi = 50,
): { width: number; height: number; pixels: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-ppm-'));
  try {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, pdf);
    execFileSync('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      input,
      join(dir, 'page'),
    ]);
    return parsePgm(readFileSync(join(dir, 'page.pgm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a binary PGM (P5) file. */
export function parsePgm(bytes: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const header: string[] = [];
  let offset = 0;
  while (header.length < 4) {
    let token = '';
    while (offset < bytes.length && /\s/.test(String.fromCharCode(bytes[offset] ?? 32)))
      offset += 1;
    while (offset < bytes.length && !/\s/.test(String.fromCharCode(bytes[offset] ?? 32))) {
      token += String.fromCharCode(bytes[offset] ?? 32);
      offset += 1;
    }
    header.push(token);
  }
  offset += 1;
  const [magic, width, height] = [header[0], Number(header[1]), Number(header[2])];
  if (magic !== 'P5') throw new Error(`not a binary PGM: ${magic}`);
  return { width, height, pixels: bytes.subarray(offset, offset + width * height) };
}

/** Writes a greyscale image as a binary PGM, for committed reference pictures. */
export function encodePgm(image: { width: number; height: number; pixels: Uint8Array }): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${image.width} ${image.height}\n255\n`),
    Buffer.from(image.pixels),
  ]);
}

/** Share of pixels whose grey level differs by more than 64 between two same-size images. */
export function differingShare(
  a: { width: number; height: number; pixels: Uint8Array },
  b: { width: number; height: number; pixels: Uint8Array },
): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let index = 0; index < a.pixels.length; index += 1) {
    if (Math.abs((a.pixels[index] ?? 0) - (b.pixels[index] ?? 0)) > 64) differing += 1;
  }
  return differing / a.pixels.length;
}
