import { z } from 'zod';
import { caseNumberSchema } from './case-schemas';
import { anyUser, channel, supervisorOnly } from './define';
import { emptySchema, isoTimeSchema } from './schemas';

/** The sync indicator: how the line to the platform stands and how much waits to go. */
export const syncStatusSchema = z.object({
  state: z.enum(['not-configured', 'not-registered', 'online', 'failing', 'offline', 'waiting']),
  label: z.string(),
  detail: z.string(),
  queueLength: z.number().int(),
  reviewCount: z.number().int(),
  lastSuccessAt: isoTimeSchema.nullable(),
  offlineSince: isoTimeSchema.nullable(),
  nextRetryAt: isoTimeSchema.nullable(),
  /** Offline past the warning limit, or new cases frozen (MOSIP-style), with what to do. */
  notice: z
    .object({
      level: z.enum(['warning', 'frozen']),
      message: z.string(),
      nextStep: z.string(),
    })
    .nullable(),
  counterId: z.string().nullable(),
  registeredAt: isoTimeSchema.nullable(),
  platformUrl: z.string(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** One attempt of a case in the outbox, for the queue screen. */
export const syncEntrySchema = z.object({
  caseNumber: z.string(),
  attempt: z.number().int(),
  phase: z.enum(['send', 'poll']),
  phaseLabel: z.string(),
  tries: z.number().int(),
  lastError: z.string().nullable(),
  lastTriedAt: isoTimeSchema.nullable(),
  nextAttemptAt: isoTimeSchema,
  queuedAt: isoTimeSchema,
});
export type SyncEntry = z.infer<typeof syncEntrySchema>;

/** The channels: the sync indicator, the queue, retry now, counter registration. */
export const syncChannels = {
  'sync:status': channel({
    summary: '与中心平台的同步状态：在线/离线、待发送数量、最近成功时间',
    request: emptySchema,
    response: syncStatusSchema,
    access: anyUser,
    errors: [],
  }),
  'sync:queue': channel({
    summary: '待发送和等待平台核验的办件，含最近一次错误（全部，或一个办件的）',
    request: z.object({ caseNumber: caseNumberSchema.optional() }).strict(),
    response: z.array(syncEntrySchema),
    access: anyUser,
    errors: [],
  }),
  'sync:retryNow': channel({
    summary: '立即重试发送（全部或一个办件）',
    request: z.object({ caseNumber: caseNumberSchema.optional() }),
    response: syncStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'sync:verifyAuditAnchors': channel({
    summary: '与中心平台核对审计日志检查点：本机日志从哪一条起与平台所见不一致',
    request: emptySchema,
    response: z.object({
      state: z.enum(['match', 'diverged', 'no-anchors']),
      anchorsChecked: z.number().int(),
      lastMatchingId: z.number().int().nullable(),
      divergesFromId: z.number().int().nullable(),
      message: z.string(),
    }),
    access: supervisorOnly,
    errors: ['SYNC_NOT_CONFIGURED', 'SYNC_PLATFORM_UNREACHABLE'],
  }),
  'sync:registerCounter': channel({
    summary: '负责人：在中心平台登记本柜台的签名公钥（每台柜台一次）',
    request: z.object({
      enrolmentCode: z.string().trim().min(1, '请输入平台发放的登记码').max(64, '登记码过长'),
    }),
    response: syncStatusSchema,
    access: supervisorOnly,
    errors: ['SYNC_NOT_CONFIGURED', 'SYNC_REGISTRATION_REFUSED', 'SYNC_PLATFORM_UNREACHABLE'],
  }),
} as const;
