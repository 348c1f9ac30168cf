import { z } from 'zod';
import { caseNumberSchema } from './case-schemas';
import { anyUser, channel, supervisorOnly } from './define';
import { emptySchema, isoTimeSchema } from './schemas';

/** Where a case stands towards the archive and the retention purge, for its detail page. */
export const caseArchiveStatusSchema = z.object({
  caseNumber: z.string(),
  archived: z.boolean(),
  archivedAt: isoTimeSchema.nullable(),
  archivedByName: z.string().nullable(),
  attachmentsPurgedAt: isoTimeSchema.nullable(),
  personalDataPurgedAt: isoTimeSchema.nullable(),
  /** Whether the caller may archive it now; otherwise `problem` says why and what to do. */
  canArchive: z.boolean(),
  /** A refused case is archived only with a reason: it will not be submitted again. */
  needsReason: z.boolean(),
  problem: z.object({ message: z.string(), nextStep: z.string() }).nullable(),
  /**
   * The printed forms whose signed copy has not come back to a finished case (submitted
   * under an exception): the applicant may bring them later, before the archive.
   */
  unsignedForms: z.array(z.string()),
});
export type CaseArchiveStatus = z.infer<typeof caseArchiveStatusSchema>;

/** What one archive batch did. */
export const archiveBatchResultSchema = z.object({
  archived: z.array(z.string()),
  skipped: z.array(z.object({ caseNumber: z.string(), reason: z.string() })),
  ranAt: isoTimeSchema,
});
export type ArchiveBatchResult = z.infer<typeof archiveBatchResultSchema>;

/** The supervisor's archive and retention settings. */
export const retentionSettingsSchema = z.object({
  dailyArchive: z.boolean(),
  dailyPurge: z.boolean(),
  dailyRunHour: z
    .number()
    .int('请输入 0-23 的整点')
    .min(0, '请输入 0-23 的整点')
    .max(23, '请输入 0-23 的整点'),
  attachmentDays: z
    .number()
    .int('请输入整数天数')
    .min(1, '附件保存期限至少 1 天')
    .max(36500, '保存期限不能超过 36500 天'),
  personalDataDays: z
    .number()
    .int('请输入整数天数')
    .min(1, '个人信息保存期限至少 1 天')
    .max(36500, '保存期限不能超过 36500 天'),
});
export type RetentionSettingsView = z.infer<typeof retentionSettingsSchema>;

/** The retention screen: the settings and when the daily run last happened. */
export const retentionOverviewSchema = z.object({
  settings: retentionSettingsSchema,
  lastDailyRunDay: z.string().nullable(),
  lastBatch: archiveBatchResultSchema.nullable(),
  archivedCount: z.number().int(),
  awaitingArchiveCount: z.number().int(),
});
export type RetentionOverview = z.infer<typeof retentionOverviewSchema>;

/** What a purge will remove, shown before it runs. */
export const purgePreviewSchema = z.object({
  previewId: z.string(),
  createdAt: isoTimeSchema,
  attachmentCutoff: isoTimeSchema,
  personalDataCutoff: isoTimeSchema,
  attachments: z.object({
    caseNumbers: z.array(z.string()),
    rows: z.number().int(),
    files: z.number().int(),
    bytes: z.number().int(),
  }),
  personalData: z.object({ caseNumbers: z.array(z.string()) }),
});
export type PurgePreview = z.infer<typeof purgePreviewSchema>;

/** A purge's progress, polled while it runs in the background. */
export const purgeProgressSchema = z.object({
  state: z.enum(['idle', 'running', 'done', 'failed']),
  previewId: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  result: z
    .object({
      attachmentCases: z.number().int(),
      attachmentRows: z.number().int(),
      files: z.number().int(),
      personalDataCases: z.number().int(),
    })
    .nullable(),
  error: z.string().nullable(),
  startedAt: isoTimeSchema.nullable(),
  finishedAt: isoTimeSchema.nullable(),
});
export type PurgeProgress = z.infer<typeof purgeProgressSchema>;

