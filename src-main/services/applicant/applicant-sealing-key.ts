import type { CipherSuite } from '@hpke/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { z } from 'zod';
import { hpkePackage } from '../../devices/lazy-package';
import { SEALING_SUITE } from '../../domain/applicant';
import type { PlatformSealingKey } from '../../domain/ports/central-platform';
import { PlatformCallError } from '../../domain/ports/central-platform';
import {
  ROTATION_EXPORTER_CONTEXT,
  ROTATION_INFO,
  ROTATION_SECRET_BYTES,
  rotationStatement,
} from '../../domain/sealing-key-rotation';
import { appendAudit } from '../../store/repositories/audit-log';
import { readSyncCounter } from '../../store/repositories/outbox';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/**
 * The platform's HPKE public key for applicants' passwords, pinned on the counter.
 *
 * - A counter registered from now on receives it in the registration answer (the enrolment
 *   code is the moment of trust) and pins it there.
 * - A counter registered before the platform handed keys out asks once over its signed line
 *   (`GET /v1/sealing-key`) the first time an applicant screen needs it, pins what it gets and
 *   audits the key's fingerprint so the supervisor can compare it with the one the platform's
 *   operator publishes.
 * - Rotation: the platform publishes a new key (and keeps the old private keys, accepting
 *   passwords sealed under the previous one for a grace period). The counter asks for the
 *   platform's current key endorsed with the key it has pinned (sealing-key-rotation.ts: an
 *   HMAC under HPKE's exporter secret, which only the holder of the pinned key's private half
 *   can derive), on the sync desk's periodic check and on the supervisor's 更新平台密钥. A key
 *   whose proof fails is refused and audited; the pinned key is never replaced silently.
 */

const SETTING_KEY = 'platform-sealing-key';

const pinnedSchema = z.object({
  keyId: z.string(),
  suite: z.string(),
  publicKey: z.string(),
  pinnedAt: z.string(),
  /** The key this one replaced (rotation), for the supervisor's view. */
  previousKeyId: z.string().optional(),
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
  const pinned: PinnedSealingKey = { ...key, pinnedAt: now };
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

let hpkeSuite: CipherSuite | undefined;

/** The sealing suite (X25519, HKDF-SHA256, AES-128-GCM), made when first needed. */
function sealingSuite(): CipherSuite {
  const hpke = hpkePackage();
  hpkeSuite ??= new hpke.CipherSuite({
    kem: new hpke.DhkemX25519HkdfSha256(),
    kdf: new hpke.HkdfSha256(),
    aead: new hpke.Aes128Gcm(),
  });
  return hpkeSuite;
}

/** What 更新平台密钥 (or the periodic check) found. */
export interface SealingKeyRefresh {
  keyId: string | null;
  previousKeyId: string | null;
  pinnedAt: string | null;
  changed: boolean;
}

function refreshOf(pinned: PinnedSealingKey | null, changed: boolean): SealingKeyRefresh {
  return {
    keyId: pinned?.keyId ?? null,
    previousKeyId: pinned?.previousKeyId ?? null,
    pinnedAt: pinned?.pinnedAt ?? null,
    changed,
  };
}

/** The pinned key as the supervisor's setting shows it. */
export function sealingKeyState(ctx: ServiceContext): SealingKeyRefresh {
  return refreshOf(pinnedSealingKey(ctx), false);
}

/**
 * Asks the platform for its current key endorsed with the pinned one and pins it when it is
 * new and the proof holds. Without a pinned key this is the first-use fetch.
 */
export async function refreshSealingKey(
  ctx: ServiceContext,
  actor: Actor | null,
): Promise<SealingKeyRefresh> {
  const pinned = pinnedSealingKey(ctx);
  const counter = readSyncCounter(ctx.db);
  const platform = ctx.sync.currentPlatform();
  if (!counter?.registeredAt || !platform) {
    throw new UseCaseError('APPLICANT_SEALING_KEY_NOT_REGISTERED');
  }
  if (!pinned) {
    const first = await sealingKeyForScreen(ctx);
    return refreshOf(first, first !== null);
  }
  if (!platform.sealingKeyEndorsement) return refreshOf(pinned, false);
  const encoder = new TextEncoder();
  const recipientPublicKey = (await sealingSuite().kem.deserializePublicKey(
    Buffer.from(pinned.publicKey, 'base64'),
  )) as webcrypto.CryptoKey;
  const sender: {
    enc: ArrayBuffer;
    export(context: Uint8Array, length: number): Promise<ArrayBuffer>;
  } = await sealingSuite().createSenderContext({
    recipientPublicKey,
    info: encoder.encode(ROTATION_INFO),
  });
  const secret = Buffer.from(
    await sender.export(encoder.encode(ROTATION_EXPORTER_CONTEXT), ROTATION_SECRET_BYTES),
  );
  let answer: Awaited<ReturnType<NonNullable<typeof platform.sealingKeyEndorsement>>>;
  try {
    answer = await platform.sealingKeyEndorsement(
      pinned.keyId,
      Buffer.from(sender.enc).toString('base64'),
    );
  } catch (error) {
    if (error instanceof PlatformCallError && error.kind === 'rejected') {
      return refusal(ctx, actor, pinned, error.message);
    }
    throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE');
  }
  const expected = createHmac('sha256', secret)
    .update(
      rotationStatement({ counterId: counter.counterId, fromKeyId: pinned.keyId, ...answer.key }),
    )
    .digest();
  const given = Buffer.from(answer.proof, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refusal(ctx, actor, pinned, 'proof');
  }
  if (answer.key.suite !== SEALING_SUITE) return refusal(ctx, actor, pinned, 'suite');
  if (answer.key.keyId === pinned.keyId) {
    if (answer.key.publicKey !== pinned.publicKey) return refusal(ctx, actor, pinned, 'same-id');
    return refreshOf(pinned, false);
  }
  const now = nowIso(ctx);
  const next: PinnedSealingKey = { ...answer.key, pinnedAt: now, previousKeyId: pinned.keyId };
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTING_KEY, next, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor?.id ?? null,
      actorName: actor?.displayName ?? '系统',
      action: 'applicant.sealing-key-rotated',
      detail: { from: pinned.keyId, to: next.keyId },
    });
  })();
  return refreshOf(next, true);
}

function refusal(
  ctx: ServiceContext,
  actor: Actor | null,
  pinned: PinnedSealingKey,
  reason: string,
): never {
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? '系统',
    action: 'applicant.sealing-key-refused',
    detail: { pinned: pinned.keyId, reason: reason.slice(0, 100) },
  });
  throw new UseCaseError('APPLICANT_SEALING_KEY_UNVERIFIED');
}

/** How often the sync desk's tick asks the platform whether its sealing key changed. */
export const SEALING_KEY_CHECK_MS = 60 * 60_000;
const lastChecks = new WeakMap<ServiceContext, number>();

/**
 * The sync desk's periodic check: once per SEALING_KEY_CHECK_MS while the counter is
 * registered and has a pinned key. Never throws (a refusal is audited by refreshSealingKey).
 */
export async function checkSealingKeyIfDue(ctx: ServiceContext): Promise<void> {
  const now = ctx.clock.now().getTime();
  const last = lastChecks.get(ctx);
  if (last !== undefined && now - last < SEALING_KEY_CHECK_MS) return;
  if (!pinnedSealingKey(ctx)) return;
  lastChecks.set(ctx, now);
  try {
    await refreshSealingKey(ctx, null);
  } catch {
    // Unreachable or unverified: the pinned key stays; the next check tries again.
  }
}
