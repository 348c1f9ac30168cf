import { z } from 'zod';
import {
  applicantPasswordRuleSchema,
  handoverStates,
  RATING_TEXT_MAX,
  ratingLevels,
  sealedSecretSchema,
} from '../domain/applicant';
import { applicantSecrets } from '../domain/operations/operation';
import { caseNumberSchema, caseValuesSchema } from './case-schemas';
import { usernameRuleSchema } from '../domain/profile';
import { anyUser, applicantScreenOnly, channel, supervisorOnly } from './define';
import { emptySchema, isoTimeSchema } from './schemas';

/** The handover panel on the clerk's case page. */
export const handoverStatusSchema = z.object({
  paired: z.boolean(),
  /** A browser screen paired by code (解除配对 applies), not the desktop shell's window. */
  pairedByCode: z.boolean(),
  handedOver: z.boolean(),
  /** Another case is on the applicant's screen right now. */
  busyWithOther: z.string().nullable(),
  state: z.enum(handoverStates),
  label: z.string(),
  confirmed: z.string().nullable(),
  consented: z.string().nullable(),
  passwordSet: z.boolean(),
  activation: z.enum(['password', 'sms']),
  rating: z.string().nullable(),
  /** This counter requires the applicant's steps before submit. */
  required: z.boolean(),
  /** The applicant steps submit still needs (their words), where required. */
  missing: z.array(z.string()),
  notice: z.object({ message: z.string(), nextStep: z.string() }).nullable(),
});
export type HandoverStatus = z.infer<typeof handoverStatusSchema>;

/**
 * A field the applicant sets in the password step (Jilin's 设置账密: the account), with what
 * the case holds now and, for a login name, the rule the page checks as the applicant types.
 */
export const applicantFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.string(),
  value: z.string(),
  maxLength: z.number().int().nullable(),
  usernameRule: usernameRuleSchema.nullable(),
});
export type ApplicantField = z.infer<typeof applicantFieldSchema>;

const passwordStepSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('password'),
    set: z.boolean(),
    /** The step's heading in the operation's words (设置平台登录密码, 设置账密, ...). */
    title: z.string(),
    /** What the applicant types: the new password, and for an upgrade the old one first. */
    asks: z.array(z.enum(applicantSecrets)),
    /** `password`: the new password alone (registration); `secrets`: a JSON of `asks`. */
    envelope: z.enum(['password', 'secrets']),
    /** For the old password: the legacy system and 原用户名 it belongs to. */
    legacy: z.object({ system: z.string(), username: z.string() }).nullable(),
    /** Fields the applicant sets here too, sent with the sealed password; empty for most. */
    fields: z.array(applicantFieldSchema),
    rule: applicantPasswordRuleSchema,
    /** `loginName` is the stored one; where the applicant sets it, the page uses the typed one. */
    context: z.object({ loginName: z.string(), birthDate: z.string(), mobile: z.string() }),
    sealing: z
      .object({
        keyId: z.string(),
        suite: z.string(),
        publicKey: z.string(),
        info: z.string(),
        aad: z.string(),
      })
      .nullable(),
  }),
  z.object({ mode: z.literal('sms'), maskedMobile: z.string() }),
  z.object({ mode: z.literal('none') }),
]);

/** The applicant screen's state: the welcome, or the one case handed to it. */
export const applicantViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle'), hallName: z.string() }),
  z.object({
    kind: z.literal('case'),
    hallName: z.string(),
    caseNumber: z.string(),
    title: z.string(),
    /** The applicant's own data, in full: shown only to its owner while handed over. */
    fields: z.array(z.object({ label: z.string(), value: z.string() })),
    loginName: z.string(),
    papers: z.array(z.string()),
    stage: z.enum(['prepare', 'rating']),
    confirmAnswer: z.enum(['correct', 'incorrect']).nullable(),
    consent: z.object({
      version: z.string(),
      title: z.string(),
      paragraphs: z.array(z.string()),
      given: z.boolean().nullable(),
    }),
    password: passwordStepSchema,
    /** Signing on the screen, where the province uses it (not after submit). */
    signature: z.object({ signed: z.boolean() }).nullable(),
    rating: z.string().nullable(),
    ratingReasons: z.array(z.string()),
    idleLeftMs: z.number().int(),
  }),
]);
export type ApplicantView = z.infer<typeof applicantViewSchema>;

