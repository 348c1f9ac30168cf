import { z } from 'zod';

// Field messages zod writes itself (wrong type, missing field) appear in Chinese as well.
z.config(z.locales.zhCN());

/**
 * The platform is reached over https; plain http only on this machine's loopback (the
 * training simulator), where no one on the network can read or change the traffic.
 */
export function isAllowedPlatformUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Login names of counter staff: short, typeable, no personal data required. */
export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{2,31}$/, '登录名须以字母开头，3-32 位字母、数字或下划线');

/** A password as typed; its strength is checked by the domain policy, not here. */
export const passwordSchema = z.string().min(1, '请输入密码').max(128, '密码不能超过 128 位');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, '请输入姓名')
  .max(32, '姓名不能超过 32 个字');

export const roleSchema = z.enum(['clerk', 'supervisor']);

export const emptySchema = z.object({}).strict();

/** ISO-8601 timestamp as it crosses the boundary. */
export const isoTimeSchema = z.string();

export const sessionUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const clerkSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: isoTimeSchema.nullable(),
  lastLoginAt: isoTimeSchema.nullable(),
  createdAt: isoTimeSchema,
});
export type Clerk = z.infer<typeof clerkSchema>;

export const storeProblemSchema = z.enum(['newer-version', 'cannot-decrypt', 'damaged', 'io']);
export type StoreProblem = z.infer<typeof storeProblemSchema>;

