import type { DeviceStatus, HomeSummary } from '../../contract/schemas';
import { countAuditSince } from '../../store/repositories/audit-log';
import { countActiveUsers } from '../../store/repositories/users';
import { cakeyStatus } from '../cakey/cakey';
import { idcardStatus } from '../idcard/idcard';
import { printerStatus } from '../printing/printing';
import type { ServiceContext } from '../shared/service-context';
import { startOfToday } from '../shared/service-context';

/**
 * The devices that have no driver in this version yet; each says so plainly instead of
 * pretending to be connected.
 */
const devicesNotYetConfigured: DeviceStatus[] = [
  {
    kind: 'central-platform',
    label: '中心平台',
    state: 'not-configured',
    detail: '尚未登记本柜台',
  },
];

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
      ...devicesNotYetConfigured,
    ],
  };
}
