/**
 * Masks personal data for screens and lists (DESIGN.md Data: screens mask ID numbers and
 * phones unless a clerk reveals them). The patterns follow the usual practice of Chinese
 * government sites: enough left to tell two people apart at the counter, not to copy.
 */

/**
 * Keeps the first `head` and last `tail` characters and stars the rest; counted in code
 * points, so a draft's half-typed value never leaves half a character in a masked text.
 */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return `${chars.slice(0, head).join('')}${'*'.repeat(chars.length - head - tail)}${chars.slice(-tail).join('')}`;
}

/** '110101199003071234' -> '110***********1234'. */
export function maskIdNumber(value: string): string {
  return keepEnds(value, 3, 4);
}

/** '13812345678' -> '138****5678'. */
export function maskMobile(value: string): string {
  return keepEnds(value, 3, 4);
}

/** A person's name: '张三' -> '张*', '欧阳小明' -> '欧**明'. */
export function maskPersonName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return value;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** An address keeps its first six characters (province, city), the rest is hidden. */
export function maskAddress(value: string): string {
  const chars = [...value];
  return chars.length <= 6 ? value : `${chars.slice(0, 6).join('')}****`;
}

/** A date of birth is personal data too: only the year stays. */
export function maskBirthDate(value: string): string {
  const chars = [...value];
  return chars.length >= 4 ? `${chars.slice(0, 4).join('')}-**-**` : value;
}

/** The masker for a case value's field name (the part after the dot), or none. */
export function maskerFor(field: string): ((value: string) => string) | null {
  switch (field) {
    case 'idNumber':
      return maskIdNumber;
    case 'mobile':
      return maskMobile;
    case 'address':
      return maskAddress;
    case 'birthDate':
      return maskBirthDate;
    default:
      return null;
  }
}

/**
 * Masks every personal value of a case's flat `party.field` record. Organisation names and
 * credit codes are public registry data and stay; person names stay on the detail page where
 * the clerk works with the applicant, and are masked in lists by the caller.
 */
export function maskCaseValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const masker = maskerFor(key.slice(key.indexOf('.') + 1));
      return [key, masker && value ? masker(value) : value];
    }),
  );
}

/** Lists mask credit codes too: '91110108MA01ABCD2X' -> '9111**********CD2X'. */
export function maskCreditCode(value: string): string {
  return keepEnds(value, 4, 4);
}
