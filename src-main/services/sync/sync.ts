import { randomUUID } from 'node:crypto';
import type { SyncEntry, SyncStatus } from '../../contract/sync-channels';
import type {
  CaseSubmission,
  CentralPlatform,
  PlatformAnswer,
} from '../../domain/ports/central-platform';
import type { AuditAnchorPlatform } from '../../domain/ports/central-platform';
import { PlatformCallError } from '../../domain/ports/central-platform';
import type { AccountDirectory } from '../../domain/ports/account-directory';
import { applicantSecretsOf } from '../../domain/operations/operation';
import { appendAudit } from '../../store/repositories/audit-log';
import { listAttachments } from '../../store/repositories/case-items';
import type { CaseRecord } from '../../store/repositories/cases';
import { findCaseByNumber } from '../../store/repositories/cases';
import type { OutboxEntry } from '../../store/repositories/outbox';
import {
  countOpenEntries,
  latestFailureSince,
  insertSyncCounter,
  listOpenEntries,
  makeDueNow,
  markCounterRegistered,
  markOnline,
  readSyncCounter,
} from '../../store/repositories/outbox';
import { HttpCentralPlatform } from '../../sync/http-platform';
import type { OutboxHooks, OutboxTuning } from '../../sync/outbox-worker';
import { OutboxWorker } from '../../sync/outbox-worker';
import { generateCounterKeyPair, RequestSigner } from '../../sync/request-signer';
import {
  clearOutboxSealedSecret,
  outboxSealedSecret,
  readCaseApplicant,
} from '../../store/repositories/case-applicant';
import { sendPendingRatings } from '../applicant/applicant-rating-sync';
import { checkSealingKeyIfDue, pinSealingKey } from '../applicant/applicant-sealing-key';
import { applyPlatformAnswer } from '../cases/case-workflow';
import { requireCase } from '../cases/cases';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { recordJobFailure } from '../shared/job-failure';
import { getSettings } from '../shared/settings';
import { offlineNotice } from './sync-outbox';
import { UseCaseError } from '../shared/use-case-error';
import {
  DEFAULT_ANCHOR_INTERVAL_MS,
  queueIntervalAnchorIfDue,
  sendQueuedAnchors,
} from '../audit/audit-anchors';
import type { SyncDeskPort } from '../shared/service-context';

/** How the core runs sync: a platform to use instead of HTTP (tests), and the retry tuning. */
export interface SyncOptions {
  tuning?: Partial<OutboxTuning>;
  random?: () => number;
  /** Start the worker with the core (default true). */
  autoStart?: boolean;
  /** How often the audit chain is checkpointed at the platform while it grows. */
  anchorIntervalMs?: number;
}

/** How often the anchor timer looks whether a checkpoint is due (the clock decides). */
const ANCHOR_TICK_MS = 60_000;

/** The words for where an entry stands. */
const phaseLabels = { send: '待发送', poll: '平台人工核验中' } as const;

/** The platform's answer as a case event, its words and the profile's next step. */
function caseAnswer(
  ctx: ServiceContext,
  profileId: string,
  answer: PlatformAnswer,
): { event: 'accept' | 'refuse' | 'await-review'; message: string; nextStep: string | null } {
  const refusals = profileById(ctx, profileId).refusals;
  switch (answer.status) {
    case 'accepted':
      return {
        event: 'accept',
        // The platform's own words follow, e.g. an upgrade's new 单位编号 to log in with.
        message:
          (answer.platformCaseId
            ? `平台已受理（平台编号 ${answer.platformCaseId}）`
            : '平台已受理') + (answer.message ? `：${answer.message}` : ''),
        nextStep: null,
      };
    case 'manual-review':
      return {
        event: 'await-review',
        message: answer.message,
        // The review's own words pick its next step (an appeal's differ from a 比对's).
        nextStep:
          (
            refusals.find((item) => item.platformMessage === answer.message) ??
            refusals.find((item) => item.code === 'MANUAL_REVIEW')
          )?.nextStep ?? null,
      };
    case 'refused':
      return {
        event: 'refuse',
        message: answer.message,
        nextStep:
          refusals.find((item) => item.code === answer.code)?.nextStep ??
          '请按平台答复核对办件信息，点击“退回后重新修改”改正后再次提交。',
      };
  }
}

