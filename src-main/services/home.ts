import type { DeviceStatus, HomeSummary } from '../contract/schemas';
import { countAuditSince } from '../store/repositories/audit-log';
import { countActiveUsers } from '../store/repositories/users';
import { cakeyStatus } from './cakey';
import { idcardStatus } from './idcard';
import type { ServiceContext } from './service-context';
import { startOfToday } from './service-context';

/**
 * The devices that have no driver in this version yet; each says so plainly instead of
 * pretending to be connected.
 */
const devicesNotYetConfigured: DeviceStatus[] = [
  { kind: 'printer', label: '打印机', state: 'not-configured', detail: '尚未选择打印机' },
  {
    kind: 'central-platform',
    label: '中心平台',
    state: 'not-configured',
    detail: '尚未登记本柜台',
  },
];

/** Today's counts for the home screen and the device status area. */
export function homeSummary(ctx: ServiceContext, userId: number): HomeSummary {
  const since = startOfToday(ctx);
  return {
    today: since,
    myActionsToday: countAuditSince(ctx.db, null, since, userId),
    loginsToday: countAuditSince(ctx.db, 'auth.login', since),
    failedLoginsToday: countAuditSince(ctx.db, 'auth.login-failed', since),
    activeClerks: countActiveUsers(ctx.db),
    devices: [idcardStatus(ctx), cakeyStatus(ctx), ...devicesNotYetConfigured],
  };
}
