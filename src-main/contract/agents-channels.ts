import { z } from 'zod';
import { agentManagementSchema } from '../domain/agents';
import { institutionManagementSchema } from '../domain/institutions';
import { identityDocuments } from '../domain/validators/identity-document';
import { anyUser, channel } from './define';
import { emptySchema } from './schemas';

const creditCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母'));
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .nullable();
const roleSchema = z.enum(['legal-rep', 'administrator', 'agent']);

/** One account holder of a company as the clerk sees it: personal data masked. */
export const agentHolderSchema = z.object({
  agentId: z.string(),
  role: roleSchema,
  roleName: z.string(),
  levelName: z.string().nullable(),
  name: z.string(),
  idNumber: z.string(),
  mobile: z.string(),
  status: z.enum(['active', 'pending']),
  statusLabel: z.string(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  idValidFrom: z.string().nullable(),
  idValidTo: z.string().nullable(),
  canManage: z.boolean(),
});
export type AgentHolder = z.infer<typeof agentHolderSchema>;

/** A company's holders after a look-up or a change. */
export const companyAgentsViewSchema = z.object({
  creditCode: z.string(),
  companyName: z.string(),
  holders: z.array(agentHolderSchema),
});
export type CompanyAgentsView = z.infer<typeof companyAgentsViewSchema>;

/** The person proven at the counter to act for the company, for the next changes. */
export const provenActorSchema = z.object({
  actorToken: z.string(),
  role: roleSchema,
  roleName: z.string(),
  name: z.string(),
  proofLabel: z.string(),
});
export type ProvenActor = z.infer<typeof provenActorSchema>;

/** A new holder as the clerk types it from the person's card and the company's decision. */
export const agentGrantSchema = z.object({
  role: z.enum(['administrator', 'agent']),
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 个字'),
  idNumber: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^\d{17}[\dX]$/, '身份证号码应为 18 位')),
  mobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号码应为 11 位数字'),
  periodFrom: dateSchema,
  periodTo: dateSchema,
  idValidFrom: dateSchema,
  idValidTo: dateSchema,
  canManage: z.boolean(),
});
export type AgentGrantInput = z.infer<typeof agentGrantSchema>;

/** One institution of the company as the clerk sees it: the administrator masked. */
export const institutionViewSchema = z.object({
  institutionNumber: z.string(),
  name: z.string(),
  type: z.string(),
  opened: z.boolean(),
  statusLabel: z.string(),
  admin: z
    .object({ name: z.string(), idTypeName: z.string(), idNumber: z.string(), mobile: z.string() })
    .nullable(),
});
export type InstitutionView = z.infer<typeof institutionViewSchema>;

/** The administrator an institution gets, as the clerk types it from their document. */
export const institutionAdminSchema = z.object({
  name: z.string().trim().min(1, '请填写管理员姓名').max(50, '姓名不能超过 50 个字'),
  idType: z.enum(identityDocuments),
  idNumber: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().min(5, '请填写管理员证件号码').max(18, '证件号码不能超过 18 位')),
  mobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号码应为 11 位数字'),
});
export type InstitutionAdminInput = z.infer<typeof institutionAdminSchema>;

const withActor = { creditCode: creditCodeSchema, actorToken: z.string().min(16).max(64) };

