import { z } from 'zod';
import { provinceProfileSchema } from '../domain/profile';
import {
  attachmentContentSchema,
  attachmentUploadSchema,
  caseDetailSchema,
  caseHistorySchema,
  caseListSchema,
  caseNumberSchema,
  caseQueueSchema,
  caseSummarySchema,
  caseTypeKeySchema,
  caseValuesSchema,
  caseWriteFields,
  exceptionApprovalSchema,
} from './case-schemas';
import { anyUser, channel, supervisorOnly } from './define';
import type { ErrorCode } from './errors';
import { emptySchema } from './schemas';

const byNumber = z.object({ caseNumber: caseNumberSchema });
/** A change to a case: its number, the version the page shows, and whether to unmask. */
const write = byNumber.extend(caseWriteFields);
/** What any change to a case may meet: another clerk's case, a stale page, an archived case. */
const writeRefusals = [
  'CASE_ASSIGNED_TO_OTHER',
  'CASE_VERSION_STALE',
  'CASE_ARCHIVED',
  'CASE_NOT_FOUND',
] as const satisfies readonly ErrorCode[];

/** The channels: profiles, cases, materials, attachments, queues and search. */
export const caseChannels = {
  'profile:current': channel({
    summary: '当前省份配置：主体类型、办件事项、字段与材料规则',
    request: emptySchema,
    response: provinceProfileSchema,
    access: anyUser,
    errors: ['PROFILE_UNAVAILABLE'],
  }),
  'profile:list': channel({
    summary: '本机已安装的省份配置',
    request: emptySchema,
    response: z.object({
      profiles: z.array(z.object({ id: z.string(), name: z.string() })),
      problems: z.array(z.object({ file: z.string(), message: z.string() })),
    }),
    access: supervisorOnly,
    errors: [],
  }),
  'case:create': channel({
    summary: '新建办件',
    request: caseTypeKeySchema,
    response: caseDetailSchema,
    access: anyUser,
    errors: ['PROFILE_UNAVAILABLE', 'CASE_TYPE_UNSUPPORTED'],
  }),
  'case:get': channel({
    summary: '办件详情（查看未脱敏信息会记入审计日志）',
    request: byNumber.extend({ reveal: z.boolean().default(false) }),
    response: caseDetailSchema,
    access: anyUser,
    errors: ['CASE_ASSIGNED_TO_OTHER', 'CASE_NOT_FOUND', 'PROFILE_UNAVAILABLE'],
  }),
  'case:saveValues': channel({
    summary: '保存办件表单（有误也保存，返回每个字段的问题）',
    request: write.extend({ values: caseValuesSchema }),
    response: caseDetailSchema,
    access: anyUser,
    errors: [
      ...writeRefusals,
      'CASE_NOT_EDITABLE',
      'CASE_TYPE_UNSUPPORTED',
      'FIELD_LOCKED',
      'FIELD_SET_BY_APPLICANT',
    ],
  }),
  'case:recordMaterial': channel({
    summary: '登记一项材料：原件已核验、复印件已存档、已签字或盖章、签字原件已存档',
    request: write.extend({
      code: z.string().min(1).max(60),
      originalSeen: z.boolean(),
      copyArchived: z.boolean(),
      attested: z.boolean(),
      /** 签字原件已存档; left out, the earlier answer stays. */
      signedOriginalArchived: z.boolean().optional(),
    }),
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_NOT_EDITABLE', 'MATERIAL_NOT_FOUND'],
  }),
  'case:attach': channel({
    summary: '为一项材料添加扫描件或签字件',
    request: attachmentUploadSchema,
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_NOT_EDITABLE', 'MATERIAL_NOT_FOUND', 'ATTACHMENT_REJECTED'],
  }),
  'case:removeAttachment': channel({
    summary: '删除一个附件',
    request: write.extend({ attachmentId: z.number().int() }),
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_NOT_EDITABLE', 'ATTACHMENT_NOT_FOUND'],
  }),
  'case:attachment': channel({
    summary: '读取附件内容（缩略图、查看；记入审计日志）',
    request: byNumber.extend({ attachmentId: z.number().int() }),
    response: attachmentContentSchema,
    access: anyUser,
    errors: [
      'CASE_ASSIGNED_TO_OTHER',
      'CASE_NOT_FOUND',
      'ATTACHMENT_NOT_FOUND',
      'ATTACHMENT_UNREADABLE',
    ],
  }),
  'case:startCollecting': channel({
    summary: '信息填写完毕，开始收取材料',
    request: write,
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_FIELDS_INVALID', 'CASE_TRANSITION_REFUSED'],
  }),
  'case:submit': channel({
    summary: '提交办件（材料须收齐，或经负责人批准例外）',
    request: write,
    response: caseDetailSchema,
    access: anyUser,
    errors: [
      ...writeRefusals,
      'CASE_NOT_EDITABLE',
      'CASE_FIELDS_INVALID',
      'MATERIALS_MISSING',
      'CASE_TRANSITION_REFUSED',
      'APPLICANT_SCREEN_REQUIRED',
      'APPLICANT_SECRETS_MISSING',
      'APPLICANT_FIELDS_MISSING',
    ],
  }),
  'case:reopen': channel({
    summary: '被退回的办件重新打开修改',
    request: write,
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_TRANSITION_REFUSED'],
  }),
  'case:cancel': channel({
    summary: '撤销办件（须填写理由）',
    request: write.extend({
      reason: z.string().trim().min(2, '请填写撤销理由').max(200, '撤销理由不能超过 200 个字'),
    }),
    response: caseDetailSchema,
    access: anyUser,
    errors: [...writeRefusals, 'CASE_TRANSITION_REFUSED'],
  }),
  'case:approveException': channel({
    summary: '负责人现场审批缺件例外',
    request: exceptionApprovalSchema,
    response: caseDetailSchema,
    access: anyUser,
    errors: [
      ...writeRefusals,
      'CASE_NOT_EDITABLE',
      'CASE_TRANSITION_REFUSED',
      'SUPERVISOR_APPROVAL_REFUSED',
      'ACCOUNT_LOCKED',
      'INVALID_CREDENTIALS',
    ],
  }),
  'case:takeOver': channel({
    summary: '接手办件：由本人继续办理其他柜员的办件（记入审计日志并告知原承办柜员）',
    request: byNumber.extend({ version: caseWriteFields.version }),
    response: caseDetailSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND', 'CASE_HANDOVER_REFUSED', 'CASE_VERSION_STALE'],
  }),
  'case:reassign': channel({
    summary: '负责人改派办件给另一位柜员（记入审计日志并告知原承办柜员）',
    request: byNumber.extend({ toUserId: z.number().int().min(1) }),
    response: caseDetailSchema,
    access: supervisorOnly,
    errors: ['CASE_NOT_FOUND', 'CASE_HANDOVER_REFUSED'],
  }),
  'case:list': channel({
    summary: '工作队列：我的草稿、待提交、等待平台、被退回、已归档、已撤销',
    request: z.object({
      queue: caseQueueSchema,
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    response: caseListSchema,
    access: anyUser,
    errors: [],
  }),
  'case:search': channel({
    summary: '按办件编号、姓名、身份证号、统一社会信用代码查找',
    request: z.object({
      text: z.string().trim().min(1, '请输入办件编号、姓名、证件号码或信用代码').max(60),
    }),
    response: z.array(caseSummarySchema),
    access: anyUser,
    errors: [],
  }),
  'case:history': channel({
    summary: '办件经过（来自审计日志）',
    request: byNumber,
    response: caseHistorySchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
} as const;
