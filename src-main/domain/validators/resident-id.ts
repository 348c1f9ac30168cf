import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';

// GB 11643-1999 (IDCARD.md §5.1): weights 2^(18-i) mod 11, check table "10X98765432".
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The birth date (YYYY-MM-DD) an ID number carries, or null when it has none. */
export function birthDateFromResidentId(id: string): string | null {
  const match = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(id.trim().toUpperCase());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  if (!isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Sex from the sequence digit: odd is male (GB 11643). */
export function sexFromResidentId(id: string): '男' | '女' | null {
  const digit = /^\d{16}(\d)[\dX]$/i.exec(id.trim())?.[1];
  if (digit === undefined) return null;
  return Number(digit) % 2 === 1 ? '男' : '女';
}

function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Checks an 18-character resident ID number: layout, a real birth date not in the future,
 * and the GB 11643 check character (X upper case, as the platform stores it).
 */
export function residentIdProblem(value: string, today: Date): FieldIssue | null {
  const id = value.trim();
  if (id.length !== 18) {
    return fieldError(`身份证号码应为 18 位，当前为 ${id.length} 位，请核对证件后重新输入`);
  }
  if (!/^\d{17}[\dXx]$/.test(id)) {
    return fieldError('身份证号码前 17 位须为数字，最后一位为数字或大写 X');
  }
  if (id.endsWith('x')) return fieldError('身份证号码末位的 x 请输入大写 X');
  const birth = birthDateFromResidentId(id);
  if (!birth) return fieldError('身份证号码中的出生日期（第 7-14 位）不是有效日期，请核对');
  if (birth > localIsoDate(today)) {
    return fieldError('身份证号码中的出生日期晚于今天，请核对');
  }
  if (Number(birth.slice(0, 4)) < 1900) {
    return fieldError('身份证号码中的出生年份早于 1900 年，请核对');
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return fieldError('身份证号码校验位不正确，可能有数字输错，请对照证件逐位核对');
  }
  return null;
}
