import { z } from 'zod';
import { caseNumberSchema } from './case-schemas';
import { anyUser, supervisorOnly, channel } from './define';
import { deviceStatusSchema, emptySchema } from './schemas';

/** A company CA certificate as read from the key, for the form and the clerk's eyes. */
export const caKeyCertificateSchema = z.object({
  companyName: z.string().nullable(),
  creditCode: z.string().nullable(),
  /** Where the code was found, in words, e.g. '证书扩展项 1.2.156.10260.4.1.4'. */
  creditCodeSource: z.string(),
  subject: z.string(),
  issuer: z.string(),
  issuerName: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  algorithm: z.string(),
  /** Whether this app can check the key's signature (not for SM2 certificates). */
  verifiable: z.boolean(),
  /** Shown beside the algorithm when the signature cannot be checked here. */
  verifyNote: z.string().nullable(),
  keyModel: z.string(),
  tokenLabel: z.string(),
  /** The training key's PIN, shown on the training screen only. */
  trainingPin: z.string().nullable(),
});
export type CaKeyCertificate = z.infer<typeof caKeyCertificateSchema>;

/** The certificate read into a case and whether its key proved possession. */
export const caseCaKeySchema = z.object({
  companyName: z.string().nullable(),
  creditCode: z.string().nullable(),
  fingerprintSha256: z.string(),
  issuer: z.string(),
  notAfter: z.string(),
  readAt: z.string(),
  readByName: z.string(),
  verifiedAt: z.string().nullable(),
  verifiedMethod: z.enum(['signature', 'pin']).nullable(),
});
export type CaseCaKey = z.infer<typeof caseCaKeySchema>;

/** A key's PIN as the applicant types it: passed to the key once, never stored or logged. */
const pinSchema = z.string().min(1, '请申请人输入 UKey 的 PIN 码').max(64, 'PIN 码过长');

/** The channels: the CA key's status, reading its certificate, proving possession. */
export const cakeyChannels = {
  'cakey:status': channel({
    summary: 'CA 证书 UKey 状态',
    request: emptySchema,
    response: deviceStatusSchema,
    access: anyUser,
    errors: [],
  }),
  'cakey:detectModules': channel({
    summary: '本机检测到的 UKey 驱动（PKCS#11 模块），供负责人在设置中选择',
    request: emptySchema,
    response: z.array(z.object({ vendor: z.string(), label: z.string(), path: z.string() })),
    access: supervisorOnly,
    errors: [],
  }),
  'cakey:readCertificate': channel({
    summary: '读取 UKey 中的单位 CA 证书（给出办件编号时记入该办件，并记入审计日志）',
    request: z.object({ caseNumber: caseNumberSchema.optional() }),
    response: z.object({
      certificate: caKeyCertificateSchema,
      caseRecord: caseCaKeySchema.nullable(),
    }),
    access: anyUser,
    errors: [
      'CASE_ASSIGNED_TO_OTHER',
      'CASE_ARCHIVED',
      'CAKEY_NOT_CONFIGURED',
      'CAKEY_ABSENT',
      'CAKEY_DRIVER_MISSING',
      'CAKEY_NO_CERTIFICATE',
      'CAKEY_CERTIFICATE_NOT_VALID',
      'CAKEY_REMOVED',
      'CAKEY_FAILED',
      'CASE_NOT_FOUND',
      'CASE_NOT_EDITABLE',
    ],
  }),
  'cakey:prove': channel({
    summary: '申请人输入 PIN 码，UKey 对随机数签名并验证（记入办件和审计日志，不记录 PIN）',
    request: z.object({ caseNumber: caseNumberSchema, pin: pinSchema }),
    response: caseCaKeySchema,
    access: anyUser,
    errors: [
      'CASE_ASSIGNED_TO_OTHER',
      'CASE_ARCHIVED',
      'CAKEY_NOT_READ',
      'CAKEY_CERTIFICATE_CHANGED',
      'CAKEY_CERTIFICATE_NOT_VALID',
      'CAKEY_PIN_INCORRECT',
      'CAKEY_PIN_LOCKED',
      'CAKEY_SIGNATURE_INVALID',
      'CAKEY_NOT_CONFIGURED',
      'CAKEY_ABSENT',
      'CAKEY_DRIVER_MISSING',
      'CAKEY_REMOVED',
      'CAKEY_FAILED',
      'CASE_NOT_FOUND',
      'CASE_NOT_EDITABLE',
    ],
  }),
  'cakey:caseRecord': channel({
    summary: '办件中已读取的 CA 证书及验证情况',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: caseCaKeySchema.nullable(),
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'cakey:unlockField': channel({
    summary: '解锁 CA 证书填入的字段以手工修改（记入审计日志）',
    request: z.object({ caseNumber: caseNumberSchema, field: z.string().min(1).max(60) }),
    response: emptySchema,
    access: anyUser,
    errors: ['CASE_ASSIGNED_TO_OTHER', 'CASE_ARCHIVED'],
  }),
} as const;
