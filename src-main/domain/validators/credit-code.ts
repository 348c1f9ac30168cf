import type { FieldIssue } from './field-issue';
import { fieldError, fieldWarning } from './field-issue';

// GB 32100-2015 (IDCARD.md §5.2): 31 characters without I, O, S, V, Z; weights 3^(i-1) mod 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The GB 32100 check character of the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

// GB 11714-1997 (IDCARD.md §5.3): the organisation code in positions 9-17.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Whether positions 9-17 form a valid GB 11714 organisation code. */
export function organisationCodeValid(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    const char = code9[i] ?? '0';
    const value = /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  const expected = check === 10 ? 'X' : check === 11 ? '0' : String(check);
  return code9[8] === expected;
}

/** Whether a text is a well-formed credit code with the right check character. */
export function isValidCreditCode(value: string): boolean {
  return FORMAT.test(value) && creditCodeCheckChar(value.slice(0, 17)) === value[17];
}

/**
 * Checks an 18-character unified social credit code: format and the GB 32100 check
 * character are errors; a GB 11714 failure of positions 9-17 is only a warning, because
 * codes of individual businesses may not carry a valid organisation code (IDCARD.md §5.3).
 */
export function creditCodeProblem(value: string): FieldIssue | null {
  const text = value.trim();
  if (text.length !== 18) {
    return fieldError(`统一社会信用代码应为 18 位，当前为 ${text.length} 位，请对照营业执照核对`);
  }
  if (text !== text.toUpperCase()) return fieldError('统一社会信用代码中的字母请用大写');
  if (!FORMAT.test(text)) {
    return fieldError('统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z），请对照执照核对');
  }
  if (creditCodeCheckChar(text.slice(0, 17)) !== text[17]) {
    return fieldError('统一社会信用代码校验位不正确，可能有字符输错，请对照执照逐位核对');
  }
  if (!organisationCodeValid(text.slice(8, 17))) {
    return fieldWarning('第 9-17 位不是有效的组织机构代码；个体工商户等可能如此，请再核对一次');
  }
  return null;
}