/**
 * The core's line to the central platform: the outbox worker, the HTTP adapter built from
 * the settings and the counter's registered key. The shell starts it with the core.
 */
export class SyncDesk implements SyncDeskPort {
  private worker: OutboxWorker | null = null;
  private platform: HttpCentralPlatform | null = null;
  private platformKey = '';
  /** The platform worked out from the settings; undefined until asked or after a change. */
  private resolved: CentralPlatform | null | undefined = undefined;
  private ctx: ServiceContext | null = null;
  private anchorTimer: NodeJS.Timeout | null = null;
  private anchoring: Promise<void> | null = null;

  constructor(
    private readonly options: SyncOptions = {},
    /** A platform to use instead of HTTP, for tests of the worker's decisions. */
    private readonly override?: CentralPlatform,
  ) {}

  /** Starts the outbox worker over the open services. */
  start(ctx: ServiceContext): void {
    this.ctx = ctx;
    this.resolved = undefined;
    this.worker = new OutboxWorker({
      db: ctx.db,
      clock: ctx.clock,
      platform: () => this.currentPlatform(),
      hooks: this.hooks(ctx),
      tuning: this.options.tuning,
      random: this.options.random,
      onError: (error) => recordJobFailure(ctx, 'outbox', error),
    });
    if (this.options.autoStart !== false) {
      this.worker.start();
      this.anchorTimer = setInterval(() => void this.anchorTick(), ANCHOR_TICK_MS);
      this.anchorTimer.unref();
    }
  }

  /** Stops the worker; what is in flight is sent again on the next start. */
  async stop(): Promise<void> {
    if (this.anchorTimer) clearInterval(this.anchorTimer);
    this.anchorTimer = null;
    await this.anchoring;
    await this.worker?.stop();
    this.platform?.close();
    this.platform = null;
    this.resolved = undefined;
  }

  /** The worker, for tests that drain it on a manual clock. */
  outboxWorker(): OutboxWorker | null {
    return this.worker;
  }

  /** Looks at the outbox now (after a submit), and sends the submit's audit checkpoint. */
  kick(): void {
    this.worker?.kick();
    if (this.anchorTimer) void this.anchorTick();
  }

  /**
   * The platform and the counter's signer for audit checkpoints, or null while the counter
   * is not registered (or the platform in use cannot take them).
   */
  anchorTarget(): { platform: AuditAnchorPlatform; signer: RequestSigner } | null {
    const ctx = this.ctx;
    const platform = this.currentPlatform();
    const counter = ctx ? readSyncCounter(ctx.db) : null;
    if (!platform || !counter || !isAnchorPlatform(platform)) return null;
    return { platform, signer: new RequestSigner(counter.counterId, counter.privateKey) };
  }

  /**
   * Takes an interval checkpoint when one is due and sends every queued one. Never throws:
   * a failed send stays queued with its reason and goes with the next tick.
   */
  anchorTick(): Promise<void> {
    this.anchoring ??= (async () => {
      const ctx = this.ctx;
      if (!ctx) return;
      try {
        queueIntervalAnchorIfDue(ctx, this.options.anchorIntervalMs ?? DEFAULT_ANCHOR_INTERVAL_MS);
        const target = this.anchorTarget();
        if (target) await sendQueuedAnchors(ctx, target.platform, target.signer);
        // The platform's sealing key: a rotation is picked up (verified) at most hourly.
        if (target) await checkSealingKeyIfDue(ctx);
      } catch {
        // The store closing under a tick, or a platform gone mid-send: the next tick retries.
      }
    })().finally(() => {
      this.anchoring = null;
    });
    return this.anchoring;
  }

