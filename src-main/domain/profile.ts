import { z } from 'zod';
import { applicantScreenOf, applicantScreenProfileSchema } from './applicant';
import type { CaseTypeKey } from './case-type';
import { sameCaseType } from './case-type';
import { agentManagementSchema } from './agents';
import { institutionManagementSchema } from './institutions';
import { identityDocuments } from './validators/identity-document';
import { applicantSecretsOf, operationDefinitionSchema } from './operations/operation';
import { defaultPartyNames, partyNamesSchema } from './parties';

/**
 * A province profile: everything that differs between provinces, as data (DESIGN.md,
 * Province profiles). The files live in resources/profiles/; the code never asks which
 * province it is in.
 */

const code = z.string().regex(/^[a-z][a-z0-9-]*$/, '代码只能用小写字母、数字和连字符');

/** The kinds of form field, each with its own validator. */
export const fieldKinds = [
  'person-name',
  'resident-id',
  'uscc',
  'mobile',
  'text',
  'org-name',
  'org-name-en',
  'username',
  'email',
  'project-code',
  'id-valid-from',
  'id-valid-to',
  'remark',
  /** 委托日期 of a signed authorization letter (附录1-3: 委托有效期一个月). */
  'letter-date',
  /** One of the field's `options` (e.g. Jiangsu's three legacy systems). */
  'choice',
  /** A 6-digit SMS code the applicant reads from their phone (Jilin activation). */
  'sms-code',
  /** The chosen 证件类型 of the party; its `documents` list what may be chosen. */
  'id-type',
  /** A document number checked by the party's chosen 证件类型 (`party.idType`). */
  'id-document',
  /** A phone with its country code, for people outside the mainland (+852 …). */
  'phone-intl',
  /** 民族, as the seed's temporary-project form asks for the agent's. */
  'ethnicity',
] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** The printed documents (DOMAIN.md, Printed forms). */
export const formKinds = [
  'letter-person',
  'letter-legal',
  'letter-branch',
  'user-agreement',
  'checklist',
  'receipt',
  /** 申诉授权书 (Jilin appeals, seeds/004 五(二)). */
  'appeal-letter',
] as const;
export type FormKind = (typeof formKinds)[number];

export const fieldDefinitionSchema = z.object({
  key: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, '字段键须为 party.field 形式'),
  label: z.string().min(1),
  kind: z.enum(fieldKinds),
  required: z.boolean(),
  party: z.string().min(1),
  maxLength: z.number().int().positive().optional(),
  /** The values a `choice` field accepts, in the seed's words. */
  options: z.array(z.string().min(1)).optional(),
  /** What the seed says to type, shown in the empty field, e.g. 请输入中文名称(英文名称). */
  hint: z.string().optional(),
  /** For `id-type`: the documents the seed lets this party choose, the first as default. */
  documents: z.array(z.enum(identityDocuments)).min(1).optional(),
  /**
   * Who types the value. `applicant`: the applicant, on their own screen in the step where
   * they set the password (Jilin's 设置账密 sets the account too, seeds/004 五(一)); the
   * clerk's form shows it read-only, and it is required at submit, not before collecting.
   * Absent: the clerk, on the case form.
   */
  setBy: z.enum(['clerk', 'applicant']).optional(),
});
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

/** Whether the applicant sets this field on their own screen (never the clerk). */
export function setByApplicant(field: Pick<FieldDefinition, 'setBy'>): boolean {
  return field.setBy === 'applicant';
}

export const materialRequirementSchema = z.object({
  code,
  label: z.string().min(1),
  party: z.string().min(1),
  /** 原件备查: the clerk inspects the original and records that it was seen. */
  originalSeen: z.boolean(),
  /** A copy is kept in the archive. */
  copyArchived: z.boolean(),
  attestation: z.enum(['none', 'signature', 'seal', 'signature-and-seal']),
  /** Who signs or whose seal, in the table's words, e.g. '总公司公章'. */
  attestationBy: z.string(),
  /** The printed form this material is, when the app prints it. */
  form: z.enum(formKinds).optional(),
  /** The signed original itself is kept (附录1 原件): a scan alone does not satisfy it. */
  originalKept: z.boolean().optional(),
  /** A file the platform needs (an appeal's photos): at least one, of these types. */
  upload: z
    .object({ types: z.array(z.enum(['jpg', 'png', 'pdf', 'doc', 'xls'])).min(1) })
    .optional(),
});
export type MaterialRequirement = z.infer<typeof materialRequirementSchema>;