/** The pinned sealing key as the supervisor's setting shows it (public data only). */
export const sealingKeyStateSchema = z.object({
  keyId: z.string().nullable(),
  previousKeyId: z.string().nullable(),
  pinnedAt: z.string().nullable(),
  /** True when this call pinned a new key. */
  changed: z.boolean(),
});
export type SealingKeyState = z.infer<typeof sealingKeyStateSchema>;

/** The counter's PIN pad (密码键盘): none, or a serial pad speaking PP1 (docs/pinpad.md). */
export const pinpadSettingsSchema = z.object({
  kind: z.enum(['none', 'serial']),
  port: z.string().trim().max(120, '端口名过长'),
  baudRate: z.union([
    z.literal(9600),
    z.literal(19200),
    z.literal(38400),
    z.literal(57600),
    z.literal(115200),
  ]),
});
export type PinpadSettings = z.infer<typeof pinpadSettingsSchema>;

/** The settings and, after a change, whether the pad answered (its model) or what is wrong. */
export const pinpadStateSchema = pinpadSettingsSchema.extend({
  model: z.string().nullable(),
  problem: z.string().nullable(),
});

/** One key press of the PIN pad, as only the applicant's page receives it. */
export const pinpadKeySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('char'), char: z.string().regex(/^[\x20-\x7e]$/) }),
  z.object({ type: z.enum(['backspace', 'enter', 'clear', 'cancel']) }),
]);

export type PinpadKeyEvent = z.infer<typeof pinpadKeySchema>;

const okSchema = z.object({ ok: z.literal(true) });
const caseRequest = z.object({ caseNumber: caseNumberSchema });

