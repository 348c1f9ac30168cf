/**
 * Text helpers that count what a person sees as characters: code points, never UTF-16 units,
 * so a cut never leaves half of a character outside the Basic Multilingual Plane (e.g. U+20BB7
 * 𠮷 in a name) behind as a lone surrogate.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when the string holds no unpaired surrogate (String.prototype.isWellFormed). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Replaces every unpaired surrogate with U+FFFD, as SQLite and UTF-8 encoders would. */
export function toWellFormedText(text: string): string {
  return isWellFormedText(text) ? text : text.replace(LONE_SURROGATES, '\uFFFD');
}

/** The first `count` characters (code points) of a text. */
export function cutCodePoints(text: string, count: number): string {
  let end = 0;
  let taken = 0;
  while (end < text.length && taken < count) {
    const code = text.charCodeAt(end);
    const pair =
      code >= 0xd800 &&
      code <= 0xdbff &&
      end + 1 < text.length &&
      (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    end += pair ? 2 : 1;
    taken += 1;
  }
  return text.slice(0, end);
}

/** The last `count` characters (code points) of a text. */
export function lastCodePoints(text: string, count: number): string {
  const chars = [...text];
  return chars.slice(Math.max(0, chars.length - count)).join('');
}

/** How many characters (code points) a text has. */
export function codePointLength(text: string): number {
  return [...text].length;
}
