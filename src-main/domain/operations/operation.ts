import { z } from 'zod';

/**
 * An operation of the platform as a province offers it at the counter (register, the
 * modifications, lookup, ...): data in the profile's `operations` list, so a province
 * without an operation simply does not list it and the counter never shows it.
 */

/** The platform call an operation makes (resources/central-api.openapi.yaml). */
export const operationCalls = [
  'register', // POST /v1/cases: a new account
  'modify', // POST /v1/cases: a structured change the platform applies itself
  'lookup', // POST /v1/accounts/lookup: answered at once, no case
  'appeal', // POST /v1/cases: 申诉, decided by the platform's staff (受理中 → 通过 / 驳回)
  'activate', // POST /v1/activations/sms, then POST /v1/cases: 账号激活 (Jilin)
  'upgrade', // POST /v1/cases: 地市历史用户升级 (Jiangsu), the old password from the applicant
] as const;
export type OperationCall = (typeof operationCalls)[number];

/** What a modification changes; the platform applies each kind without reading free text. */
export const changeKinds = [
  'reserved-phone', // 002 FAQ 8: the old phone no longer receives codes
  'legal-rep', // the legal representative or the branch head changed
  'registration', // 002 FAQ 10: the registered details failed the real-name check
  'name', // the unit changed its name
  'password', // a reset: the platform texts the reserved phone, the applicant sets the password
  'other', // what no form covers: a remark of at most 150 characters, read by a person
] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** How an account may be looked up (001 忘记用户名: 手机号和单位编号). */
export const lookupKeys = ['id-number', 'credit-code', 'phone-and-unit'] as const;
export type LookupKey = (typeof lookupKeys)[number];

/**
 * A secret only the applicant may type, on the applicant's own screen (DESIGN.md, Three
 * people, two screens): an operation that needs one is refused at a counter without it.
 */
export const applicantSecrets = ['newPassword', 'oldPassword'] as const;
export type ApplicantSecret = (typeof applicantSecrets)[number];

const code = z.string().regex(/^[a-z][a-z0-9-]*$/, '代码只能用小写字母、数字和连字符');

export const operationDefinitionSchema = z.object({
  code,
  name: z.string().min(1),
  /** The platform call; absent in older profile files, where it is read as the code. */
  call: z.enum(operationCalls).optional(),
  /** For a modification: what it changes. */
  change: z.enum(changeKinds).optional(),
  /** One line for the clerk on when to choose it. */
  description: z.string().optional(),
  /** For a lookup: the keys the platform accepts. */
  lookupBy: z.array(z.enum(lookupKeys)).optional(),
  /** The operation opens an account that must not exist yet (辅助企业注册申诉). */
  opensAccount: z.boolean().optional(),
  /** Secrets the applicant types on their own screen before the case can go out. */
  applicantSecrets: z.array(z.enum(applicantSecrets)).optional(),
});
export type OperationDefinition = z.infer<typeof operationDefinitionSchema>;

/** The call an operation makes, reading old files (register / modify only) by their code. */
export function operationCall(operation: OperationDefinition): OperationCall | null {
  if (operation.call) return operation.call;
  return operation.code === 'register' || operation.code === 'modify' ? operation.code : null;
}

/** The words for each lookup key on the lookup screen. */
export const lookupKeyLabels: Record<LookupKey, string> = {
  'id-number': '按身份证号',
  'credit-code': '按统一社会信用代码',
  'phone-and-unit': '按手机号和单位编号',
};

/**
 * The secrets the applicant types on their own screen for an operation of the profile (none
 * for an operation that asks for none, or one the profile does not list).
 */
export function applicantSecretsOf(
  operations: readonly OperationDefinition[],
  code: string,
): ApplicantSecret[] {
  return [...(operations.find((item) => item.code === code)?.applicantSecrets ?? [])];
}
