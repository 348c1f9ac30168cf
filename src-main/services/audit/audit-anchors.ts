import type { AuditAnchor, AuditAnchorPlatform } from '../../domain/ports/central-platform';
import { auditAnchorText, PlatformCallError } from '../../domain/ports/central-platform';
import { appendAudit } from '../../store/repositories/audit-log';
import {
  auditHashesByIds,
  lastAnchor,
  lastAuditId,
  listUnsentAnchors,
  markAnchorFailed,
  markAnchorSent,
  queueAnchor,
} from '../../store/repositories/audit-anchors';
import type { RequestSigner } from '../../sync/request-signer';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/**
 * Anchors the audit chain outside the counter. The hash chain proves that rows were not
 * edited one by one, but whoever holds the store key can drop the triggers, rewrite rows and
 * re-hash everything after them, and the chain checks out again. So the outbox hands the
 * platform a signed checkpoint (last row id and hash) every few minutes and at each submit;
 * verification compares the local log with the platform's copies and says from which row on
 * the log no longer matches what the platform saw.
 */

/** How often a checkpoint is taken while the log grows (the platform sees at most this late). */
export const DEFAULT_ANCHOR_INTERVAL_MS = 10 * 60_000;

/** Takes a checkpoint at a case's submit; call inside the submit's transaction. */
export function queueSubmitAnchor(ctx: ServiceContext): void {
  queueAnchor(ctx.db, { reason: 'submit', now: nowIso(ctx) });
}

/** Takes an interval checkpoint when the last is older than the interval and the log grew. */
export function queueIntervalAnchorIfDue(ctx: ServiceContext, intervalMs: number): boolean {
  const lastId = lastAuditId(ctx.db);
  const last = lastAnchor(ctx.db);
  if (lastId === 0 || (last && last.auditId >= lastId)) return false;
  if (last && ctx.clock.now().getTime() - Date.parse(last.createdAt) < intervalMs) return false;
  return queueAnchor(ctx.db, { reason: 'interval', now: nowIso(ctx) }) !== null;
}

/**
 * Sends the queued checkpoints in order, each signed with the counter's key. Stops at the
 * first failure (kept with its reason) so the platform never sees them out of order; the
 * next tick tries again.
 */
export async function sendQueuedAnchors(
  ctx: ServiceContext,
  platform: AuditAnchorPlatform,
  signer: RequestSigner,
): Promise<number> {
  let sent = 0;
  for (const queued of listUnsentAnchors(ctx.db)) {
    const checkpoint = { auditId: queued.auditId, hash: queued.hash, at: queued.createdAt };
    const anchor: AuditAnchor = {
      ...checkpoint,
      reason: queued.reason,
      signature: signer.signText(auditAnchorText(signer.counterId, checkpoint)),
    };
    try {
      await platform.sendAuditAnchor(anchor);
    } catch (error) {
      const message = error instanceof PlatformCallError ? error.message : '发送失败';
      markAnchorFailed(ctx.db, queued.id, message);
      return sent;
    }
    markAnchorSent(ctx.db, queued.id, nowIso(ctx));
    sent += 1;
  }
  return sent;
}

/** What comparing the local log with the platform's checkpoints found. */
export interface AnchorVerification {
  state: 'match' | 'diverged' | 'no-anchors';
  anchorsChecked: number;
  /** The last row the platform's checkpoints vouch for. */
  lastMatchingId: number | null;
  /** From this row on, the local log no longer matches what the platform saw. */
  divergesFromId: number | null;
  message: string;
}

function localTime(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Compares the local log with the platform's checkpoints (pure over what both hold). */
export function compareWithAnchors(
  anchors: readonly AuditAnchor[],
  localHashes: ReadonlyMap<number, string>,
): AnchorVerification {
  const ordered = [...anchors].sort((a, b) => a.auditId - b.auditId);
  if (ordered.length === 0) {
    return {
      state: 'no-anchors',
      anchorsChecked: 0,
      lastMatchingId: null,
      divergesFromId: null,
      message: '平台尚未收到本柜台的审计日志检查点，暂无法比对。联网并有办件提交后会自动发送。',
    };
  }
  let lastMatchingId: number | null = null;
  for (const anchor of ordered) {
    const local = localHashes.get(anchor.auditId);
    if (local === anchor.hash) {
      lastMatchingId = anchor.auditId;
      continue;
    }
    const divergesFromId = (lastMatchingId ?? 0) + 1;
    const seen = `平台于 ${localTime(anchor.at)} 收到的检查点（第 ${anchor.auditId} 条记录）`;
    return {
      state: 'diverged',
      anchorsChecked: ordered.length,
      lastMatchingId,
      divergesFromId,
      message:
        local === undefined
          ? `本机审计日志自第 ${divergesFromId} 条记录起与平台所见不一致：${seen}在本机已不存在，日志可能被截断或删改。请立即联系信息中心，并保留本机数据文件夹，不要再修改本机。`
          : `本机审计日志自第 ${divergesFromId} 条记录起与平台所见不一致：${seen}与本机记录的哈希不同，该段日志可能被改写。请立即联系信息中心，并保留本机数据文件夹，不要再修改本机。`,
    };
  }
  return {
    state: 'match',
    anchorsChecked: ordered.length,
    lastMatchingId,
    divergesFromId: null,
    message: `本机审计日志与平台保存的 ${ordered.length} 个检查点一致（核对到第 ${lastMatchingId ?? 0} 条记录）。`,
  };
}

/** Fetches the platform's checkpoints, compares the local log with them and audits the check. */
export async function verifyWithPlatform(
  ctx: ServiceContext,
  actor: Actor,
  platform: AuditAnchorPlatform,
): Promise<AnchorVerification> {
  const anchors = await platform.auditAnchors();
  const result = compareWithAnchors(
    anchors,
    auditHashesByIds(
      ctx.db,
      anchors.map((anchor) => anchor.auditId),
    ),
  );
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'audit.anchors-verified',
    detail: {
      state: result.state,
      anchors: result.anchorsChecked,
      divergesFrom: result.divergesFromId,
    },
  });
  return result;
}

/** 与中心平台核对: the supervisor's check of the local log against the platform's copies. */
export async function verifyAuditAnchors(
  ctx: ServiceContext,
  actor: Actor,
): Promise<AnchorVerification> {
  const target = ctx.sync.anchorTarget();
  if (!target) throw new UseCaseError('SYNC_NOT_CONFIGURED');
  // Whatever is still queued goes first, so the comparison covers the latest checkpoint.
  await ctx.sync.anchorTick();
  try {
    return await verifyWithPlatform(ctx, actor, target.platform);
  } catch (error) {
    if (error instanceof PlatformCallError) throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE');
    throw error;
  }
}
