import { z } from 'zod';

/**
 * The applicant's own screen (the second, applicant-facing display of a counter): what the
 * province profile says about it, the password rule checked as the applicant types, the
 * handover states the clerk sees and the national service evaluation (好差评). Pure: the
 * renderer, the core and the central simulator all use it.
 */

/** The profile's applicant-screen block (optional: a profile without it gets the defaults). */
export const applicantScreenProfileSchema = z.object({
  /** How the platform account gets its password: typed on the screen, or an activation SMS. */
  activation: z.enum(['password', 'sms']),
  /** Submit needs the password set on the applicant screen (registrations only). */
  passwordRequired: z.boolean(),
  /** The password may not contain the birth date of the ID number nor the mobile number. */
  passwordNotBirthDate: z.boolean(),
  passwordNotMobile: z.boolean(),
  /**
   * The applicant also signs on the touch screen (the printed forms stay the legal record):
   * the image is kept sealed on the case and printed on the receipt; `required` makes it a
   * step submit needs where this counter requires the applicant's screen.
   */
  signature: z.enum(['off', 'required']).default('off'),
  /** The personal-information notice; `{attachmentDays}` and `{personalDataDays}` are filled in. */
  consent: z.object({
    version: z.string().min(1),
    title: z.string().min(1),
    paragraphs: z.array(z.string().min(1)).min(1),
  }),
});
export type ApplicantScreenProfile = z.infer<typeof applicantScreenProfileSchema>;

/** Used where a profile has no block of its own. */
export const defaultApplicantScreen: ApplicantScreenProfile = {
  activation: 'password',
  passwordRequired: true,
  passwordNotBirthDate: true,
  passwordNotMobile: true,
  signature: 'off',
  consent: {
    version: 'default-1',
    title: '个人信息处理告知',
    paragraphs: [
      '为办理统一身份认证平台账号业务，本大厅将收集并保存您的身份证件信息、证件复印件及扫描件、联系电话和您签字的申请材料。',
      '证件扫描件在办件归档后保存 {attachmentDays} 天，其他个人信息保存 {personalDataDays} 天，期满后按规定清除；审计记录不含明文个人信息。',
      '上述信息仅用于本次办件和依法查询，不会用于其他用途。您的平台登录密码只由您本人在本屏幕设置，加密后直接发送平台，柜台和工作人员无法看到。',
    ],
  },
};

/**
 * What these rules read of a province profile; declared here, not imported, because the
 * profile's schema includes this module's block.
 */
interface ProfileRules {
  applicantScreen?: ApplicantScreenProfile | undefined;
  passwordRule: {
    minLength: number;
    maxLength: number;
    minClasses: number;
    mustNotContainUsername: boolean;
  };
}

/** The block of a profile, or the defaults. */
export function applicantScreenOf(profile: ProfileRules): ApplicantScreenProfile {
  return profile.applicantScreen ?? defaultApplicantScreen;
}

/** The consent text with the retention periods filled in. */
export function consentParagraphs(
  screen: ApplicantScreenProfile,
  retention: { attachmentDays: number; personalDataDays: number },
): string[] {
  return screen.consent.paragraphs.map((text) =>
    text
      .replaceAll('{attachmentDays}', String(retention.attachmentDays))
      .replaceAll('{personalDataDays}', String(retention.personalDataDays)),
  );
}

/** The whole password rule as the applicant's screen and the platform check it. */
export const applicantPasswordRuleSchema = z.object({
  minLength: z.number().int().positive(),
  maxLength: z.number().int().positive(),
  minClasses: z.number().int().min(1).max(4),
  mustNotContainUsername: z.boolean(),
  mustNotContainBirthDate: z.boolean(),
  mustNotContainMobile: z.boolean(),
});
export type ApplicantPasswordRule = z.infer<typeof applicantPasswordRuleSchema>;

/** The profile's password rule plus the applicant-screen additions. */
export function applicantPasswordRule(profile: ProfileRules): ApplicantPasswordRule {
  const screen = applicantScreenOf(profile);
  return {
    minLength: profile.passwordRule.minLength,
    maxLength: profile.passwordRule.maxLength,
    minClasses: profile.passwordRule.minClasses,
    mustNotContainUsername: profile.passwordRule.mustNotContainUsername,
    mustNotContainBirthDate: screen.passwordNotBirthDate,
    mustNotContainMobile: screen.passwordNotMobile,
  };
}

/** What a password must not contain: the login name, the birth date, the phone. */
export interface PasswordContext {
  loginName: string;
  /** YYYYMMDD from the ID number, or empty. */
  birthDate: string;
  mobile: string;
}

/** One line of the checklist under the password box. */
export interface PasswordCheck {
  text: string;
  met: boolean;
}

const CLASSES = [/\d/, /[A-Z]/, /[a-z]/, /[^A-Za-z0-9]/];

/** The birth date (YYYYMMDD) of an 18-digit resident ID number, or ''. */
export function birthDateOfIdNumber(idNumber: string): string {
  return /^\d{17}[\dXx]$/.test(idNumber) ? idNumber.slice(6, 14) : '';
}

