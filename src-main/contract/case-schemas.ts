import { z } from 'zod';
import { identityDocuments } from '../domain/validators/identity-document';
import { caseStates } from '../domain/case-state';
import { auditEntrySchema } from './schemas';

/** The number an applicant quotes: hall code, day, sequence (e.g. 0001-20261124-0007). */
export const caseNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{4,12}-\d{8}-\d{4,}$/, '办件编号格式不正确，例如 0001-20261124-0007');

/** Operation x subject type x delegated, with codes from the province profile. */
export const caseTypeKeySchema = z.object({
  operation: z.string().trim().min(1, '请选择办理事项').max(40),
  subjectType: z.string().trim().min(1, '请选择主体类型').max(40),
  delegated: z.boolean(),
});

/** A case's form values: flat `party.field` keys, each value at most 300 characters. */
export const caseValuesSchema = z.record(
  z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, '字段名格式不正确'),
  z.string().max(300, '内容不能超过 300 个字'),
);

export const caseStateSchema = z.enum(caseStates);

export const fieldIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const caseFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.string(),
  required: z.boolean(),
  party: z.string(),
  maxLength: z.number().int().nullable(),
  /** What to type, in the seed's words, shown in the empty field. */
  hint: z.string().nullable(),
  /** For a 证件类型 choice: the documents the party may choose. */
  documents: z.array(z.enum(identityDocuments)).nullable(),
  /** For a `choice` field: the values it accepts, in the profile's words. */
  options: z.array(z.string()).nullable(),
  /** Who types it: the applicant's fields are set on their own screen, read-only here. */
  setBy: z.enum(['clerk', 'applicant']),
});

export const missingPartSchema = z.enum([
  'original',
  'copy',
  'attestation',
  'signed-form',
  'original-kept',
  'upload',
]);

export const attachmentSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  addedByName: z.string(),
  addedAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const caseMaterialSchema = z.object({
  code: z.string(),
  label: z.string(),
  party: z.string(),
  needsOriginal: z.boolean(),
  needsCopy: z.boolean(),
  attestation: z.enum(['none', 'signature', 'seal', 'signature-and-seal']),
  attestationBy: z.string(),
  form: z.string().nullable(),
  originalSeen: z.boolean(),
  copyArchived: z.boolean(),
  attested: z.boolean(),
  signedOriginalArchived: z.boolean(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string().nullable(),
  missing: z.array(missingPartSchema),
  attachments: z.array(attachmentSchema),
});
export type CaseMaterial = z.infer<typeof caseMaterialSchema>;

export const caseExceptionSchema = z.object({
  approvedByName: z.string(),
  reason: z.string(),
  at: z.string(),
  missing: z.array(z.string()),
});

/**
 * Who works on the case (OpenCRVS's assignment) as the viewer sees it: only the assignee
 * changes the case; another clerk may take it over (接手办件), the supervisor may reassign.
 * `notice` tells the earlier assignee, once, that the case was taken from them.
 */
export const caseAssignmentSchema = z.object({
  assigneeName: z.string(),
  mine: z.boolean(),
  mayTakeOver: z.boolean(),
  mayReassign: z.boolean(),
  notice: z.string().nullable(),
});
export type CaseAssignment = z.infer<typeof caseAssignmentSchema>;

/**
 * What every request that changes a case carries: the version the page shows (a save from an
 * older version is refused instead of overwriting) and whether the answer may be unmasked
 * (only when the clerk asked to reveal; that is audited like 显示完整信息).
 */
export const caseWriteFields = {
  version: z.number().int().min(1).optional(),
  reveal: z.boolean().default(false),
};

/** What the clerk may do next with the case, computed by the core. */
export const caseActionSchema = z.enum(['edit', 'start-collecting', 'submit', 'cancel', 'reopen']);

export const caseDetailSchema = z.object({
  caseNumber: z.string(),
  title: z.string(),
  state: caseStateSchema,
  operation: z.string(),
  subjectType: z.string(),
  delegated: z.boolean(),
  profileId: z.string(),
  ruleVersion: z.string(),
  values: z.record(z.string(), z.string()),
  revealed: z.boolean(),
  /** Fields a device filled (来自身份证 / 来自CA证书): locked until an audited unlock. */
  fieldSources: z.record(z.string(), z.enum(['idcard', 'cakey'])),
  fields: z.array(caseFieldSchema),
  issues: z.record(z.string(), fieldIssueSchema),
  materials: z.array(caseMaterialSchema),
  missingCount: z.number().int(),
  exception: caseExceptionSchema.nullable(),
  cancelReason: z.string().nullable(),
  platformMessage: z.string().nullable(),
  /** What to do about the platform's answer (the profile's next step for a refusal). */
  platformNextStep: z.string().nullable(),
  forms: z.array(z.string()),
  clerkName: z.string(),
  assignment: caseAssignmentSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(caseActionSchema),
  applicantPasswordStep: z.object({ done: z.boolean(), label: z.string(), note: z.string() }),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseSummarySchema = z.object({
  caseNumber: z.string(),
  title: z.string(),
  state: caseStateSchema,
  displayName: z.string(),
  keyMasked: z.string(),
  clerkName: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/**
 * The work queues of DOMAIN.md's clerk: my drafts, ready, waiting, refused, accepted (by the
 * platform, not yet archived), archived.
 */
export const caseQueueSchema = z.enum([
  'my-drafts',
  'ready',
  'waiting',
  'refused',
  'accepted',
  'archived',
  'cancelled',
]);
export type CaseQueue = z.infer<typeof caseQueueSchema>;

export const caseListSchema = z.object({
  total: z.number().int(),
  cases: z.array(caseSummarySchema),
});

export const caseHistoryEntrySchema = auditEntrySchema.extend({ note: z.string() });
export type CaseHistoryEntry = z.infer<typeof caseHistoryEntrySchema>;
export const caseHistorySchema = z.array(caseHistoryEntrySchema);

/** An attachment upload: base64 over the contract, checked against the profile's limits. */
export const attachmentUploadSchema = z.object({
  caseNumber: caseNumberSchema,
  ...caseWriteFields,
  /** The type the browser declared for the file (File.type), if any; it must match. */
  declaredType: z.string().max(100).optional(),
  itemCode: z.string().min(1).max(60),
  fileName: z.string().trim().min(1, '文件名不能为空').max(200, '文件名过长，请改短后重试'),
  // 30 MB of base64 is the hard ceiling of the wire; the profile's own limit is lower.
  dataBase64: z.string().min(1, '文件为空').max(40_000_000, '文件过大，请压缩后再上传'),
});

export const attachmentContentSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  dataBase64: z.string(),
});

/** Supervisor credentials typed at the clerk's counter to approve an exception. */
export const exceptionApprovalSchema = z.object({
  caseNumber: caseNumberSchema,
  ...caseWriteFields,
  supervisorUsername: z.string().trim().min(1, '请输入负责人登录名'),
  supervisorPassword: z.string().min(1, '请输入负责人密码'),
  reason: z
    .string()
    .trim()
    .min(4, '请写明例外理由（至少 4 个字）')
    .max(200, '例外理由不能超过 200 个字'),
});