  /** Settings changed: the next call builds the client for the new address. */
  reconfigure(): void {
    this.platformKey = '';
    this.resolved = undefined;
    this.worker?.kick();
  }

  /** The platform's account directory (查找账号), or null while the line is not set up. */
  accountDirectory(): AccountDirectory | null {
    const platform = this.currentPlatform();
    if (!platform || !('lookupAccount' in platform)) return null;
    return platform as CentralPlatform & AccountDirectory;
  }

  /**
   * The platform to send to, or null while no address is set or the counter not registered.
   * Worked out once and kept until reconfigure(): the worker asks on every look at the outbox,
   * and reading the settings and the key each time cost more than sending.
   */
  currentPlatform(): CentralPlatform | null {
    const ctx = this.ctx;
    if (!ctx) return null;
    if (this.resolved !== undefined) return this.resolved;
    const url = getSettings(ctx).platformUrl;
    const counter = readSyncCounter(ctx.db);
    if (!url || !counter?.registeredAt) {
      this.resolved = null;
      return null;
    }
    if (this.override) {
      this.resolved = this.override;
      return this.override;
    }
    const key = `${url}|${counter.counterId}|${counter.registeredAt}`;
    if (!this.platform || key !== this.platformKey) {
      this.platform?.close();
      const signer = new RequestSigner(counter.counterId, counter.privateKey);
      this.platform = this.clientFor(ctx, url, () => signer);
      this.platformKey = key;
    }
    this.resolved = this.platform;
    return this.platform;
  }

  /** An HTTP client for an address, signing with the given signer. */
  clientFor(
    ctx: ServiceContext,
    url: string,
    signer: () => RequestSigner | null,
  ): HttpCentralPlatform {
    return new HttpCentralPlatform({
      baseUrl: url,
      clock: ctx.clock,
      signer,
      maxSockets: this.options.tuning?.concurrency ?? 8,
    });
  }

  /** The platform used for registration: the override in tests, else HTTP without a key. */
  registrationPlatform(ctx: ServiceContext, url: string): CentralPlatform {
    return this.override ?? this.clientFor(ctx, url, () => null);
  }

  private hooks(ctx: ServiceContext): OutboxHooks {
    // Each case's profile, from its send until its answer is written.
    const sentProfiles = new Map<number, string>();
    return {
      submission: (entry: OutboxEntry) => {
        const record = findCaseByNumber(ctx.db, entry.caseNumber);
        if (!record) throw new PlatformCallError('rejected', '办件已不在本机');
        sentProfiles.set(entry.id, record.profileId);
        const attachments = listAttachments(ctx.db, record.id);
        const submission: CaseSubmission = {
          caseNumber: record.caseNumber,
          attempt: entry.attempt,
          profileId: record.profileId,
          ruleVersion: record.ruleVersion,
          caseType: {
            operation: record.operation,
            subjectType: record.subjectType,
            delegated: record.delegated,
          },
          values: record.values,
          applicant: applicantPart(ctx, record, entry.id),
          attachments: attachments.map((item) => ({
            sha256: item.sha256,
            itemCode: item.itemCode,
            fileName: item.fileName,
            mimeType: item.mimeType,
            size: item.size,
          })),
        };
        const unique = [...new Set(attachments.map((item) => item.sha256))];
        return {
          submission,
          files: unique.map((sha256) => ({
            sha256,
            read: () => {
              try {
                return ctx.vault.get(sha256);
              } catch {
                // A file the vault cannot give back stays stuck alone; others go on.
                throw new PlatformCallError('rejected', '附件文件缺失或已损坏，无法发送');
              }
            },
          })),
        };
      },
      applyAnswer: (entry, answer) => {
        // The profile was read when the case was sent; a status poll reads it again.
        const profileId =
          sentProfiles.get(entry.id) ?? findCaseByNumber(ctx.db, entry.caseNumber)?.profileId;
        sentProfiles.delete(entry.id);
        // The platform has answered: it holds the sealed password, the counter drops it.
        clearOutboxSealedSecret(ctx.db, entry.id);
        // The line works and the platform has the case: ratings given meanwhile can follow.
        queueMicrotask(() => void sendPendingRatings(ctx));
        if (!profileId) return;
        applyPlatformAnswer(ctx, entry.caseNumber, caseAnswer(ctx, profileId, answer));
      },
    };
  }
}

