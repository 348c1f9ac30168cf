/**
 * The name an attachment is shown and stored under. An uploaded name is only a label typed by
 * whoever saved the file: it may carry folders (`../../../tmp/pwned.png`), NUL and other
 * control characters, or Unicode bidi controls that make `gpj.exe` read as `exe.jpg`
 * (CVE-2021-42574's trick). None of that reaches the screen, the audit log or an export.
 */

const MAX_NAME_CHARS = 100;
const FALLBACK_NAME = '附件';

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks (U+061C, U+200E,
// U+200F, U+202A-U+202E, U+2066-U+2069), zero-width characters and the BOM.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
// Characters Windows refuses in file names: an export that names files after attachments
// must never fail on them.
const RESERVED = /[<>:"|?*]/g;

/** A clean display name: the last path part, without controls or bidi tricks, not too long. */
export function cleanAttachmentName(raw: string): string {
  const lastPart = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = lastPart
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    // A leading dot would hide the file on Unix and leaves "..": nothing of a path remains.
    .replace(/^\.+/, '')
    .trim();
  if (cleaned === '') return FALLBACK_NAME;
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)] : [];
  const keep = extension.length > 0 && extension.length <= 10 ? extension : [];
  return [...chars.slice(0, MAX_NAME_CHARS - keep.length), ...keep].join('');
}

/** The extension of a name in lower case, without the dot ('' when it has none). */
export function attachmentExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
