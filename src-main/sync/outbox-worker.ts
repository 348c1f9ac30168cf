import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Clock } from '../domain/ports/clock';
import type {
  CaseSubmission,
  CentralPlatform,
  PlatformAnswer,
} from '../domain/ports/central-platform';
import { PlatformCallError } from '../domain/ports/central-platform';
import type { OutboxEntry } from '../store/repositories/outbox';
import {
  dueEntries,
  entryPhase,
  markOffline,
  markOnline,
  nextDueAt,
  recordFailure,
  recordProgress,
} from '../store/repositories/outbox';

/** What the worker needs from the use cases: what to send, and how an answer lands. */
export interface OutboxHooks {
  /** The submission of an entry's attempt and its files (read from the vault on demand). */
  submission(entry: OutboxEntry): {
    submission: CaseSubmission;
    files: { sha256: string; read(): Uint8Array }[];
  };
  /** Moves the case by the platform's answer; runs inside the worker's transaction. */
  applyAnswer(entry: OutboxEntry, answer: PlatformAnswer): void;
}

/** Tuning of retries, the breaker and the pace; the defaults suit a hall's network. */
export interface OutboxTuning {
  concurrency: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failures to reach the platform before the breaker opens. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  breakerMaxCooldownMs: number;
  /** How often a case under manual review is asked about (the answer comes within a day). */
  reviewPollMs: number;
  /** The longest the worker sleeps between looks at the outbox. */
  idleWakeMs: number;
}

/** Defaults: 1 s doubling to 5 min, breaker after 5 failures, reviews pulled every 10 min. */
export const defaultOutboxTuning: OutboxTuning = {
  concurrency: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  breakerThreshold: 5,
  breakerCooldownMs: 5_000,
  breakerMaxCooldownMs: 5 * 60_000,
  reviewPollMs: 10 * 60_000,
  idleWakeMs: 1_000,
};

/**
 * Group commit: answers wait at most this long (real time, not the Clock: it only gathers
 * replies already arriving; the sending slots are free meanwhile) and at most this many
 * share one transaction. On the sync bench a 10 ms wait gathers about 25 answers a commit
 * and writes an answer in about 150 µs instead of 200-250 µs at 2 ms.
 */
const GROUP_COMMIT_WAIT_MS = 10;
const MAX_GROUP_COMMIT = 64;
/** Due entries read from the outbox at once when it is long. */
const READ_AHEAD = 64;

/** Anything thrown, as an Error (a PlatformCallError stays what it is). */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The breaker's state: closed (sending), open (platform down, waiting), half-open (probing). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Exponential backoff with "equal jitter": half the doubled delay is fixed, half random, so
 * counters that lost the line together do not all come back in the same second.
 */