export const appStatusSchema = z.object({
  state: z.enum(['ready', 'setup-required', 'store-error']),
  shell: z.enum(['electron', 'browser']),
  version: z.string(),
  hallName: z.string(),
  /** The kiosk setting, so the desktop shell and the 退出程序 button can follow it. */
  kioskMode: z.boolean(),
  /** The update feed's address, for the desktop shell's updater (an address in the hall). */
  updateUrl: z.string(),
  storeError: z
    .object({
      problem: storeProblemSchema,
      message: z.string(),
      nextStep: z.string(),
      dataDir: z.string(),
    })
    .nullable(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const sessionStateSchema = z.object({
  user: sessionUserSchema.nullable(),
  locked: z.boolean(),
  idleLockMinutes: z.number().int(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const settingsSchema = z.object({
  hallName: z.string().trim().min(1, '请输入大厅名称').max(64, '大厅名称不能超过 64 个字'),
  hallCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{4,12}$/, '大厅编码为 4-12 位数字或大写字母，用于生成办件编号'),
  idleLockMinutes: z
    .number()
    .int('请输入整数分钟')
    .min(1, '自动锁屏时间至少 1 分钟')
    .max(120, '自动锁屏时间不能超过 120 分钟'),
  hallPhone: z
    .string()
    .trim()
    .regex(/^$|^[0-9-]{7,20}$/, '咨询电话为 7-20 位数字，可含连字符，例如 0351-1234567'),
  profileId: z.string().trim().min(1, '请选择省份配置'),
  /** 'training' is the built-in simulated reader for demonstrations and training. */
  idcardReader: z.enum(['none', 'serial', 'hid', 'usb', 'sdk', 'training']),
  /**
   * Serial: the port, or empty to find the reader by asking each port for its SAM status.
   * HID: the reader's USB id as VID:PID, or empty for 2B8B:2721 (IDCARD.md §4.3).
   * USB (raw bulk): the reader's USB id, or empty for the id table (0400:C35A, §4.2).
   */
  idcardPort: z.string().trim().max(120, '端口名过长'),
  /**
   * The reader vendor's SDT SDK library: one of those the core detected in the app's vendor
   * folders and the system's (never a typed path), or empty for the first one detected.
   */
  idcardSdkLibrary: z.string().trim().max(300, '库文件路径过长'),
  /** The WLT photo decoder library, chosen the same way; empty for the first one detected. */
  idcardPhotoDecoder: z.string().trim().max(300, '库文件路径过长'),
  /** The document camera (高拍仪) by its name as the system lists it; empty = the first one. */
  documentCamera: z.string().trim().max(200, '摄像头名称过长'),
  /** The CUPS queue or Windows printer the counter prints on; empty until chosen. */
  printerName: z.string().trim().max(200, '打印机名称过长'),
  idcardBaudRate: z.union([
    z.literal(115200),
    z.literal(57600),
    z.literal(38400),
    z.literal(19200),
    z.literal(9600),
  ]),
  /** 'usb': real CA keys (HID presence, PKCS#11 module per vendor); 'training': SoftHSM2. */
  cakeyMode: z.enum(['none', 'usb', 'training']),
  /** The PKCS#11 module (.so / .dll) per vendor key of the USB id table. */
  cakeyModules: z.record(
    z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, '厂商代码为小写字母、数字或连字符'),
    z.string().trim().max(300, '驱动路径过长'),
  ),
  /** The USB ids taken for CA keys (IDCARD.md §6.2), extendable by the hall. */
  cakeyUsbIds: z
    .array(
      z.object({
        usbId: z
          .string()
          .trim()
          .regex(/^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}$/, 'USB 标识应写成 VID:PID，例如 096E:0807'),
        vendor: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, '厂商代码为小写字母、数字或连字符'),
        model: z.string().trim().min(1, '请填写设备名称').max(60, '设备名称过长'),
      }),
    )
    .max(200, 'USB 标识表最多 200 行'),
  /** The province platform's API base address; empty while the counter works offline only. */
  platformUrl: z
    .string()
    .trim()
    .regex(
      /^$|^https?:\/\/[^\s]+$/,
      '平台地址须以 https:// 开头，例如 https://tyrz.example.gov.cn/api',
    )
    .refine(
      (url) => url === '' || isAllowedPlatformUrl(url),
      '平台地址须使用 https://（只有本机培训用的模拟平台可用 http://127.0.0.1 或 http://localhost）',
    ),
  /** Hours offline before the sync indicator warns. */
  offlineWarnHours: z
    .number()
    .int('请输入整数小时')
    .min(1, '离线提醒至少 1 小时')
    .max(168, '离线提醒不能超过 168 小时'),
  /** Days offline after which new cases are refused (0: never); a warning comes a day before. */
  offlineFreezeDays: z
    .number()
    .int('请输入整数天数')
    .min(0, '天数不能为负；0 表示不暂停')
    .max(30, '暂停期限不能超过 30 天'),
  /** The desktop app as a kiosk: full screen, no menu, started at login, left only by a supervisor. */
  kioskMode: z.boolean(),
  /** The hall's update feed (electron-updater generic provider); empty: no updates. */
  updateUrl: z
    .string()
    .trim()
    .regex(
      /^$|^https?:\/\/[^\s]+$/,
      '更新地址须以 http:// 或 https:// 开头，例如 http://10.1.2.3/counter-desk',
    ),
});
export type Settings = z.infer<typeof settingsSchema>;

export const deviceStatusSchema = z.object({
  kind: z.enum(['idcard-reader', 'ca-key', 'printer', 'central-platform']),
  label: z.string(),
  state: z.enum(['ready', 'absent', 'error', 'not-configured']),
  detail: z.string(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

/** A card read from the reader, as the form fills itself with it. */
export const cardReadSchema = z.object({
  cardKind: z.enum(['resident', 'hk-mo-tw-permit', 'foreigner']),
  cardLabel: z.string(),
  values: z.record(z.string(), z.string()),
  expired: z.boolean(),
  /** The card's photo was kept, sealed, with the case the read was for. */
  photoKept: z.boolean().default(false),
  openCases: z.array(z.string()),
});
export type CardRead = z.infer<typeof cardReadSchema>;

/** One person's card photo: the decoded picture where a vendor decoder exists, or why not. */
export const cardPhotoSchema = z.object({
  kept: z.boolean(),
  readAt: z.string().nullable(),
  /** A data: URL of the decoded BMP, or null. */
  image: z.string().nullable(),
  note: z.string(),
});
export type CardPhoto = z.infer<typeof cardPhotoSchema>;

export const homeSummarySchema = z.object({
  today: z.string(),
  myActionsToday: z.number().int(),
  loginsToday: z.number().int(),
  failedLoginsToday: z.number().int(),
  activeClerks: z.number().int(),
  devices: z.array(deviceStatusSchema),
});
export type HomeSummary = z.infer<typeof homeSummarySchema>;

export const auditVerificationSchema = z.object({
  intact: z.boolean(),
  rowsChecked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** Every broken row (the first 500; problemCount says how many in all). */
  problems: z.array(z.object({ id: z.number().int(), reason: z.string() })),
  problemCount: z.number().int(),
  /** Every run of missing ids, both ends included. */
  gaps: z.array(z.object({ fromId: z.number().int(), toId: z.number().int() })),
  /** Rows an older version wrote with an unpaired surrogate; they verify on their stored bytes. */
  legacyIllFormedIds: z.array(z.number().int()),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: isoTimeSchema,
  actorName: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  subject: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
