import type { FieldKind } from '../profile';

/** Full-width ASCII (ＡＢＣ１２３) and the ideographic space, as a Chinese IME types them. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * A date as people type it (20150301, 2015/03/01, 2015.3.1, 2015年3月1日) in the
 * YYYY-MM-DD the validators and the platform use. Anything else is returned as typed, so
 * the validator can say what is wrong with it.
 */
export function normaliseDate(text: string): string {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const separated = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  const match = compact ?? separated;
  if (!match) return text;
  const pad = (part: string | undefined) => (part ?? '').padStart(2, '0');
  return `${match[1]}-${pad(match[2])}-${pad(match[3])}`;
}

/**
 * The value as it is stored and checked: full-width characters made half-width, blanks at
 * the ends dropped, and per kind what carries no meaning removed (spaces and dashes inside
 * an ID number, credit code or phone number), codes in upper case, dates as YYYY-MM-DD.
 * The form applies it when the clerk leaves a field; the core applies it on every save.
 */
export function normaliseFieldValue(kind: FieldKind | (string & {}), value: string): string {
  const text = halfWidth(value).trim();
  if (kind === 'resident-id' || kind === 'uscc' || kind === 'project-code')
    return text.replace(/[\s-]/g, '').toUpperCase();
  if (kind === 'mobile') return text.replace(/[\s-]/g, '');
  if (kind === 'id-valid-from') return normaliseDate(text);
  if (kind === 'id-valid-to') return text === '长期' ? text : normaliseDate(text);
  return text;
}
