/**
 * The card photo is 1,024 bytes of the proprietary WLT format (IDCARD.md §3.2); only the
 * reader vendor's licensed library turns it into a 102 x 126 picture. The app never
 * guesses at the format: without such a library it keeps the bytes and says so.
 */
export interface PhotoDecoder {
  /** Where the library was found, for the device area. */
  readonly library: string;
  /** The picture as a BMP file, or null when the library refuses these bytes. */
  decode(wlt: Uint8Array): Uint8Array | null;
}

/** The size of the decoded picture and of its BMP file (24-bit, rows padded to 4 bytes). */
export const PHOTO_WIDTH = 102;
export const PHOTO_HEIGHT = 126;
export const PHOTO_BMP_BYTES = 38_862;

/** Whether bytes are a BMP file of the photo's size (what a decoder must hand back). */
export function isPhotoBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (
    view.getInt32(18, true) === PHOTO_WIDTH && Math.abs(view.getInt32(22, true)) === PHOTO_HEIGHT
  );
}

/** The part of koffi the decoder uses (its function results are untyped; they are checked). */
export interface KoffiForDecoder {
  load(path: string): { func(definition: string): (...args: unknown[]) => unknown };
}

/**
 * The vendor's WLT decoder through koffi. The Linux SDKs' libwlt2bmp exports
 * `int unpack(char *src, char *dst, int bmpSave)`: 1,024 WLT bytes in, the BMP file out
 * (602 asks for the BMP in memory), 1 on success. Whatever a library returns is accepted
 * only as a BMP of the photo's size.
 */
export function loadWltDecoder(koffi: KoffiForDecoder, path: string): PhotoDecoder {
  const unpack = koffi.load(path).func('int unpack(uint8_t *src, _Out_ uint8_t *dst, int bmpSave)');
  return {
    library: path,
    decode(wlt) {
      const source = new Uint8Array(1024);
      source.set(wlt.subarray(0, 1024));
      const bmp = new Uint8Array(PHOTO_BMP_BYTES);
      const result = unpack(source, bmp, 602);
      return result === 1 && isPhotoBmp(bmp) ? bmp : null;
    },
  };
}
