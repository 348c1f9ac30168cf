/**
 * The applicant's signature on their own touch screen: the size of the image the screen
 * sends and the check that refuses an empty box or a mere dot. Pure, so the screen and the
 * core judge the same image by the same numbers (the screen before sending, the core again
 * on the PNG it receives).
 */

/** The signature image as kept and printed: a transparent PNG with dark strokes. */
export const SIGNATURE_WIDTH = 600;
export const SIGNATURE_HEIGHT = 200;
/** A drawn name is a few kilobytes; anything near this is not a signature from the pad. */
export const SIGNATURE_PNG_MAX_BYTES = 40_000;

/** What the check reads of an image: how many pixels carry ink and how far they spread. */
export interface SignatureInk {
  inkPixels: number;
  boxWidth: number;
  boxHeight: number;
}

/** At least this much spread (pixels of the 600 x 200 image) and this much ink. */
const MIN_SPREAD = 60;
const MIN_INK_PIXELS = 200;

/** Whether the ink is a signature: `empty`, `too-short` (a dot, a tick) or `ok`. */
export function judgeSignature(ink: SignatureInk): 'empty' | 'too-short' | 'ok' {
  if (ink.inkPixels === 0) return 'empty';
  if (Math.max(ink.boxWidth, ink.boxHeight) < MIN_SPREAD || ink.inkPixels < MIN_INK_PIXELS) {
    return 'too-short';
  }
  return 'ok';
}

/** The applicant's words for a refused signature. */
export const signatureRefusals = {
  empty: '请先用手指在框内签名。',
  'too-short': '签名太短：请在框内完整写下您的姓名。',
} as const;

/**
 * Counts the ink of RGBA pixels (row by row, 4 bytes each): a pixel with more than a
 * quarter of opacity is ink, so the pad's anti-aliased edges do not make a dot look bigger.
 */
export function inkOfRgba(rgba: Uint8Array | Uint8ClampedArray, width: number): SignatureInk {
  let inkPixels = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let index = 3; index < rgba.length; index += 4) {
    if ((rgba[index] ?? 0) < 64) continue;
    const pixel = (index - 3) / 4;
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    inkPixels += 1;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return inkPixels === 0
    ? { inkPixels: 0, boxWidth: 0, boxHeight: 0 }
    : { inkPixels, boxWidth: maxX - minX + 1, boxHeight: maxY - minY + 1 };
}