/** 经办人管理 at the counter: look up a company's holders, prove who acts, change them. */
export const agentsChannels = {
  'agents:rules': channel({
    summary: '本省经办人管理规则（本省不提供时为空）',
    request: emptySchema,
    response: agentManagementSchema.nullable(),
    access: anyUser,
    errors: [],
  }),
  'agents:company': channel({
    summary: '查询单位的法定代表人、管理员、经办人和待审核申请（已脱敏）',
    request: z.object({ creditCode: creditCodeSchema }),
    response: companyAgentsViewSchema,
    access: anyUser,
    errors: ['AGENTS_NOT_OFFERED', 'AGENTS_COMPANY_NOT_FOUND', 'SYNC_PLATFORM_UNREACHABLE'],
  }),
  'agents:proveActor': channel({
    summary: '核验为单位办理的人：读取本人身份证或单位 CA 数字证书',
    request: z.object({ creditCode: creditCodeSchema, proof: z.enum(['id-card', 'ca-key']) }),
    response: provenActorSchema,
    access: anyUser,
    errors: [
      'AGENTS_NOT_OFFERED',
      'AGENTS_COMPANY_NOT_FOUND',
      'AGENTS_ACTOR_NO_STANDING',
      'AGENTS_NO_CARD',
      'READER_NOT_CONFIGURED',
      'READER_FAILED',
      'CAKEY_CERTIFICATE_NOT_VALID',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'agents:apply': channel({
    summary: '员工申请成为单位经办人（待法定代表人或管理员审核）',
    request: z.object({ creditCode: creditCodeSchema, applicant: agentGrantSchema }),
    response: companyAgentsViewSchema,
    access: anyUser,
    errors: ['AGENTS_NOT_OFFERED', 'AGENTS_REFUSED', 'SYNC_PLATFORM_UNREACHABLE'],
  }),
  'agents:add': channel({
    summary: '为单位开通管理员或经办人',
    request: z.object({ ...withActor, agent: agentGrantSchema }),
    response: companyAgentsViewSchema,
    access: anyUser,
    errors: [
      'AGENTS_NOT_OFFERED',
      'AGENTS_ACTOR_NOT_PROVEN',
      'AGENTS_REFUSED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'agents:change': channel({
    summary: '修改经办人的手机号、授权期限或管理权限',
    request: z.object({
      ...withActor,
      agentId: z.string().min(1).max(64),
      changes: z.object({
        mobile: z
          .string()
          .trim()
          .regex(/^1\d{10}$/, '手机号码应为 11 位数字')
          .optional(),
        periodFrom: dateSchema.optional(),
        periodTo: dateSchema.optional(),
        canManage: z.boolean().optional(),
      }),
    }),
    response: companyAgentsViewSchema,
    access: anyUser,
    errors: [
      'AGENTS_NOT_OFFERED',
      'AGENTS_ACTOR_NOT_PROVEN',
      'AGENTS_REFUSED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'agents:decide': channel({
    summary: '撤销经办人，或审核经办人申请（同意 / 拒绝）',
    request: z.object({
      ...withActor,
      agentId: z.string().min(1).max(64),
      decision: z.enum(['revoke', 'approve', 'reject']),
      reason: z.string().trim().max(150, '理由不能超过 150 个字').default(''),
    }),
    response: companyAgentsViewSchema,
    access: anyUser,
    errors: [
      'AGENTS_NOT_OFFERED',
      'AGENTS_ACTOR_NOT_PROVEN',
      'AGENTS_REFUSED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'institutions:rules': channel({
    summary: '本省机构管理规则（本省不提供时为空）',
    request: emptySchema,
    response: institutionManagementSchema.nullable(),
    access: anyUser,
    errors: [],
  }),
  'institutions:list': channel({
    summary: '单位的机构（人社部门已登记的；管理员已脱敏）',
    request: z.object({ creditCode: creditCodeSchema }),
    response: z.array(institutionViewSchema),
    access: anyUser,
    errors: ['INSTITUTIONS_NOT_OFFERED', 'SYNC_PLATFORM_UNREACHABLE'],
  }),
  'institutions:setAdmin': channel({
    summary: '开通机构并设置机构管理员，或变更机构管理员',
    request: z.object({
      ...withActor,
      institutionNumber: z.string().trim().min(1).max(40),
      change: z.enum(['open', 'change-admin']),
      admin: institutionAdminSchema,
    }),
    response: z.array(institutionViewSchema),
    access: anyUser,
    errors: [
      'INSTITUTIONS_NOT_OFFERED',
      'AGENTS_ACTOR_NOT_PROVEN',
      'INSTITUTIONS_REFUSED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
  'institutions:resetPassword': channel({
    summary: '重置机构管理员密码（平台以短信发给管理员本人）',
    request: z.object({ ...withActor, institutionNumber: z.string().trim().min(1).max(40) }),
    response: z.object({ institutions: z.array(institutionViewSchema), smsTo: z.string() }),
    access: anyUser,
    errors: [
      'INSTITUTIONS_NOT_OFFERED',
      'AGENTS_ACTOR_NOT_PROVEN',
      'INSTITUTIONS_REFUSED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
} as const;
