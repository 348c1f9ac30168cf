import type { FieldIssue } from './field-issue';
import { fieldError, fieldWarning } from './field-issue';

/** The validity text a long-term card carries. */
export const LONG_TERM = '长期';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(text: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whole years between two dates (age on the later one). */
function yearsBetween(
  from: { y: number; m: number; d: number },
  to: { y: number; m: number; d: number },
): number {
  const before = to.m < from.m || (to.m === from.m && to.d < from.d);
  return to.y - from.y - (before ? 1 : 0);
}

/**
 * The period a card issued at that age runs (Resident Identity Card Law art. 5): under 16,
 * five years; 16-25, ten; 26-45, twenty; 46 and over, long-term.
 */
export function expectedValidity(ageAtIssue: number): 5 | 10 | 20 | 'long-term' {
  if (ageAtIssue < 16) return 5;
  if (ageAtIssue <= 25) return 10;
  if (ageAtIssue <= 45) return 20;
  return 'long-term';
}

/** Why a date text is not a date: not in the YYYY-MM-DD layout, or no such day. */
function dateProblem(text: string, label: string, longTermAllowed: boolean): FieldIssue | null {
  if (parseDate(text)) return null;
  if (ISO_DATE.test(text)) {
    return fieldError(`${label}“${text}”不是实际存在的日期，请对照证件背面核对`);
  }
  const layout = longTermAllowed
    ? 'YYYY-MM-DD（如 2015-03-01）或“长期”'
    : 'YYYY-MM-DD（如 2015-03-01）';
  return fieldError(`${label}应为 ${layout}，请对照证件背面填写`);
}

/**
 * Checks an ID card's validity period: real dates, end after start, a 5, 10 or 20 year
 * period or long-term consistent with the holder's age at issue, and not expired. An
 * inconsistent period is a warning (replacement cards keep odd periods); expiry is an error.
 * `part` says which field asks: 有效期起 hears only about its own date, 有效期止 about its
 * own date and about the pair, so a problem of the pair shows once, under 有效期止.
 */
export function idValidityProblem(
  from: string,
  to: string,
  birthDate: string,
  today: Date,
  part: 'from' | 'to' | 'both' = 'both',
): FieldIssue | null {
  const fromText = from.trim();
  const toText = to.trim();
  if (part !== 'to') {
    const problem = dateProblem(fromText, '有效期起', false);
    if (problem) return problem;
    if (fromText > localIsoDate(today)) return fieldError('有效期起晚于今天，请核对');
    if (part === 'from') return null;
  }
  if (toText !== LONG_TERM) {
    const problem = dateProblem(toText, '有效期止', true);
    if (problem) return problem;
    if (toText < localIsoDate(today)) {
      return fieldError('身份证已过期，请申请人持有效身份证件（或临时身份证）办理');
    }
  }
  // The pair, when the start is a usable date.
  const start = parseDate(fromText);
  if (!start || fromText > localIsoDate(today)) return null;
  const birth = parseDate(birthDate);
  const age = birth ? yearsBetween(birth, start) : null;
  if (toText === LONG_TERM) {
    if (age !== null && age < 46) {
      return fieldWarning(`签发时持证人 ${age} 岁，按规定不应为长期有效，请核对证件`);
    }
    return null;
  }
  const end = parseDate(toText);
  if (!end) return null;
  if (toText <= fromText) return fieldError('有效期止须晚于有效期起，请核对');
  const years = end.y - start.y;
  if (![5, 10, 20].includes(years) || end.m !== start.m || end.d !== start.d) {
    return fieldWarning('有效期应为 5 年、10 年、20 年或长期，请核对证件背面的日期');
  }
  if (age !== null && expectedValidity(age) !== years) {
    return fieldWarning(`签发时持证人 ${age} 岁，有效期一般不是 ${years} 年，请核对证件`);
  }
  return null;
}