/** The audit viewer's filters: who, what, which case, when (local dates, both inclusive). */
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const auditFilterSchema = z.object({
  actorId: z.number().int().optional(),
  action: z.string().trim().max(60).optional(),
  caseNumber: caseNumberSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** One audit row as the viewer shows it: personal data in the details masked. */
export const auditRowSchema = z.object({
  id: z.number().int(),
  at: isoTimeSchema,
  actorName: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  subject: z.string().nullable(),
  detail: z.string(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

/** The channels: archive, the audit viewer, retention. */
export const archiveChannels = {
  'archive:status': channel({
    summary: '办件的归档与保存期限状态，以及当前用户能否归档',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: caseArchiveStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'archive:case': channel({
    summary: '归档一个平台已作最终答复、签字件已收回的办件（负责人，或承办柜员本人）',
    request: z.object({
      caseNumber: caseNumberSchema,
      reason: z.string().trim().max(200, '理由不能超过 200 个字').optional(),
    }),
    response: caseArchiveStatusSchema,
    access: anyUser,
    errors: [
      'CASE_NOT_FOUND',
      'CASE_ARCHIVED',
      'ARCHIVE_NOT_FINAL',
      'ARCHIVE_SIGNED_FORMS_MISSING',
      'ARCHIVE_NOT_OWN_CASE',
      'BAD_REQUEST',
    ],
  }),
  'archive:recordSignedOriginals': channel({
    summary: '平台已答复的办件：登记申请人后来送回的签字原件已存档，以便归档',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: caseArchiveStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND', 'CASE_ARCHIVED', 'ARCHIVE_NOT_FINAL', 'ARCHIVE_NOT_OWN_CASE'],
  }),
  'archive:runBatch': channel({
    summary: '负责人：立即执行一次批量归档（平台已受理且签字件已收回的办件）',
    request: emptySchema,
    response: archiveBatchResultSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'retention:overview': channel({
    summary: '负责人：归档与保存期限设置、每日任务的最近执行',
    request: emptySchema,
    response: retentionOverviewSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'retention:updateSettings': channel({
    summary: '负责人：修改归档与保存期限设置',
    request: retentionSettingsSchema.partial(),
    response: retentionOverviewSchema,
    access: supervisorOnly,
    errors: ['BAD_REQUEST'],
  }),
  'retention:preview': channel({
    summary: '负责人：预览按保存期限将清除的附件和个人信息',
    request: emptySchema,
    response: purgePreviewSchema,
    access: supervisorOnly,
    errors: ['PURGE_RUNNING'],
  }),
  'retention:run': channel({
    summary: '负责人：按已核对的预览在后台执行清除',
    request: z.object({ previewId: z.string().min(1) }),
    response: purgeProgressSchema,
    access: supervisorOnly,
    errors: ['PURGE_PREVIEW_STALE', 'PURGE_RUNNING'],
  }),
  'retention:progress': channel({
    summary: '负责人：清除进度',
    request: emptySchema,
    response: purgeProgressSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'audit:query': channel({
    summary: '负责人：按操作人、操作、办件编号和日期筛选审计日志（分页）',
    request: auditFilterSchema.extend({
      limit: z.number().int().min(1).max(200),
      offset: z.number().int().min(0),
    }),
    response: z.object({ total: z.number().int(), rows: z.array(auditRowSchema) }),
    access: supervisorOnly,
    errors: [],
  }),
  'audit:export': channel({
    summary: '负责人：导出一段时间的审计日志（CSV，含校验结果和首尾哈希）',
    request: z.object({ from: dateSchema, to: dateSchema }),
    response: z.object({
      fileName: z.string(),
      dataBase64: z.string(),
      rows: z.number().int(),
      intact: z.boolean(),
      firstHash: z.string().nullable(),
      lastHash: z.string().nullable(),
    }),
    access: supervisorOnly,
    errors: ['BAD_REQUEST'],
  }),
} as const;
