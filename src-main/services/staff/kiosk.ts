import { appendAudit } from '../../store/repositories/audit-log';
import { verifySupervisor } from './auth';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/**
 * Lets a supervisor take the counter out of kiosk use: the credentials are checked (wrong
 * passwords count towards the supervisor's lockout) and the leave is audited. The desktop
 * shell closes the app once this succeeds.
 */
export async function leaveKiosk(
  ctx: ServiceContext,
  atCounter: Actor | null,
  input: { username: string; password: string },
): Promise<Record<string, never>> {
  let supervisor;
  try {
    supervisor = await verifySupervisor(ctx, input);
  } catch (error) {
    // A wrong password keeps its count of tries left; the account lock stays as it is.
    if (
      error instanceof UseCaseError &&
      (error.code === 'SUPERVISOR_APPROVAL_REFUSED' || error.code === 'INVALID_CREDENTIALS')
    ) {
      const nextStep = error.extra.nextStep;
      throw new UseCaseError('KIOSK_LEAVE_REFUSED', nextStep ? { nextStep } : {});
    }
    throw error;
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: supervisor.id,
    actorName: supervisor.displayName,
    action: 'kiosk.left',
    detail: { signedIn: atCounter?.displayName ?? '' },
  });
  return {};
}
