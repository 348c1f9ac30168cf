import type { CaseTypeDefinition, FieldDefinition, ProvinceProfile } from '../profile';
import { profileForSubject, setByApplicant } from '../profile';
import { missingCase } from '../missing-case';
import type { PartyNames } from '../parties';
import { usernameProblem } from './account';
import { creditCodeProblem } from './credit-code';
import type { FieldIssue } from './field-issue';
import { fieldError, fieldWarning } from './field-issue';
import { idValidityProblem } from './id-validity';
import { letterDateProblem } from './letter-date';
import {
  identityDocumentNames,
  identityDocumentOf,
  identityDocumentProblem,
} from './identity-document';
import { mobileProblem } from './mobile';
import { normaliseFieldValue } from './normalise';
import { projectCodeProblem } from './project-code';
import { birthDateFromResidentId, residentIdProblem } from './resident-id';

export type { FieldIssue } from './field-issue';
export { passwordProblem, usernameProblem, usernameRuleProblem } from './account';
export { creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from './credit-code';
export { expectedValidity, idValidityProblem, LONG_TERM } from './id-validity';
export { mobileProblem } from './mobile';
export { normaliseDate, normaliseFieldValue } from './normalise';
export { projectCodeProblem } from './project-code';
export {
  birthDateFromResidentId,
  residentIdCheckChar,
  residentIdProblem,
  sexFromResidentId,
} from './resident-id';
export { uploadProblem } from './upload';
export { letterDateProblem, letterValidUntil, prefilledLetterDates } from './letter-date';
export {
  identityDocumentNames,
  identityDocumentOf,
  identityDocumentProblem,
  identityDocuments,
} from './identity-document';
export type { IdentityDocument } from './identity-document';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

function personNameProblem(text: string): FieldIssue | null {
  if ([...text].length < 2) return fieldError('姓名至少 2 个字，请按证件填写');
  if (/\d/.test(text)) return fieldError('姓名不能包含数字，请按证件填写');
  if (!/^[\p{Script=Han}A-Za-z·•. ]+$/u.test(text)) {
    return fieldError('姓名只能包含汉字、字母和间隔号“·”，请按证件填写');
  }
  return null;
}

function birthDateOfParty(
  field: FieldDefinition,
  values: Readonly<Record<string, string>>,
): string {
  const idNumber = normaliseFieldValue('resident-id', values[`${field.party}.idNumber`] ?? '');
  return birthDateFromResidentId(idNumber) ?? '';
}

/** One field's own rule, without the required check. */
function valueProblem(
  profile: ProvinceProfile,
  field: FieldDefinition,
  text: string,
  values: Readonly<Record<string, string>>,
  today: Date,
): FieldIssue | null {
  switch (field.kind) {
    case 'person-name':
      return personNameProblem(text);
    case 'resident-id':
      return residentIdProblem(text, today);
    case 'uscc':
      return creditCodeProblem(text);
    case 'mobile':
      return mobileProblem(text);
    case 'org-name':
      return [...text].length < 2 ? fieldError('名称至少 2 个字，请按执照或证书填写') : null;
    case 'org-name-en':
      return /^[A-Za-z0-9 .,&()'-]+$/.test(text)
        ? null
        : fieldError('英文名称只能包含英文字母、数字和常用标点，请按登记证书填写');
    case 'text':
      return null;
    case 'remark':
      return [...text].length > profile.remarkMaxLength
        ? fieldError(`备注不能超过 ${profile.remarkMaxLength} 个字，请精简`)
        : null;
    case 'username':
      return usernameProblem(profile, text);
    case 'letter-date':
      return letterDateProblem(text, today);
    case 'choice':
      return (field.options ?? []).includes(text)
        ? null
        : fieldError(`请填写以下之一：${(field.options ?? []).join('、')}`);
    case 'sms-code':
      return /^\d{6}$/.test(text)
        ? null
        : fieldError('短信验证码为 6 位数字，请按申请人手机收到的短信填写');
    case 'email':
      return EMAIL.test(text) ? null : fieldError('电子邮箱格式不正确，例如 name@example.com');
    case 'project-code':
      return projectCodeProblem(text);
    case 'id-type': {
      const allowed = field.documents ?? ['resident-id'];
      return allowed.some((document) => document === text)
        ? null
        : fieldError(
            `${field.label}请从“${allowed.map((item) => identityDocumentNames[item]).join('、')}”中选择`,
          );
    }
    case 'id-document':
      return identityDocumentProblem(
        identityDocumentOf(values[`${field.party}.idType`]),
        text,
        today,
      );
    case 'phone-intl':
      return /^\+\d{1,4}[ -]?\d{4,14}$/.test(text)
        ? null
        : fieldError('联系电话请带国家或地区代码，例如 +852 91234567');
    case 'ethnicity':
      return /^\p{Script=Han}{1,10}$/u.test(text)
        ? null
        : fieldError('民族请按证件填写汉字，例如 汉族');
    case 'id-valid-from':
    case 'id-valid-to': {
      const from = normaliseFieldValue('id-valid-from', values[`${field.party}.idValidFrom`] ?? '');
      const to = normaliseFieldValue('id-valid-to', values[`${field.party}.idValidTo`] ?? '');
      const birth = birthDateOfParty(field, values);
      if (field.kind === 'id-valid-from') return idValidityProblem(from, to, birth, today, 'from');
      return idValidityProblem(from, to, birth, today, 'to');
    }
    default:
      return missingCase(field.kind);
  }
}

/**
 * Checks one field as the form and the core both do: required, length, its kind's rule.
 * Cross-field rules that involve this field (validity vs birth date) are included.
 */
export function validateField(
  profile: ProvinceProfile,
  field: FieldDefinition,
  values: Readonly<Record<string, string>>,
  today: Date,
): FieldIssue | null {
  const text = normaliseFieldValue(field.kind, values[field.key] ?? '');
  // The applicant sets such a field later, on their own screen: submit asks for it, not the form.
  if (!text)
    return field.required && !setByApplicant(field) ? fieldError(`请填写${field.label}`) : null;
  if (field.maxLength && [...text].length > field.maxLength) {
    return fieldError(
      `${field.label}不能超过 ${field.maxLength} 个字，当前 ${[...text].length} 个字，请精简`,
    );
  }
  return valueProblem(profile, field, text, values, today);
}

/** Two parties of one case who must be different people. */
const DISTINCT_PEOPLE: readonly [string, string, (names: PartyNames) => string][] = [
  [
    'applicant',
    'agent',
    (names) => `${names.agent.name}不能是${names.principal.name}本人；本人办理请选择“本人办理”`,
  ],
  [
    'legalRep',
    'agent',
    (names) => `${names.agent.name}与法定代表人（负责人）为同一人时，请选择“本人办理”`,
  ],
];

/** Every value of a case type as stored: each field normalised by its kind (normalise.ts). */
export function normaliseCaseValues(
  caseType: CaseTypeDefinition,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const kinds = new Map(caseType.fields.map((field) => [field.key, field.kind]));
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const kind = kinds.get(key);
      return [key, kind ? normaliseFieldValue(kind, value) : value.trim()];
    }),
  );
}