const caseTypeKeySchema = z.object({
  operation: code,
  subjectType: code,
  delegated: z.boolean(),
});

export const caseTypeDefinitionSchema = z.object({
  key: caseTypeKeySchema,
  title: z.string().min(1),
  channel: z.enum(['online', 'manual-review']),
  fields: z
    .array(fieldDefinitionSchema)
    .min(1)
    .superRefine((fields, ctx) => {
      // A value is stored under its key: a second field with the same key would show twice and
      // overwrite the first.
      const seen = new Set<string>();
      fields.forEach((field, index) => {
        if (seen.has(field.key)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'key'],
            message: `字段 ${field.key} 在同一办件事项中出现了两次`,
          });
        }
        seen.add(field.key);
      });
    }),
  materials: z.array(materialRequirementSchema),
  forms: z.array(z.enum(formKinds)),
});
export type CaseTypeDefinition = z.infer<typeof caseTypeDefinitionSchema>;

/** A login-name rule: length, pattern, and whether an email or a mobile number may stand in. */
export const usernameRuleSchema = z.object({
  minLength: z.number().int().positive(),
  maxLength: z.number().int().positive(),
  pattern: z.string(),
  description: z.string(),
  allowEmail: z.boolean(),
  allowMobile: z.boolean(),
});

export const provinceProfileSchema = z.object({
  id: code,
  name: z.string().min(1),
  ruleVersion: z.string().min(1),
  /** Which seed and table the rules come from, and what was assumed where a seed is silent. */
  source: z.string(),
  /**
   * The province's portal as its seed names it, and the user agreement's title: printed forms
   * and the checklist use these words, never a name built from the province.
   */
  portal: z.object({
    name: z.string().min(1),
    agreementTitle: z.string().min(1),
    /** The purpose written on 附录1-3 per operation, in the letters' own words. */
    purposes: z.record(z.string(), z.string().min(1)),
  }),
  /**
   * The one name of each person of a delegated case on the form, the checklist and the case
   * page, in the province's own forms' words, with the other names as hints.
   */
  parties: partyNamesSchema.default(defaultPartyNames),
  subjectTypes: z.array(
    z.object({
      code,
      name: z.string().min(1),
      kind: z.enum(['person', 'organisation']),
      credentialName: z.string(),
      identifier: z.enum(['resident-id', 'uscc', 'project-code', 'overseas-registration']),
      channel: z.enum(['online', 'manual-review']),
    }),
  ),
  /** The operations the counter offers, each with its platform call (domain/operations). */
  operations: z.array(operationDefinitionSchema),
  caseTypes: z.array(caseTypeDefinitionSchema).min(1),
  usernameRule: usernameRuleSchema,
  /**
   * The rule for natural persons' login names where it differs: Jilin's 8-20 starting with a
   * letter is the legal-person account's rule only (seeds/004).
   */
  personUsernameRule: usernameRuleSchema.optional(),
  passwordRule: z.object({
    minLength: z.number().int().positive(),
    maxLength: z.number().int().positive(),
    minClasses: z.number().int().min(1).max(4),
    mustNotContainUsername: z.boolean(),
    advice: z.string(),
    /**
     * Where the province's seed states this rule, or null where it states none: the profile
     * then carries Zhejiang's rule as advice and the platform's own check decides.
     */
    statedBy: z.string().nullable().default(null),
  }),
  agentLimits: z.object({
    administratorsMax: z.number().int().nonnegative(),
    agentsMax: z.number().int().nonnegative(),
    pendingPerPersonMax: z.number().int().positive(),
    rejectionsPerDay: z.number().int().positive(),
    mobileUniqueWithinCompany: z.boolean(),
    /** The limits the province's seed does not state: carried from Zhejiang, the platform decides. */
    notStated: z
      .array(
        z.enum([
          'administratorsMax',
          'agentsMax',
          'pendingPerPersonMax',
          'rejectionsPerDay',
          'mobileUniqueWithinCompany',
        ]),
      )
      .default([]),
  }),
  uploads: z.object({
    copyTypes: z.array(z.enum(['jpg', 'png', 'pdf', 'doc', 'xls'])).min(1),
    letterTypes: z.array(z.enum(['jpg', 'png', 'pdf', 'doc', 'xls'])).min(1),
    maxBytes: z.number().int().positive(),
  }),
  remarkMaxLength: z.number().int().positive(),
  /** The applicant's own screen: activation, consent notice (versioned), password extras. */
  applicantScreen: applicantScreenProfileSchema.optional(),
  refusals: z.array(
    z.object({
      code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
      platformMessage: z.string().min(1),
      meaning: z.string().min(1),
      nextStep: z.string().min(1),
    }),
  ),
  /** Who acts for a company and how the counter manages them; absent where the seed is silent. */
  agentManagement: agentManagementSchema.optional(),
  /** 机构管理 where the seed has it (Jiangsu). */
  institutionManagement: institutionManagementSchema.optional(),
});
export type ProvinceProfile = z.infer<typeof provinceProfileSchema>;

