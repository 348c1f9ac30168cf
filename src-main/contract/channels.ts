import { z } from 'zod';
import { applicantChannels } from './applicant-channels';
import { applicantSignatureChannels } from './applicant-signature-channels';
import { archiveChannels } from './archive-channels';
import { cakeyChannels } from './cakey-channels';
import { caseChannels } from './case-channels';
import { idcardChannels } from './idcard-channels';
import { printChannels } from './print-channels';
import { statsChannels } from './stats-channels';
import { exportChannels } from './export-channels';
import { syncChannels } from './sync-channels';
import { operationChannels } from './operation-channels';
import { kioskChannels } from './kiosk-channels';
import { anyUser, anyUserEvenLocked, channel, publicAccess, supervisorOnly } from './define';
import {
  appStatusSchema,
  auditEntrySchema,
  auditVerificationSchema,
  clerkSchema,
  displayNameSchema,
  emptySchema,
  homeSummarySchema,
  passwordSchema,
  roleSchema,
  sessionStateSchema,
  sessionUserSchema,
  settingsSchema,
  usernameSchema,
} from './schemas';
import { agentsChannels } from './agents-channels';

/**
 * Every channel between the renderer and the core, listed once (STYLE.md B).
 * Names are `area:verb`; the renderer reaches them as `api.area.verb(request)`.
 */
export const contract = {
  'app:status': channel({
    summary: '启动状态：是否需要首次设置、数据库能否打开',
    request: emptySchema,
    response: appStatusSchema,
    access: publicAccess,
    errors: [],
  }),
  'setup:createSupervisor': channel({
    summary: '首次运行：创建负责人账号并登录',
    request: z.object({
      username: usernameSchema,
      displayName: displayNameSchema,
      password: passwordSchema,
    }),
    response: sessionUserSchema,
    access: publicAccess,
    errors: ['SETUP_ALREADY_DONE', 'WEAK_PASSWORD', 'STORE_UNAVAILABLE'],
  }),
  'auth:session': channel({
    summary: '当前会话：登录用户、是否锁屏',
    request: emptySchema,
    response: sessionStateSchema,
    access: publicAccess,
    errors: [],
  }),
  'auth:login': channel({
    summary: '柜员登录',
    request: z.object({
      username: z.string().trim().min(1, '请输入登录名').max(64, '登录名不能超过 64 位'),
      password: passwordSchema,
    }),
    response: sessionUserSchema,
    access: publicAccess,
    errors: [
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
      'ACCOUNT_DISABLED',
      'SETUP_REQUIRED',
      'LOGIN_TOO_FREQUENT',
    ],
  }),
  'auth:logout': channel({
    summary: '退出登录',
    request: emptySchema,
    response: emptySchema,
    access: anyUserEvenLocked,
    errors: [],
  }),
  'auth:lock': channel({
    summary: '锁定屏幕（手动或空闲超时）',
    request: z.object({ reason: z.enum(['manual', 'idle']) }),
    response: emptySchema,
    access: anyUserEvenLocked,
    errors: [],
  }),
  'auth:unlock': channel({
    summary: '输入本人密码解锁',
    request: z.object({ password: passwordSchema }),
    response: sessionUserSchema,
    access: anyUserEvenLocked,
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED'],
  }),
  'auth:changePassword': channel({
    summary: '修改本人密码',
    request: z.object({ currentPassword: passwordSchema, newPassword: passwordSchema }),
    response: sessionUserSchema,
    access: anyUser,
    errors: ['INVALID_CREDENTIALS', 'WEAK_PASSWORD'],
  }),
  'home:summary': channel({
    summary: '首页：今日统计与设备状态',
    request: emptySchema,
    response: homeSummarySchema,
    access: anyUser,
    errors: [],
  }),
  'clerks:list': channel({
    summary: '柜员账号列表',
    request: emptySchema,
    response: z.array(clerkSchema),
    access: supervisorOnly,
    errors: [],
  }),
  'clerks:create': channel({
    summary: '新建柜员账号',
    request: z.object({
      username: usernameSchema,
      displayName: displayNameSchema,
      role: roleSchema,
      initialPassword: passwordSchema,
    }),
    response: clerkSchema,
    access: supervisorOnly,
    errors: ['USERNAME_TAKEN', 'WEAK_PASSWORD'],
  }),
  'clerks:setDisabled': channel({
    summary: '停用或启用柜员账号',
    request: z.object({ id: z.number().int(), disabled: z.boolean() }),
    response: clerkSchema,
    access: supervisorOnly,
    errors: ['USER_NOT_FOUND', 'CANNOT_CHANGE_SELF'],
  }),
  'clerks:resetPassword': channel({
    summary: '重置柜员密码并解除锁定',
    request: z.object({ id: z.number().int(), newPassword: passwordSchema }),
    response: clerkSchema,
    access: supervisorOnly,
    errors: ['USER_NOT_FOUND', 'CANNOT_CHANGE_SELF', 'WEAK_PASSWORD'],
  }),
  'settings:get': channel({
    summary: '读取本柜台设置',
    request: emptySchema,
    response: settingsSchema,
    access: anyUser,
    errors: [],
  }),
  'settings:update': channel({
    summary: '修改本柜台设置（只改所给的项）',
    request: settingsSchema.partial(),
    response: settingsSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'audit:verify': channel({
    summary: '校验审计日志哈希链',
    request: emptySchema,
    response: auditVerificationSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'audit:recent': channel({
    summary: '最近的审计记录',
    request: z.object({ limit: z.number().int().min(1).max(500) }),
    response: z.array(auditEntrySchema),
    access: supervisorOnly,
    errors: [],
  }),
  ...caseChannels,
  ...idcardChannels,
  ...printChannels,
  ...cakeyChannels,
  ...syncChannels,
  ...agentsChannels,
  ...statsChannels,
  ...archiveChannels,
  ...exportChannels,
  ...applicantChannels,
  ...applicantSignatureChannels,
  ...operationChannels,
  ...kioskChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type RequestOf<N extends ChannelName> = z.input<Contract[N]['request']>;
export type ParsedRequestOf<N extends ChannelName> = z.output<Contract[N]['request']>;
export type ResponseOf<N extends ChannelName> = z.output<Contract[N]['response']>;

/** Type guard for a channel name that arrives as an untrusted string. */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export const channelNames = Object.keys(contract) as ChannelName[];