/**
 * Checks every field of a case type and the rules between fields. Returns the problems by
 * field key; an empty object means the form is complete and valid.
 */
export function validateCaseFields(
  profile: ProvinceProfile,
  caseType: CaseTypeDefinition,
  values: Readonly<Record<string, string>>,
  today: Date,
): Record<string, FieldIssue> {
  const issues: Record<string, FieldIssue> = {};
  const rules = profileForSubject(profile, caseType.key.subjectType);
  for (const field of caseType.fields) {
    const issue = validateField(rules, field, values, today);
    if (issue) issues[field.key] = issue;
  }
  for (const [first, second, message] of DISTINCT_PEOPLE) {
    const a = normaliseFieldValue('resident-id', values[`${first}.idNumber`] ?? '');
    const b = normaliseFieldValue('resident-id', values[`${second}.idNumber`] ?? '');
    const key = `${second}.idNumber`;
    if (a && b && a === b && !issues[key]) issues[key] = fieldError(message(profile.parties));
  }
  const mobiles = new Map<string, string>();
  for (const field of caseType.fields.filter((candidate) => candidate.kind === 'mobile')) {
    const mobile = normaliseFieldValue('mobile', values[field.key] ?? '');
    if (!mobile || issues[field.key]) continue;
    const other = mobiles.get(mobile);
    if (other && profile.agentLimits.mobileUniqueWithinCompany) {
      issues[field.key] = fieldWarning(
        `与“${other}”相同；平台要求同一单位下账号绑定的手机号不重复，请核对`,
      );
    }
    mobiles.set(mobile, field.label);
  }
  return issues;
}