/** Each condition of the rule in plain words, met or not, as the applicant types. */
export function passwordChecks(
  rule: ApplicantPasswordRule,
  password: string,
  context: PasswordContext,
): PasswordCheck[] {
  const chars = [...password];
  const classes = CLASSES.filter((re) => re.test(password)).length;
  const lower = password.toLowerCase();
  const checks: PasswordCheck[] = [
    {
      text: `长度 ${rule.minLength} 到 ${rule.maxLength} 位（现在 ${chars.length} 位）`,
      met: chars.length >= rule.minLength && chars.length <= rule.maxLength,
    },
    {
      text: `数字、大写字母、小写字母、符号中至少有 ${rule.minClasses} 种（现在 ${classes} 种）`,
      met: classes >= rule.minClasses,
    },
  ];
  const name = context.loginName.trim().toLowerCase();
  if (rule.mustNotContainUsername && name) {
    checks.push({ text: '不包含登录名', met: !lower.includes(name) });
  }
  if (rule.mustNotContainBirthDate && context.birthDate) {
    const short = context.birthDate.slice(2);
    checks.push({
      text: '不包含身份证上的出生日期',
      met: !password.includes(context.birthDate) && !password.includes(short),
    });
  }
  if (rule.mustNotContainMobile && context.mobile) {
    checks.push({ text: '不包含手机号', met: !password.includes(context.mobile) });
  }
  checks.push({ text: '只用键盘上的字母、数字和符号', met: /^[\x21-\x7e]*$/.test(password) });
  return checks;
}

/** True when every condition holds. */
export function passwordAccepted(
  rule: ApplicantPasswordRule,
  password: string,
  context: PasswordContext,
): boolean {
  return password.length > 0 && passwordChecks(rule, password, context).every((item) => item.met);
}

/**
 * HPKE (RFC 9180) as the counter and the platform use it for the applicant's password:
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM. The info names the purpose; the
 * associated data binds the ciphertext to one case on one counter under one platform key.
 */
export const SEALING_SUITE = 'X25519-HKDF-SHA256-AES128GCM';
export const SEALING_INFO = 'counter-desk applicant platform password v1';

/**
 * The info of the secrets an account operation asks the applicant for (Jilin's activation:
 * the new password; Jiangsu's upgrade: the legacy system's password and the administrator's
 * new one). Its plain text is a JSON object of `operationSecretsSchema`, so one sealing
 * carries them together and no secret is ever sealed under another's purpose.
 */
export const SEALING_INFO_SECRETS = 'counter-desk applicant operation secrets v1';

/**
 * The plain text sealed under SEALING_INFO_SECRETS. `loginName` is not a secret: it is the
 * account the applicant chose on the screen with this password (Jilin's 设置账密), sealed
 * with it so the platform sets the password on exactly that name, whatever the case's
 * values say by the time they arrive.
 */
export const operationSecretsSchema = z
  .object({
    newPassword: z.string().min(1).max(64),
    oldPassword: z.string().min(1).max(64),
    loginName: z.string().min(1).max(64),
  })
  .partial()
  .strict();
export type OperationSecrets = z.infer<typeof operationSecretsSchema>;

/** The associated data of one sealed password. */
export function sealingAad(input: {
  caseNumber: string;
  counterId: string;
  keyId: string;
}): string {
  return JSON.stringify([input.caseNumber, input.counterId, input.keyId]);
}

/** A sealed password as it travels (base64 of HPKE's enc and ciphertext). */
export const sealedSecretSchema = z.object({
  keyId: z.string().min(1).max(100),
  enc: z.string().regex(/^[A-Za-z0-9+/=]{1,200}$/),
  ct: z.string().regex(/^[A-Za-z0-9+/=]{1,400}$/),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

/** Where the handover of a case stands, as the clerk's screen shows it. */
export const handoverStates = [
  'none',
  'confirming',
  'correction',
  'confirmed',
  'password-set',
  'rated',
] as const;
export type HandoverState = (typeof handoverStates)[number];

export const handoverStateLabels: Record<HandoverState, string> = {
  none: '未交付',
  confirming: '申请人确认中',
  correction: '申请人认为有误',
  confirmed: '已确认',
  'password-set': '密码已设置',
  rated: '已评价',
};

/** The national government-service evaluation (好差评): five levels. */
export const ratingLevels = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type RatingLevel = (typeof ratingLevels)[number];

export const ratingLabels: Record<RatingLevel, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};

/** Points per level for the average (5 = 非常满意). */
export const ratingScore: Record<RatingLevel, number> = {
  'very-satisfied': 5,
  satisfied: 4,
  'basically-satisfied': 3,
  dissatisfied: 2,
  'very-dissatisfied': 1,
};

/** The short list of reasons offered for the two lowest levels. */
export const ratingReasons = [
  '等候时间长',
  '办理流程繁琐',
  '工作人员态度不好',
  '一次没办成',
  '告知不清楚',
] as const;

export const RATING_TEXT_MAX = 150;

/** The case codes of the applicant steps, for the submit check and the supervisor's exception. */
export const APPLICANT_STEP_CODES = {
  confirm: 'APPLICANT_CONFIRM',
  consent: 'APPLICANT_CONSENT',
  password: 'APPLICANT_PASSWORD',
  signature: 'APPLICANT_SIGNATURE',
} as const;

export const applicantStepLabels: Record<string, string> = {
  APPLICANT_CONFIRM: '申请人确认信息',
  APPLICANT_CONSENT: '申请人同意个人信息告知',
  APPLICANT_PASSWORD: '申请人设置平台登录密码',
  APPLICANT_SIGNATURE: '申请人在屏幕上签名',
};