/** Whether a platform takes audit checkpoints (the HTTP adapter does; test doubles may not). */
function isAnchorPlatform(
  platform: CentralPlatform,
): platform is CentralPlatform & AuditAnchorPlatform {
  return 'sendAuditAnchor' in platform && 'auditAnchors' in platform;
}

/** What the applicant did on their screen, with the sealed password of this attempt. */
function applicantPart(
  ctx: ServiceContext,
  record: CaseRecord,
  outboxId: number,
): CaseSubmission['applicant'] {
  const steps = readCaseApplicant(ctx.db, record.id);
  const sealed = outboxSealedSecret(ctx.db, outboxId);
  if (!steps.confirmedAt && !steps.consentVersion && !sealed && !steps.rating) {
    return undefined;
  }
  // An operation's secrets travel under their own name: the platform opens them as such.
  const operations = profileById(ctx, record.profileId).operations;
  const secrets = applicantSecretsOf(operations, record.operation).length > 0;
  return {
    confirmedAt: steps.confirmAnswer === 'correct' ? steps.confirmedAt : null,
    consentVersion: steps.consentGiven === true ? steps.consentVersion : null,
    sealedPassword: secrets ? null : sealed,
    ...(secrets ? { sealedSecrets: sealed } : {}),
    rating: steps.rating,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The sync indicator's state. */
export function syncStatus(ctx: ServiceContext): SyncStatus {
  const settings = getSettings(ctx);
  const counter = readSyncCounter(ctx.db);
  const counts = countOpenEntries(ctx.db);
  const worker = ctx.sync.outboxWorker();
  const base = {
    queueLength: counts.send,
    reviewCount: counts.poll,
    lastSuccessAt: counter?.lastSuccessAt ?? null,
    offlineSince: counter?.offlineSince ?? null,
    nextRetryAt: iso(worker?.nextWakeAt() ?? null),
    notice: offlineNotice(ctx, counter?.offlineSince ?? null),
    counterId: counter?.counterId ?? null,
    registeredAt: counter?.registeredAt ?? null,
    platformUrl: settings.platformUrl,
  };
  if (!settings.platformUrl) {
    return {
      ...base,
      state: 'not-configured',
      label: '未连接平台',
      detail: '尚未设置中心平台地址，办件暂存本机。请负责人在“设置”中填写。',
    };
  }
  if (!counter?.registeredAt) {
    return {
      ...base,
      state: 'not-registered',
      label: '柜台未登记',
      detail: '本柜台尚未在平台登记，办件暂存本机。请负责人在“同步”页面登记。',
    };
  }
  if (counter.offlineSince) {
    return {
      ...base,
      state: 'offline',
      label: '离线',
      detail: `平台暂时无法连接，办件暂存本机，联网后自动发送。最近错误：${counter.lastProblem ?? '网络中断'}。`,
    };
  }
  if (!counter.lastSuccessAt) {
    return { ...base, state: 'waiting', label: '等待连接', detail: '尚未与平台通信。' };
  }
  // Sending fails (HTTP 500 and the like) although the line is not counted offline yet.
  const failure = latestFailureSince(ctx.db, counter.lastSuccessAt);
  if (failure) {
    return {
      ...base,
      state: 'failing',
      label: '发送出错',
      detail: `最近一次发送未成功，办件暂存本机，将自动重试。最近错误：${failure.error}。`,
    };
  }
  return {
    ...base,
    state: 'online',
    label: '在线',
    detail: counts.send > 0 ? `正在发送 ${counts.send} 件。` : '办件均已送达平台。',
  };
}

/**
 * The outbox for the queue screen: each waiting attempt with its last error; or one case's,
 * for its own page (which must find it even behind a long backlog).
 */
export function syncQueue(ctx: ServiceContext, input: { caseNumber?: string } = {}): SyncEntry[] {
  const caseId = input.caseNumber ? findCaseByNumber(ctx.db, input.caseNumber)?.id : undefined;
  if (input.caseNumber && caseId === undefined) return [];
  return listOpenEntries(ctx.db, 500, caseId).map((entry) => ({
    caseNumber: entry.caseNumber,
    attempt: entry.attempt,
    phase: entry.phase === 'poll' ? 'poll' : 'send',
    phaseLabel: phaseLabels[entry.phase === 'poll' ? 'poll' : 'send'],
    tries: entry.tries,
    lastError: entry.lastError,
    lastTriedAt: entry.lastTriedAt,
    nextAttemptAt: new Date(entry.nextAt).toISOString(),
    queuedAt: entry.createdAt,
  }));
}

/** The clerk's "retry now": every waiting entry (or one case's) is due at once. */
export function retrySyncNow(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber?: string },
): SyncStatus {
  const caseId = input.caseNumber ? requireCase(ctx, input.caseNumber).id : undefined;
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    makeDueNow(ctx.db, ctx.clock.now().getTime(), caseId);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'sync.retry-now',
      subject: input.caseNumber ?? null,
    });
  })();
  ctx.sync.outboxWorker()?.resetBreaker();
  ctx.sync.kick();
  return syncStatus(ctx);
}

