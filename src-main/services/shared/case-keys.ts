import { isValidCreditCode, residentIdCheckChar } from '../../domain/validators';
import type { CaseKey } from '../../store/repositories/cases';

/** How a case is listed: the organisation and its code, else the applicant and ID number. */
export interface CaseDisplay {
  name: string;
  key: string;
  isOrganisation: boolean;
}

/** The name and code a case is listed under (unmasked: the list masks them). */
export function caseDisplay(values: Readonly<Record<string, string>>): CaseDisplay {
  const company = values['company.name']?.trim();
  if (company) {
    return {
      name: company,
      // A temporary project has no credit code: its 18-character project code identifies it.
      key: (values['company.creditCode'] || values['company.projectCode'] || '')
        .trim()
        .toUpperCase(),
      isOrganisation: true,
    };
  }
  return {
    name: values['applicant.name']?.trim() ?? '',
    key: values['applicant.idNumber']?.trim().toUpperCase() ?? '',
    isOrganisation: false,
  };
}

/**
 * Every search key of a case's values: each party's ID number and credit code (upper case,
 * as the platform stores them) and each name, so a case is found by its agent too.
 */
export function caseSearchKeys(values: Readonly<Record<string, string>>): CaseKey[] {
  const keys: CaseKey[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const value = raw.trim();
    if (!value) continue;
    const field = key.slice(key.indexOf('.') + 1);
    if (field === 'idNumber') keys.push({ kind: 'id-number', value: value.toUpperCase() });
    else if (field === 'creditCode') keys.push({ kind: 'credit-code', value: value.toUpperCase() });
    else if (field === 'name' || field === 'nameEn') keys.push({ kind: 'name', value });
  }
  return keys;
}

/** What a search box holds: a case number, an 18-character code, or a name. */
export type SearchQuery =
  | { kind: 'case-number'; value: string }
  | { kind: 'code'; value: string; kinds: ('id-number' | 'credit-code')[] }
  | { kind: 'name'; value: string };

const CASE_NUMBER = /^[0-9A-Z]{4,12}-\d{8}-\d{4,}$/;
const EIGHTEEN_CHAR_CODE = /^[0-9A-Z]{18}$/;

/**
 * Reads the clerk's search text. An 18-character code may be an ID number or a credit code
 * (an all-digit one can be either), so it is looked up as both.
 */
export function parseSearchQuery(text: string): SearchQuery {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (CASE_NUMBER.test(upper)) return { kind: 'case-number', value: upper };
  if (EIGHTEEN_CHAR_CODE.test(upper)) {
    // The check characters tell the two apart; a code that passes neither (a typo) is
    // still looked up as both, so a case typed with that typo is found again.
    const kinds: ('id-number' | 'credit-code')[] = [];
    if (residentIdCheckChar(upper.slice(0, 17)) === upper[17]) kinds.push('id-number');
    if (isValidCreditCode(upper)) kinds.push('credit-code');
    return {
      kind: 'code',
      value: upper,
      kinds: kinds.length > 0 ? kinds : ['id-number', 'credit-code'],
    };
  }
  return { kind: 'name', value: trimmed };
}
