import type { Settings } from '../contract/schemas';
import { settingsSchema } from '../contract/schemas';
import { appendAudit } from '../store/repositories/audit-log';
import { DEFAULT_CA_KEY_MODULES, DEFAULT_CA_KEY_USB_IDS } from '../devices/cakey/usb-ids';
import { readSetting, writeSetting } from '../store/repositories/settings';
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
  idcardBaudRate: 115200,
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
