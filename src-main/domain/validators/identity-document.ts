import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';
import { residentIdProblem } from './resident-id';

/**
 * The identity documents the seeds let a person register with (证件类型): each with its own
 * number format. The resident ID card and the 2023 permanent residence card carry GB 11643
 * numbers; the others have layouts of their own (IDCARD.md §3.1 for the 2017 'I' card).
 */
export const identityDocuments = [
  'resident-id',
  'hk-mo-permit',
  'tw-permit',
  'hmt-residence',
  'foreign-permanent',
  'passport',
] as const;
export type IdentityDocument = (typeof identityDocuments)[number];

/** The names as the platforms' 证件类型 lists show them. */
export const identityDocumentNames: Record<IdentityDocument, string> = {
  'resident-id': '居民身份证',
  'hk-mo-permit': '港澳居民来往内地通行证',
  'tw-permit': '台湾居民来往大陆通行证',
  'hmt-residence': '港澳台居民居住证',
  'foreign-permanent': '外国人永久居留身份证',
  passport: '护照',
};

/** The document a stored type value names, resident ID when empty or unknown. */
export function identityDocumentOf(value: string | undefined): IdentityDocument {
  return identityDocuments.find((item) => item === value) ?? 'resident-id';
}

/**
 * Checks a document number against its type. Each message names the document and the layout
 * it expects, so the clerk can compare with the card in hand.
 */
export function identityDocumentProblem(
  document: IdentityDocument,
  value: string,
  today: Date,
): FieldIssue | null {
  const number = value.trim().toUpperCase();
  switch (document) {
    case 'resident-id':
      return residentIdProblem(number, today);
    case 'hk-mo-permit':
      // 2013 onwards: H or M and 8 digits; older booklets add a 2-digit issue count.
      return /^[HM]\d{8}(\d{2})?$/.test(number)
        ? null
        : fieldError(
            '港澳居民来往内地通行证号码应为 H 或 M 开头加 8 位数字（旧版再加 2 位），请核对证件',
          );
    case 'tw-permit':
      return /^\d{8}$/.test(number)
        ? null
        : fieldError('台湾居民来往大陆通行证号码应为 8 位数字，请核对证件');
    case 'hmt-residence': {
      // Residence permits use GB 11643 numbers with area codes 810000 / 820000 / 830000.
      if (!/^8[123]0000/.test(number)) {
        return fieldError('港澳台居民居住证号码以 810000、820000 或 830000 开头，请核对证件');
      }
      return residentIdProblem(number, today);
    }
    case 'foreign-permanent': {
      // 2017 card ('I'): 3 letters (nationality) and 12 digits; 2023 card: 18 characters
      // in the resident ID layout, starting with 9 (IDCARD.md §3.1).
      if (/^[A-Z]{3}\d{12}$/.test(number)) return null;
      if (number.length === 18 && number.startsWith('9')) return residentIdProblem(number, today);
      return fieldError(
        '外国人永久居留身份证号码应为 3 个字母加 12 位数字（2017 版），或以 9 开头的 18 位号码（2023 版），请核对证件',
      );
    }
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(number)
        ? null
        : fieldError('护照号码应为 5-17 位字母或数字，请按护照资料页填写');
  }
}