/** The applicant's screen (role `applicant`) and the clerk's handover of a case to it. */
export const applicantChannels = {
  'handover:pairingCode': channel({
    summary: '生成申请人屏幕配对码（5 分钟内有效，只能用一次）',
    request: emptySchema,
    response: z.object({ code: z.string(), expiresAt: isoTimeSchema }),
    access: anyUser,
    errors: [],
  }),
  'handover:unpair': channel({
    summary: '解除配对：申请人屏幕回到输入配对码的画面（桌面版的申请人窗口不受影响）',
    request: emptySchema,
    response: z.object({ paired: z.boolean() }),
    access: anyUser,
    errors: [],
  }),
  'handover:status': channel({
    summary: '办件在申请人屏幕上的状态',
    request: caseRequest,
    response: handoverStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'handover:start': channel({
    summary: '交给申请人确认',
    request: caseRequest,
    response: handoverStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND', 'APPLICANT_SCREEN_NOT_PAIRED', 'CASE_TRANSITION_REFUSED'],
  }),
  'handover:takeBack': channel({
    summary: '收回申请人屏幕',
    request: caseRequest,
    response: handoverStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'handover:settings': channel({
    summary: '本柜台是否要求申请人屏幕上的确认、同意和密码',
    request: emptySchema,
    response: z.object({ required: z.boolean() }),
    access: anyUser,
    errors: [],
  }),
  'handover:setRequired': channel({
    summary: '负责人设置：提交前须经申请人屏幕确认',
    request: z.object({ required: z.boolean() }),
    response: z.object({ required: z.boolean() }),
    access: supervisorOnly,
    errors: [],
  }),
  'handover:sealingKey': channel({
    summary: '本柜台固定的平台加密公钥（编号、固定时间、上一个编号）',
    request: emptySchema,
    response: sealingKeyStateSchema,
    access: anyUser,
    errors: [],
  }),
  'handover:refreshSealingKey': channel({
    summary: '更新平台密钥：取平台当前公钥，用已固定的公钥验证后固定',
    request: emptySchema,
    response: sealingKeyStateSchema,
    access: supervisorOnly,
    errors: [
      'APPLICANT_SEALING_KEY_NOT_REGISTERED',
      'APPLICANT_SEALING_KEY_UNVERIFIED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'handover:pinpad': channel({
    summary: '本柜台的密码键盘设置',
    request: emptySchema,
    response: pinpadStateSchema,
    access: anyUser,
    errors: [],
  }),
  'handover:setPinpad': channel({
    summary: '负责人设置密码键盘（串口、波特率），并试连一次',
    request: pinpadSettingsSchema,
    response: pinpadStateSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'applicant:pinpadKeys': channel({
    summary: '申请人屏幕取密码键盘的按键（仅在设置密码这一步，最多等待数秒）',
    request: caseRequest.extend({ stop: z.boolean().optional() }),
    response: z.object({
      pad: z.enum(['absent', 'ready', 'unavailable']),
      keys: z.array(pinpadKeySchema),
    }),
    access: applicantScreenOnly,
    errors: ['APPLICANT_SCREEN_NOT_PAIRED'],
  }),
  'applicant:pair': channel({
    summary: '申请人屏幕用配对码与柜台配对',
    request: z.object({ code: z.string().regex(/^\d{6}$/, '请输入 6 位数字配对码') }),
    response: z.object({ paired: z.literal(true) }),
    access: applicantScreenOnly,
    errors: ['APPLICANT_PAIRING_INVALID', 'APPLICANT_PAIRING_LOCKED'],
  }),
  'applicant:view': channel({
    summary: '申请人屏幕当前显示的内容',
    request: emptySchema,
    response: applicantViewSchema,
    access: applicantScreenOnly,
    errors: ['APPLICANT_SCREEN_NOT_PAIRED'],
  }),
  'applicant:touch': channel({
    summary: '申请人在屏幕上有操作（重新计算 2 分钟无操作清屏）',
    request: emptySchema,
    response: z.object({}),
    access: applicantScreenOnly,
    errors: ['APPLICANT_SCREEN_NOT_PAIRED'],
  }),
  'applicant:confirm': channel({
    summary: '申请人：确认无误 / 有误，请柜员修改',
    request: caseRequest.extend({ correct: z.boolean() }),
    response: okSchema,
    access: applicantScreenOnly,
    errors: [
      'APPLICANT_SCREEN_NOT_PAIRED',
      'APPLICANT_NOT_HANDED_OVER',
      'APPLICANT_STEP_OUT_OF_ORDER',
    ],
  }),
  'applicant:consent': channel({
    summary: '申请人：同意 / 不同意个人信息处理告知',
    request: caseRequest.extend({ agree: z.boolean(), version: z.string().min(1).max(100) }),
    response: okSchema,
    access: applicantScreenOnly,
    errors: [
      'APPLICANT_SCREEN_NOT_PAIRED',
      'APPLICANT_NOT_HANDED_OVER',
      'APPLICANT_STEP_OUT_OF_ORDER',
    ],
  }),
  'applicant:setPassword': channel({
    summary:
      '申请人：设置平台登录密码（在申请人屏幕上加密，柜台无法解开），及本步由申请人设置的账号等信息',
    request: caseRequest.extend({
      sealed: sealedSecretSchema,
      /** The values of the case type's applicant-set fields (`setBy: applicant`). */
      values: caseValuesSchema.optional(),
    }),
    response: okSchema,
    access: applicantScreenOnly,
    errors: [
      'APPLICANT_SCREEN_NOT_PAIRED',
      'APPLICANT_NOT_HANDED_OVER',
      'APPLICANT_STEP_OUT_OF_ORDER',
      'APPLICANT_VALUE_INVALID',
      'APPLICANT_PASSWORD_NOT_USED',
      'APPLICANT_SEALING_KEY_MISSING',
      'APPLICANT_SEALING_KEY_CHANGED',
    ],
  }),
  'applicant:rate': channel({
    summary: '申请人：好差评',
    request: caseRequest.extend({
      level: z.enum(ratingLevels),
      reasons: z.array(z.string().max(30)).max(10),
      text: z.string().max(RATING_TEXT_MAX, `请不超过 ${RATING_TEXT_MAX} 字`),
    }),
    response: okSchema,
    access: applicantScreenOnly,
    errors: [
      'APPLICANT_SCREEN_NOT_PAIRED',
      'APPLICANT_NOT_HANDED_OVER',
      'APPLICANT_RATING_NOT_YET',
    ],
  }),
} as const;