/** The counter's key pair, made once on first need. */
function ensureCounterKey(ctx: ServiceContext) {
  const existing = readSyncCounter(ctx.db);
  if (existing) return existing;
  const pair = generateCounterKeyPair();
  insertSyncCounter(ctx.db, { counterId: `CTR-${randomUUID().slice(0, 13)}`, ...pair });
  const created = readSyncCounter(ctx.db);
  if (!created) throw new UseCaseError('INTERNAL');
  return created;
}

/** Registers this counter's public key with the platform (supervisor, once per counter). */
export async function registerCounter(
  ctx: ServiceContext,
  actor: Actor,
  input: { enrolmentCode: string },
): Promise<SyncStatus> {
  const settings = getSettings(ctx);
  if (!settings.platformUrl) throw new UseCaseError('SYNC_NOT_CONFIGURED');
  const counter = ensureCounterKey(ctx);
  const platform = ctx.sync.registrationPlatform(ctx, settings.platformUrl);
  let receipt: Awaited<ReturnType<CentralPlatform['registerCounter']>>;
  try {
    receipt = await platform.registerCounter({
      counterId: counter.counterId,
      hallCode: settings.hallCode,
      publicKey: counter.publicKey,
      enrolmentCode: input.enrolmentCode,
    });
  } catch (error) {
    if (error instanceof PlatformCallError && error.kind === 'rejected') {
      throw new UseCaseError('SYNC_REGISTRATION_REFUSED', {
        // The platform's words rarely end a sentence; the next step follows on the same line.
        message: `平台拒绝登记：${error.message.replace(/[。.]?$/, '。')}`,
      });
    }
    throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE');
  } finally {
    if (platform instanceof HttpCentralPlatform) platform.close();
  }
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    markCounterRegistered(ctx.db, now, settings.platformUrl);
    // The platform just answered: the indicator shows 在线 and a last success, not 等待连接.
    markOnline(ctx.db, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'sync.counter-registered',
      detail: { counterId: counter.counterId },
    });
  })();
  // The platform's key for applicants' passwords comes with the registration and is pinned.
  if (receipt?.sealingKey) pinSealingKey(ctx, receipt.sealingKey, 'registration');
  ctx.sync.reconfigure();
  return syncStatus(ctx);
}
