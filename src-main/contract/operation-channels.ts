import { z } from 'zod';
import { accountStatuses } from '../domain/ports/account-directory';
import { anyUser, channel } from './define';
import { caseNumberSchema } from './case-schemas';

const trimmed = (message: string) => z.string().trim().toUpperCase().min(1, message);

/** 查找账号: by ID number, credit code, or phone + 单位编号 (001 忘记用户名). */
export const accountQuerySchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('id-number'), idNumber: trimmed('请输入身份证号码') }),
  z.object({ by: z.literal('credit-code'), creditCode: trimmed('请输入统一社会信用代码') }),
  z.object({
    by: z.literal('phone-and-unit'),
    mobile: z.string().trim().min(1, '请输入手机号码'),
    unitCode: trimmed('请输入单位编号'),
  }),
]);

/** What the platform says about an account: masked facts only. */
export const accountLookupSchema = z.union([
  z.object({ exists: z.literal(false) }),
  z.object({
    exists: z.literal(true),
    kind: z.enum(['person', 'organisation']),
    subjectType: z.string(),
    loginNameMasked: z.string(),
    status: z.enum(accountStatuses),
    reservedPhoneMasked: z.string(),
    unitName: z.string().nullable(),
  }),
]);

/** The channels of the operations beyond registration. */
export const operationChannels = {
  'account:lookup': channel({
    summary: '查找账号：向平台查询账号是否存在及其状态（不建办件，记入审计）',
    request: accountQuerySchema,
    response: accountLookupSchema,
    access: anyUser,
    errors: [
      'BAD_REQUEST',
      'OPERATION_UNSUPPORTED',
      'SYNC_NOT_CONFIGURED',
      'SYNC_PLATFORM_UNREACHABLE',
      'PROFILE_UNAVAILABLE',
    ],
  }),
  'activation:sendCode': channel({
    summary: '账号激活：确认账号并请平台向预留手机号发送短信验证码',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: z.object({ reservedPhoneMasked: z.string() }),
    access: anyUser,
    errors: [
      'CASE_NOT_FOUND',
      'CASE_NOT_EDITABLE',
      'CASE_ARCHIVED',
      'BAD_REQUEST',
      'OPERATION_UNSUPPORTED',
      'PLATFORM_REFUSED',
      'SYNC_NOT_CONFIGURED',
      'SYNC_PLATFORM_UNREACHABLE',
    ],
  }),
} as const;
