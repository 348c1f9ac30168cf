import { z } from 'zod';
import type { PlatformSealingKey } from '../../domain/ports/central-platform';
import { appendAudit } from '../../store/repositories/audit-log';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import type { ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';

/**
 * The platform's HPKE public key for applicants' passwords, pinned on the counter.
 *
 * - A counter registered from now on receives it in the registration answer (the enrolment
 *   code is the moment of trust) and pins it there.
 * - A counter registered before the platform handed keys out asks once over its signed line
 *   (`GET /v1/sealing-key`) the first time an applicant screen needs it, pins what it gets and
 *   audits the key's fingerprint so the supervisor can compare it with the one the platform's
 *   operator publishes.
 * - Rotation: the platform keeps its old private keys to open what was sealed under them and
 *   answers a registration with its newest key; the supervisor registers the counter again
 *   (同步 → 登记) to pin the new one. A pinned key is never replaced silently.
 */

const SETTING_KEY = 'platform-sealing-key';

const pinnedSchema = z.object({
  keyId: z.string(),
  suite: z.string(),
  publicKey: z.string(),
  pinnedAt: z.string(),
});
export type PinnedSealingKey = z.infer<typeof pinnedSchema>;

/** The pinned key, or null while none was received. */
export function pinnedSealingKey(ctx: ServiceContext): PinnedSealingKey | null {
  const parsed = pinnedSchema.safeParse(readSetting(ctx.db, SETTING_KEY));
  return parsed.success ? parsed.data : null;
}

/** Pins a key received at registration (replacing the old one: the supervisor re-registered). */
export function pinSealingKey(
  ctx: ServiceContext,
  key: PlatformSealingKey,
  how: 'registration' | 'first-use',
): PinnedSealingKey {
  const now = nowIso(ctx);
  const pinned = { ...key, pinnedAt: now };
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTING_KEY, pinned, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: null,
      actorName: '系统',
      action: 'applicant.sealing-key-pinned',
      detail: { keyId: key.keyId, how },
    });
  })();
  return pinned;
}

/**
 * The key to seal with: the pinned one, or (once, for a counter registered before keys were
 * handed out) the platform's current key fetched over the signed line and pinned.
 */
export async function sealingKeyForScreen(ctx: ServiceContext): Promise<PinnedSealingKey | null> {
  const pinned = pinnedSealingKey(ctx);
  if (pinned) return pinned;
  const platform = ctx.sync.currentPlatform();
  if (!platform?.sealingKey) return null;
  try {
    return pinSealingKey(ctx, await platform.sealingKey(), 'first-use');
  } catch {
    return null;
  }
}
