import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isPhotoBmp,
  loadWltDecoder,
  PHOTO_BMP_BYTES,
} from '../../src-main/devices/idcard/photo-decoder';
import { findLibraries } from '../../src-main/devices/native-library-locations';

let vendorDir: string;

beforeAll(() => {
  vendorDir = mkdtempSync(join(tmpdir(), 'counter-wlt-'));
  chmodSync(vendorDir, 0o755);
  const library = join(vendorDir, 'libwlt2bmp.so');
  execFileSync('gcc', [
    '-shared',
    '-fPIC',
    '-o',
    library,
    join(import.meta.dirname, '..', 'fixtures', 'sdt-stub', 'wlt2bmp-stub.c'),
  ]);
  chmodSync(library, 0o755);
});

afterAll(() => rmSync(vendorDir, { recursive: true, force: true }));

describe("the card photo through the vendor's WLT decoder (koffi, a stub built with gcc)", () => {
  it('finds the decoder in the allowed folders and turns the 1,024 WLT bytes into the 102 x 126 BMP', () => {
    const [path] = findLibraries('wlt', { vendor: [vendorDir], system: [] });
    expect(path).toBe(join(vendorDir, 'libwlt2bmp.so'));
    const decoder = loadWltDecoder(
      { load: (file) => ({ func: (definition) => koffi.load(file).func(definition) }) },
      path ?? '',
    );
    const bmp = decoder.decode(new Uint8Array(1024).fill(0x57));
    expect(bmp).not.toBeNull();
    expect(bmp?.length).toBe(PHOTO_BMP_BYTES);
    expect(isPhotoBmp(bmp ?? new Uint8Array())).toBe(true);
    expect(bmp?.[54]).toBe(0x57);
  });
});
