import { z } from 'zod';
import { formKinds } from '../domain/profile';
import { caseNumberSchema } from './case-schemas';
import { anyUser, channel, supervisorOnly } from './define';
import { deviceStatusSchema, emptySchema } from './schemas';

const documentRequest = z.object({ caseNumber: caseNumberSchema, kind: z.enum(formKinds) });

export const printDocumentInfoSchema = z.object({
  kind: z.enum(formKinds),
  title: z.string(),
  copiesPrinted: z.number().int(),
  lastAttempt: z
    .object({
      status: z.enum(['sent', 'failed']),
      printer: z.string(),
      error: z.string().nullable(),
      at: z.string(),
      byName: z.string(),
    })
    .nullable(),
  /** Whether the signed form must come back, and whether it has. */
  signedReturn: z.enum(['not-needed', 'awaiting', 'returned']),
  /** The checklist item the signed form is recorded under. */
  materialCode: z.string().nullable(),
});
/** One printable document of a case and what happened to it. */
export type PrintDocumentInfo = z.infer<typeof printDocumentInfoSchema>;

export const printerChoiceSchema = z.object({
  name: z.string(),
  state: z.enum(['ready', 'printing', 'stopped', 'unknown']),
  isDefault: z.boolean(),
  detail: z.string(),
});
/** A printer offered in the settings. */
export type PrinterChoice = z.infer<typeof printerChoiceSchema>;

/** The channels: documents of a case, preview, print, printers. */
export const printChannels = {
  'print:documents': channel({
    summary: '办件需打印的文件及打印记录',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: z.array(printDocumentInfoSchema),
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'print:preview': channel({
    summary: '打印预览：按下一份打印的样子生成 PDF',
    request: documentRequest,
    response: z.object({ title: z.string(), pdfBase64: z.string() }),
    access: anyUser,
    errors: [
      'CASE_ASSIGNED_TO_OTHER',
      'CASE_NOT_FOUND',
      'FORM_NOT_IN_CASE',
      'TEMPLATE_INVALID',
      'PROFILE_UNAVAILABLE',
    ],
  }),
  'print:print': channel({
    summary: '在本柜台打印机上打印（每次打印和补打都记入办件和审计日志）',
    request: documentRequest,
    response: printDocumentInfoSchema,
    access: anyUser,
    errors: [
      'CASE_ASSIGNED_TO_OTHER',
      'CASE_ARCHIVED',
      'CASE_NOT_FOUND',
      'FORM_NOT_IN_CASE',
      'TEMPLATE_INVALID',
      'PROFILE_UNAVAILABLE',
      'PRINTER_NOT_CONFIGURED',
      'PRINTER_NOT_FOUND',
      'PRINTER_STOPPED',
      'PRINT_FAILED',
    ],
  }),
  'print:printers': channel({
    summary: '系统中的打印机（供设置选择）',
    request: emptySchema,
    response: z.array(printerChoiceSchema),
    access: supervisorOnly,
    errors: [],
  }),
  'print:status': channel({
    summary: '打印机状态',
    request: emptySchema,
    response: deviceStatusSchema,
    access: anyUser,
    errors: [],
  }),
} as const;
