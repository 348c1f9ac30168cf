import { z } from 'zod';
import { caseStateSchema } from './case-schemas';
import { channel, supervisorOnly } from './define';
import { emptySchema } from './schemas';

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-11-24');

export const exportFilterSchema = z.object({
  /** First and last local day of acceptance (受理日期), both included; null: no bound. */
  from: daySchema.nullable(),
  to: daySchema.nullable(),
  clerkId: z.number().int().positive().nullable(),
  /** A case type as caseTypeKeyToString writes it, e.g. 'register/legal/delegated'. */
  caseType: z.string().max(120).nullable(),
  states: z.array(caseStateSchema).min(1, '请至少选择一种办件状态'),
});
/** Which cases an export takes. */
export type ExportFilter = z.infer<typeof exportFilterSchema>;

export const exportStartSchema = z
  .object({
    filter: exportFilterSchema,
    /** Personal data in clear instead of masked: audited with the reason. */
    fullData: z.boolean(),
    reason: z.string().trim().max(200, '理由不能超过 200 个字'),
    includeAttachments: z.boolean(),
    /** The folder the ZIP goes to, on this computer (a USB stick's folder is fine). */
    folder: z.string().trim().min(1, '请填写保存导出文件的文件夹').max(500),
  })
  .refine((value) => !value.fullData || value.reason.length >= 2, {
    message: '导出未脱敏信息须填写理由（如：配合某单位检查，函号××）',
    path: ['reason'],
  });

export const exportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'finished', 'cancelled', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
  fileName: z.string(),
  /** The finished ZIP's full path; null until it is complete (never a partial file). */
  path: z.string().nullable(),
  error: z.object({ message: z.string(), nextStep: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
/** An export job as the progress bar shows it. */
export type ExportJob = z.infer<typeof exportJobSchema>;

export const exportVerificationSchema = z.object({
  intact: z.boolean(),
  filesChecked: z.number().int(),
  caseCount: z.number().int(),
  createdAt: z.string(),
  supervisorName: z.string(),
  fullData: z.boolean(),
  /** Every file that differs from the manifest, in Chinese, naming the file. */
  problems: z.array(z.string()),
  /** Whether this counter's audit log records an export with this very manifest. */
  recordedHere: z.boolean(),
});
/** The result of checking an export against its manifest. */
export type ExportVerification = z.infer<typeof exportVerificationSchema>;

/** The channels of the supervisor's export. */
export const exportChannels = {
  'export:defaults': channel({
    summary: '导出的默认保存文件夹',
    request: emptySchema,
    response: z.object({ folder: z.string() }),
    access: supervisorOnly,
    errors: [],
  }),
  'export:count': channel({
    summary: '符合筛选条件的办件数',
    request: z.object({ filter: exportFilterSchema }),
    response: z.object({ count: z.number().int() }),
    access: supervisorOnly,
    errors: [],
  }),
  'export:start': channel({
    summary: '开始导出办件核验清单（ZIP：索引表、每件核验清单 PDF、可选附件、校验清单）',
    request: exportStartSchema,
    response: exportJobSchema,
    access: supervisorOnly,
    errors: ['EXPORT_NOTHING_TO_EXPORT', 'EXPORT_FOLDER_UNWRITABLE', 'EXPORT_ALREADY_RUNNING'],
  }),
  'export:progress': channel({
    summary: '导出进度',
    request: z.object({ jobId: z.string().max(64) }),
    response: exportJobSchema,
    access: supervisorOnly,
    errors: ['EXPORT_JOB_NOT_FOUND'],
  }),
  'export:cancel': channel({
    summary: '取消导出（删除未写完的文件）',
    request: z.object({ jobId: z.string().max(64) }),
    response: exportJobSchema,
    access: supervisorOnly,
    errors: ['EXPORT_JOB_NOT_FOUND'],
  }),
  'export:verify': channel({
    summary: '校验导出文件：逐个文件核对 SHA-256 与大小',
    request: z.object({ path: z.string().trim().min(1, '请填写导出文件的路径').max(500) }),
    response: exportVerificationSchema,
    access: supervisorOnly,
    errors: ['EXPORT_FILE_UNREADABLE'],
  }),
} as const;
