import type { Settings } from '../../contract/schemas';
import { settingsSchema } from '../../contract/schemas';
import { appendAudit } from '../../store/repositories/audit-log';
import type { DetectedModule } from '../../devices/cakey/pkcs11-modules';
import { detectPkcs11Modules } from '../../devices/cakey/pkcs11-modules';
import { DEFAULT_CA_KEY_MODULES, DEFAULT_CA_KEY_USB_IDS } from '../../devices/cakey/usb-ids';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import { requireDetectedReaderLibraries } from '../idcard/reader-libraries';
import type { Actor, ServiceContext } from './service-context';
import { nowIso } from './service-context';
import { UseCaseError } from './use-case-error';

/** What a new counter starts with; the idle lock of 10 minutes comes from the issue. */
export const defaultSettings: Settings = {
  hallName: '政务服务大厅',
  hallCode: '0001',
  idleLockMinutes: 10,
  hallPhone: '',
  profileId: 'shanxi',
  idcardReader: 'none',
  idcardPort: '',
  idcardSdkLibrary: '',
  idcardPhotoDecoder: '',
  idcardBaudRate: 115200,
  documentCamera: '',
  printerName: '',
  cakeyMode: 'usb',
  cakeyModules: { ...DEFAULT_CA_KEY_MODULES },
  cakeyUsbIds: [...DEFAULT_CA_KEY_USB_IDS],
  platformUrl: '',
  offlineWarnHours: 4,
  offlineFreezeDays: 7,
  kioskMode: false,
  updateUrl: '',
};

const SETTINGS_KEY = 'counter';
/** Built once: zod compiles a schema on first use, and settings are read on every send. */
const storedSettingsSchema = settingsSchema.partial();

/** The counter's settings, defaults filled in for anything never saved. */
export function getSettings(ctx: ServiceContext): Settings {
  const stored = readSetting(ctx.db, SETTINGS_KEY);
  const parsed = storedSettingsSchema.safeParse(stored ?? {});
  return { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
}

/** Saves the given settings over the current ones and records which ones changed. */
export function updateSettings(
  ctx: ServiceContext,
  actor: Actor,
  changes: Partial<Settings>,
): Settings {
  const next: Settings = { ...getSettings(ctx), ...changes };
  if (!ctx.profiles.profiles.some((profile) => profile.id === next.profileId)) {
    throw new UseCaseError('BAD_REQUEST', {
      message: '所选省份配置不可用。',
      fields: { profileId: '请从列表中选择本机已安装的省份配置' },
    });
  }
  const before = getSettings(ctx);
  requireDetectedModules(before.cakeyModules, next.cakeyModules);
  requireDetectedReaderLibraries(ctx, before, next);
  // Compared as JSON: the CA key tables are objects, equal by content, not by reference.
  const changed = (Object.keys(next) as (keyof Settings)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]),
  );
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTINGS_KEY, next, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'settings.updated',
      detail: { changed: changed.join(',') },
    });
  })();
  if (changed.includes('platformUrl')) ctx.sync.reconfigure();
  return next;
}

/**
 * A PKCS#11 module is loaded into the core and runs as the app's user: a changed module path
 * must be one of the modules detected on this machine (known vendor files in protected
 * system folders), never a free path. Unchanged entries stay as they were; the CA key desk
 * checks every path again before loading it.
 */
function requireDetectedModules(
  before: Readonly<Record<string, string>>,
  next: Readonly<Record<string, string>>,
): void {
  const changed = Object.entries(next).filter(
    ([vendor, path]) => path !== '' && before[vendor] !== path,
  );
  if (changed.length === 0) return;
  const detected = new Set(detectPkcs11Modules().map((module) => module.path));
  const refused = changed.filter(([, path]) => !detected.has(path));
  if (refused.length === 0) return;
  throw new UseCaseError('BAD_REQUEST', {
    message: `只能从本机检测到的 CA 证书驱动中选择，不能填写其他路径：${refused.map(([, path]) => path).join('、')}。`,
    fields: {
      cakeyModules: '请从“检测到的驱动”中选择；如列表中没有，请先安装 UKey 厂商的驱动程序',
    },
  });
}

/** The CA key drivers installed on this machine that the supervisor may choose from. */
export function detectedCaKeyModules(): DetectedModule[] {
  return detectPkcs11Modules();
}
