import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(text: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The last day a letter signed on that day is valid: one calendar month later, the same day
 * of the next month, or that month's last day when it is shorter (signed 1月31日, valid to
 * 2月28日 or 29日). 附录1-3: 委托有效期一个月.
 */
export function letterValidUntil(signedOn: string): string | null {
  const day = parseDay(signedOn);
  if (!day) return null;
  const nextMonth = day.m === 12 ? { y: day.y + 1, m: 1 } : { y: day.y, m: day.m + 1 };
  const lastOfNext = new Date(Date.UTC(nextMonth.y, nextMonth.m, 0)).getUTCDate();
  return `${nextMonth.y}-${pad(nextMonth.m)}-${pad(Math.min(day.d, lastOfNext))}`;
}

/** The counter's local day as YYYY-MM-DD. */
function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A 委托日期 recorded from the signed letter: a real date, not in the future, and the letter
 * still within its month. An expired letter blocks submitting and resubmitting.
 */
export function letterDateProblem(text: string, today: Date): FieldIssue | null {
  const until = letterValidUntil(text);
  if (!until) return fieldError('委托日期格式应为 YYYY-MM-DD，请按委托书上的日期填写');
  const now = localDay(today);
  if (text > now) return fieldError('委托日期晚于今天，请按委托书上的签字日期填写');
  if (now > until) {
    return fieldError(
      `委托书已过有效期（委托有效期一个月，至 ${until}），请让原签字人（个人或法定代表人）重新签署委托书后按新日期填写`,
    );
  }
  return null;
}

/**
 * What a new case starts with where it carries a letter: 委托日期 is today's date, the day the
 * counter prints the letter for signing and the date printed on it. A letter brought in signed
 * on another day is recorded with its own date instead (the field stays editable).
 */
export function prefilledLetterDates(
  fields: readonly { key: string; kind: string; required: boolean }[],
  today: Date,
): Record<string, string> {
  return Object.fromEntries(
    fields
      .filter((field) => field.kind === 'letter-date' && field.required)
      .map((field) => [field.key, localDay(today)]),
  );
}