export function backoffDelay(
  tries: number,
  tuning: Pick<OutboxTuning, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** Math.min(tries, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Sends the outbox to the platform: several entries at once but one per case, each
 * failure backing off on its own, Retry-After honoured for the whole platform, and a circuit
 * breaker that stops hammering a platform that is down. Every answer is written together
 * with the case's new state in one transaction, so a crash at any point leaves the entry to
 * be sent again with the same idempotency key, never a case moved without its entry.
 */
export class OutboxWorker {
  private readonly tuning: OutboxTuning;
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private consecutiveFailures = 0;
  private breaker: BreakerState = 'closed';
  private breakerUntil = 0;
  private breakerCooldown: number;
  private pausedUntil = 0;
  private idleWaiters: (() => void)[] = [];
  /** Due entries read ahead of sending (see takeDue). */
  private readAhead: OutboxEntry[] = [];
  /** Entries answered whose answer waits for the group commit. */
  private readonly committing = new Set<number>();
  /** Answers waiting for the next group commit, each with its sender waiting on it. */
  private pendingAnswers: {
    entry: OutboxEntry;
    answer: PlatformAnswer;
    done: (error: Error | undefined) => void;
  }[] = [];
  private flushScheduled = false;
  private pumpScheduled = false;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      platform: () => CentralPlatform | null;
      hooks: OutboxHooks;
      tuning?: Partial<OutboxTuning>;
      random?: () => number;
      /** A failure that is not the platform's answer: the store, or a fault in our own code. */
      onError?: (error: unknown) => void;
    },
  ) {
    this.tuning = { ...defaultOutboxTuning, ...deps.tuning };
    this.breakerCooldown = this.tuning.breakerCooldownMs;
  }

  /** Starts sending; entries already due go out at once. */
  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops taking new entries and waits for those in flight to finish or fail. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.readAhead = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks at the outbox now: after a submit, or when the clerk asks to retry. */
  kick(): void {
    if (this.running) this.pump();
  }

  /** Forgets the breaker and any Retry-After pause: the clerk's "retry now". */
  resetBreaker(): void {
    this.breaker = 'closed';
    this.consecutiveFailures = 0;
    this.breakerCooldown = this.tuning.breakerCooldownMs;
    this.breakerUntil = 0;
    this.pausedUntil = 0;
  }

  /** The breaker as the sync indicator shows it. */
  breakerState(): { state: BreakerState; until: number | null } {
    return { state: this.breaker, until: this.breaker === 'open' ? this.breakerUntil : null };
  }

  /** Entries being sent right now. */
  inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Resolves when nothing is due and nothing is in flight at the clock's current time: tests
   * move the clock to the next due time and drain again, instead of sleeping.
   */
  async drain(): Promise<void> {
    for (;;) {
      this.pump();
      if (this.busyCount() === 0 && !this.hasDueWork()) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /** When the worker will next look at the outbox by itself (for tests and the indicator). */
  nextWakeAt(): number | null {
    const due = nextDueAt(this.deps.db);
    if (due === null) return null;
    return Math.max(due, this.blockedUntil());
  }

  /** Entries being sent or having their answer written. */
  private busyCount(): number {
    return this.inFlight.size + this.committing.size;
  }

  private busyIds(): number[] {
    return [...this.inFlight.keys(), ...this.committing];
  }

  private blockedUntil(): number {
    return Math.max(this.pausedUntil, this.breaker === 'open' ? this.breakerUntil : 0);
  }

  private hasDueWork(): boolean {
    const now = this.deps.clock.now().getTime();
    if (now < this.blockedUntil()) return false;
    if (!this.deps.platform()) return false;
    if (this.readAhead.length > 0) return true;
    return (
      dueEntries(this.deps.db, {
        nowMs: now,
        limit: 1,
        excludeIds: this.busyIds(),
      }).length > 0
    );
  }

  /**
   * One look at the outbox from a timer or setImmediate: a store that throws here (disk full,
   * database busy past its timeout) is reported and retried at the next wake, never thrown
   * into the event loop, where it would end the core.
   */
  private pump(): void {
    try {
      this.pumpOnce();
    } catch (error) {
      this.deps.onError?.(error);
      try {
        this.schedule();
      } catch {
        // Scheduling reads the store too; the next kick or send starts the worker again.
      }
    }
  }

  private pumpOnce(): void {
    if (this.stopped) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const now = this.deps.clock.now().getTime();
    const platform = this.deps.platform();
    let started = 0;
    if (platform && now >= this.blockedUntil()) {
      if (this.breaker === 'open') this.breaker = 'half-open';
      // Half-open: exactly one probe until it answers.
      const room =
        this.breaker === 'half-open'
          ? this.inFlight.size === 0
            ? 1
            : 0
          : this.tuning.concurrency - this.inFlight.size;
      if (room > 0) {
        for (const entry of this.takeDue(now, room)) {
          const work = this.process(platform, entry).finally(() => {
            this.inFlight.delete(entry.id);
            this.pumpSoon();
          });
          this.inFlight.set(entry.id, work);
          started += 1;
        }
      }
    }
    if (this.busyCount() === 0 && started === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.schedule();
  }

  /**
   * Up to `count` due entries, from a small read-ahead of the outbox: one query serves many
   * sends when the queue is long. An entry read ahead stays valid until it is sent, because
   * only its own send moves it on and a case's next attempt exists only after it is done.
   */
  private takeDue(nowMs: number, count: number): OutboxEntry[] {
    if (this.readAhead.length < count) {
      this.readAhead.push(
        ...dueEntries(this.deps.db, {
          nowMs,
          limit: Math.max(count, READ_AHEAD) - this.readAhead.length,
          excludeIds: [...this.busyIds(), ...this.readAhead.map((entry) => entry.id)],
        }),
      );
    }
    return this.readAhead.splice(0, count);
  }

  /**
   * Looks at the outbox once for all the entries that finished in this turn of the event
   * loop, instead of one query per finished entry.
   */
  private pumpSoon(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private schedule(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.deps.clock.now().getTime();
    const wake = this.nextWakeAt();
    const delay = wake === null ? this.tuning.idleWakeMs : Math.max(0, wake - now);
    this.timer = setTimeout(() => this.pump(), Math.min(delay, this.tuning.idleWakeMs));
    this.timer.unref();
  }

  private async process(platform: CentralPlatform, entry: OutboxEntry): Promise<void> {
    let answer: PlatformAnswer;
    try {
      answer =
        entry.phase === 'poll'
          ? await platform.caseStatus(entry.caseNumber, entry.attempt)
          : await this.send(platform, entry);
    } catch (error) {
      if (!this.stopped) this.failQuietly(entry, error);
      return;
    }
    if (this.stopped) return; // the store may be closing; the entry is sent again later
    this.succeeded();
    // The sending slot is free for the next case now; this entry stays out of dueEntries
    // until its answer is written, so it is neither sent again nor overtaken by a later
    // attempt of the same case.
    this.committing.add(entry.id);
    this.recordSoon(entry, answer)
      .catch((error: unknown) => {
        if (!this.stopped) this.failQuietly(entry, error);
      })
      .finally(() => {
        this.committing.delete(entry.id);
        this.pumpSoon();
      });
  }

  /** Records a failed try; a store that fails too is reported, not thrown into the loop. */
  private failQuietly(entry: OutboxEntry, error: unknown): void {
    try {
      this.failed(entry, error);
    } catch (storeError) {
      this.deps.onError?.(storeError);
    }
  }

  /** Attachments first, each complete on the platform, then the case that names them. */
  private async send(platform: CentralPlatform, entry: OutboxEntry): Promise<PlatformAnswer> {
    const { submission, files } = this.deps.hooks.submission(entry);
    for (const file of files) await platform.uploadAttachment(file.sha256, file.read());
    return platform.submitCase(entry.idempotencyKey, submission);
  }

  /**
   * Queues an answer for the next group commit and resolves once it is on disk (or rejects
   * when that entry's own write failed). Answers that arrive while the store is busy share
   * one transaction: a commit per answer, not per HTTP reply, is what bounds the drain rate.
   */
  private recordSoon(entry: OutboxEntry, answer: PlatformAnswer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pendingAnswers.push({
        entry,
        answer,
        done: (error) => (error === undefined ? resolve() : reject(error)),
      });
      if (this.pendingAnswers.length >= MAX_GROUP_COMMIT) {
        this.flushAnswers();
        return;
      }
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      // More answers are on their way while others are in flight: wait a moment for them.
      if (this.inFlight.size > 0) setTimeout(() => this.flushAnswers(), GROUP_COMMIT_WAIT_MS);
      else setImmediate(() => this.flushAnswers());
    });
  }

  private flushAnswers(): void {
    this.flushScheduled = false;
    const batch = this.pendingAnswers.splice(0);
    if (batch.length === 0) return;
    // The store may be closing: the entries are sent again later with the same keys.
    if (this.stopped) {
      for (const item of batch) item.done(undefined);
      return;
    }
    const { db, clock } = this.deps;
    // All answers in one transaction; when one of them cannot be written, the batch is
    // written again with a savepoint per answer so that one fails alone.
    const write = (isolated: boolean) =>
      db
        .transaction(() => {
          markOnline(db, clock.now().toISOString());
          return batch.map((item): Error | undefined => {
            if (!isolated) {
              this.record(item.entry, item.answer);
              return undefined;
            }
            try {
              db.transaction(() => this.record(item.entry, item.answer))();
              return undefined;
            } catch (error) {
              return asError(error);
            }
          });
        })
        .immediate();
    let outcomes: (Error | undefined)[];
    try {
      try {
        outcomes = write(false);
      } catch {
        outcomes = write(true);
      }
    } catch (error) {
      for (const item of batch) item.done(asError(error));
      return;
    }
    batch.forEach((item, index) => item.done(outcomes[index]));
  }

  /** Writes one answer; runs inside the group commit's transaction. */
  private record(entry: OutboxEntry, answer: PlatformAnswer): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    // Two replies for one entry (a duplicated reply, a late poll): the first one counts.
    const phase = entryPhase(db, entry.id);
    if (phase === 'done' || (phase === 'poll' && answer.status === 'manual-review')) {
      if (phase === 'poll') {
        recordProgress(db, entry.id, {
          phase: 'poll',
          nextAt: now.getTime() + this.tuning.reviewPollMs,
          answer: JSON.stringify(answer),
          now: now.toISOString(),
        });
      }
      return;
    }
    this.deps.hooks.applyAnswer(entry, answer);
    const final = answer.status !== 'manual-review';
    recordProgress(db, entry.id, {
      phase: final ? 'done' : 'poll',
      nextAt: final ? now.getTime() : now.getTime() + this.tuning.reviewPollMs,
      answer: JSON.stringify(answer),
      now: now.toISOString(),
    });
  }

  private succeeded(): void {
    this.consecutiveFailures = 0;
    if (this.breaker !== 'closed') {
      this.breaker = 'closed';
      this.breakerCooldown = this.tuning.breakerCooldownMs;
    }
  }

  private failed(entry: OutboxEntry, error: unknown): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    const nowMs = now.getTime();
    const failure =
      error instanceof PlatformCallError
        ? error
        : new PlatformCallError(
            'server-error',
            error instanceof Error ? error.message : '未知错误',
          );
    if (!(error instanceof PlatformCallError)) this.deps.onError?.(error);
    let delay = backoffDelay(entry.tries, this.tuning, this.deps.random ?? Math.random);
    if (failure.retryAfterMs !== null) {
      delay = Math.max(delay, failure.retryAfterMs);
      this.pausedUntil = Math.max(this.pausedUntil, nowMs + failure.retryAfterMs);
    }
    const platformDown = failure.kind !== 'rejected';
    if (platformDown) {
      this.consecutiveFailures += 1;
      if (
        this.breaker === 'half-open' ||
        this.consecutiveFailures >= this.tuning.breakerThreshold
      ) {
        if (this.breaker === 'half-open') {
          this.breakerCooldown = Math.min(
            this.breakerCooldown * 2,
            this.tuning.breakerMaxCooldownMs,
          );
        }
        this.breaker = 'open';
        this.breakerUntil = nowMs + this.breakerCooldown;
      }
    }
    db.transaction(() => {
      recordFailure(db, entry.id, {
        error: failure.message,
        nextAt: nowMs + delay,
        now: now.toISOString(),
      });
      if (failure.kind === 'unreachable' || this.breaker === 'open') {
        markOffline(db, now.toISOString(), failure.message);
      }
    }).immediate();
  }
}
