/**
 * Valid-looking identifiers for tests, computed here independently of the app's validators
 * (GB 11643 and GB 32100 as in IDCARD.md §5), so a bug in one is caught by the other.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number: 6-digit area, YYYYMMDD birth date, 3-digit sequence, check char. */
export function residentId(area: string, birthDate: string, sequence: string): string {
  const body = `${area}${birthDate.replaceAll('-', '')}${sequence}`;
  const sum = [...body].reduce((acc, digit, index) => acc + Number(digit) * ID_WEIGHTS[index]!, 0);
  return `${body}${ID_CHECK[sum % 11]}`;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code from its first 17 characters, with the GB 32100 check char. */
export function creditCode(first17: string): string {
  const sum = [...first17].reduce(
    (acc, char, index) => acc + USCC_CHARS.indexOf(char) * USCC_WEIGHTS[index]!,
    0,
  );
  return `${first17}${USCC_CHARS[(31 - (sum % 31)) % 31]}`;
}

/** The same code with its check character replaced by a wrong one. */
export function withWrongCheck(code: string, alphabet = USCC_CHARS): string {
  const last = code.at(-1) ?? '0';
  const wrong = [...alphabet].find((char) => char !== last) ?? '0';
  return `${code.slice(0, -1)}${wrong}`;
}
