import { markRatingSent, unsentRatings } from '../../store/repositories/case-applicant';
import type { ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';

const running = new WeakSet<ServiceContext>();

/**
 * Sends the applicants' evaluations (好差评) of cases the platform has already received
 * (most are given after submit). Called after each rating and after each platform answer (the
 * line works then); a failure leaves the rest for the next call. Never throws.
 */
export async function sendPendingRatings(ctx: ServiceContext): Promise<number> {
  if (running.has(ctx)) return 0;
  running.add(ctx);
  let sent = 0;
  try {
    const platform = ctx.sync.currentPlatform();
    if (!platform?.sendRating) return 0;
    for (const item of unsentRatings(ctx.db)) {
      await platform.sendRating(item.caseNumber, {
        level: item.rating,
        reasons: item.reasons,
        text: item.text,
        ratedAt: item.ratedAt,
      });
      markRatingSent(ctx.db, item.caseId, nowIso(ctx));
      sent += 1;
    }
  } catch {
    // The line is down or the store closed: the next rating or platform answer tries again.
  } finally {
    running.delete(ctx);
  }
  return sent;
}
