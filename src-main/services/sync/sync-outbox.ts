import { randomUUID } from 'node:crypto';
import type { SyncStatus } from '../../contract/sync-channels';
import { enqueueAttempt, readSyncCounter } from '../../store/repositories/outbox';
import type { ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Puts the next attempt of a submitted case in the outbox with a fresh idempotency key.
 * Call inside the transaction that moves the case to `submitted`.
 */
export function enqueueSubmission(ctx: ServiceContext, caseId: number): number {
  return enqueueAttempt(ctx.db, {
    caseId,
    idempotencyKey: randomUUID(),
    now: nowIso(ctx),
    nowMs: ctx.clock.now().getTime(),
  });
}

/** Whole hours or days, in words, for the notices. */
function duration(ms: number): string {
  return ms >= DAY_MS
    ? `${Math.floor(ms / DAY_MS)} 天`
    : `${Math.max(1, Math.floor(ms / HOUR_MS))} 小时`;
}

/** The offline notice: a warning past the limit, then frozen past the freeze limit. */
export function offlineNotice(
  ctx: ServiceContext,
  offlineSince: string | null,
): SyncStatus['notice'] {
  if (!offlineSince) return null;
  const settings = getSettings(ctx);
  const offlineMs = ctx.clock.now().getTime() - Date.parse(offlineSince);
  const freezeMs = settings.offlineFreezeDays * DAY_MS;
  if (settings.offlineFreezeDays > 0 && offlineMs >= freezeMs) {
    return {
      level: 'frozen',
      message: `本柜台已离线 ${duration(offlineMs)}，超过 ${settings.offlineFreezeDays} 天的期限，暂停新建办件。`,
      nextStep: '请恢复网络连接；积压的办件发出后自动恢复。已有办件可继续处理。',
    };
  }
  if (offlineMs >= settings.offlineWarnHours * HOUR_MS) {
    const freezeNote =
      settings.offlineFreezeDays > 0
        ? `再离线 ${duration(freezeMs - offlineMs)}将暂停新建办件。`
        : '';
    return {
      level: 'warning',
      message: `本柜台已离线 ${duration(offlineMs)}，办件暂存本机等待发送。${freezeNote}`,
      nextStep: '请检查网络和平台地址，或联系信息中心；联网后办件自动发送。',
    };
  }
  return null;
}

/** Refuses new cases once the counter has been offline past the freeze limit (MOSIP-style). */
export function requireNotFrozen(ctx: ServiceContext): void {
  const counter = readSyncCounter(ctx.db);
  const notice = offlineNotice(ctx, counter?.offlineSince ?? null);
  if (notice?.level === 'frozen') {
    throw new UseCaseError('SYNC_OFFLINE_FROZEN', { message: notice.message });
  }
}