/**
 * Parses a profile file's JSON. A broken file fails with a Chinese message naming the path
 * of the first problem, e.g. `caseTypes.3.fields.0.kind`, so a hall's technician can fix it.
 */
export function parseProvinceProfile(json: unknown): ProvinceProfile {
  const result = provinceProfileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(根)';
    throw new Error(`省份配置第 ${path} 项有误：${issue?.message ?? '格式不正确'}`);
  }
  const profile = result.data;
  const known = (list: { code: string }[], value: string) => list.some((i) => i.code === value);
  profile.caseTypes.forEach((caseType, index) => {
    if (!known(profile.operations, caseType.key.operation)) {
      throw new Error(`省份配置第 caseTypes.${index}.key.operation 项有误：未定义的办理事项`);
    }
    if (!known(profile.subjectTypes, caseType.key.subjectType)) {
      throw new Error(`省份配置第 caseTypes.${index}.key.subjectType 项有误：未定义的主体类型`);
    }
    // The applicant types such a field in their password step: without one it could never be set.
    const field = caseType.fields.findIndex(setByApplicant);
    if (field >= 0 && !asksApplicantForPassword(profile, caseType.key.operation)) {
      throw new Error(
        `省份配置第 caseTypes.${index}.fields.${field}.setBy 项有误：该办件事项在申请人屏幕上没有设置密码的一步，申请人无处填写`,
      );
    }
  });
  return profile;
}

/**
 * Whether the applicant sets a password on their own screen for this operation: its own
 * secrets (激活, 升级), or a registration where the province sets the password at the counter.
 */
export function asksApplicantForPassword(profile: ProvinceProfile, operation: string): boolean {
  if (applicantSecretsOf(profile.operations, operation).length > 0) return true;
  return operation === 'register' && applicantScreenOf(profile).activation === 'password';
}

/** The definition of a case type in a profile, or undefined when the province lacks it. */
export function findCaseType(
  profile: ProvinceProfile,
  key: CaseTypeKey,
): CaseTypeDefinition | undefined {
  return profile.caseTypes.find((caseType) => sameCaseType(caseType.key, key));
}

/** Every case type a profile offers, in the file's order. */
export function listCaseTypes(profile: ProvinceProfile): CaseTypeDefinition[] {
  return [...profile.caseTypes];
}

/**
 * The profile's rules as they apply to one subject type: a natural person's login name
 * follows `personUsernameRule` where the province has one.
 */
export function profileForSubject(profile: ProvinceProfile, subjectType: string): ProvinceProfile {
  const kind = profile.subjectTypes.find((type) => type.code === subjectType)?.kind;
  if (kind !== 'person' || !profile.personUsernameRule) return profile;
  return { ...profile, usernameRule: profile.personUsernameRule };
}
