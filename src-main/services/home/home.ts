import type { DeviceStatus, HomeSummary } from '../../contract/schemas';
import { missingCase } from '../../domain/missing-case';
import { countAuditSince } from '../../store/repositories/audit-log';
import { countActiveUsers } from '../../store/repositories/users';
import { cakeyStatus } from '../cakey/cakey';
import { idcardStatus } from '../idcard/idcard';
import { printerStatus } from '../printing/printing';
import { syncStatus } from '../sync/sync';
import type { ServiceContext } from '../shared/service-context';
import { startOfToday } from '../shared/service-context';

/** The line to the central platform as a row of the device area, from the sync status. */
function centralPlatformStatus(ctx: ServiceContext): DeviceStatus {
  const status = syncStatus(ctx);
  const base = { kind: 'central-platform' as const, label: '中心平台' };
  const detail = `${status.label}：${status.detail}`;
  switch (status.state) {
    case 'not-configured':
    case 'not-registered':
      return { ...base, state: 'not-configured', detail };
    case 'online':
    case 'waiting':
      return { ...base, state: 'ready', detail };
    case 'offline':
      return { ...base, state: 'absent', detail };
    case 'failing':
      return { ...base, state: 'error', detail };
    default:
      return missingCase(status.state);
  }
}

/** Today's counts for the home screen and the device status area. */
export async function homeSummary(ctx: ServiceContext, userId: number): Promise<HomeSummary> {
  const since = startOfToday(ctx);
  return {
    today: since,
    myActionsToday: countAuditSince(ctx.db, null, since, userId),
    loginsToday: countAuditSince(ctx.db, 'auth.login', since),
    failedLoginsToday: countAuditSince(ctx.db, 'auth.login-failed', since),
    activeClerks: countActiveUsers(ctx.db),
    devices: [
      idcardStatus(ctx),
      cakeyStatus(ctx),
      await printerStatus(ctx),
      centralPlatformStatus(ctx),
    ],
  };
}
