import type { PurgePreview, PurgeProgress } from '../../contract/archive-channels';
import { dailyRunDue, localDayKey } from '../../domain/retention';
import { runArchiveBatch } from './archive';
import type { PurgePlan } from './retention';
import {
  executePurge,
  getRetentionSettings,
  lastDailyRunDay,
  planPurge,
  planStillValid,
  recordDailyRun,
} from './retention';
import type { Actor, HousekeepingDeskPort, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { errorKind, recordJobFailure } from '../shared/job-failure';
import { UseCaseError } from '../shared/use-case-error';

/** How long a preview may be run after it was shown. */
const PREVIEW_VALID_MS = 15 * 60_000;
/** How often the timer asks the clock whether the daily run is due. */
const CHECK_EVERY_MS = 60_000;

const idleProgress: PurgeProgress = {
  state: 'idle',
  previewId: null,
  done: 0,
  total: 0,
  result: null,
  error: null,
  startedAt: null,
  finishedAt: null,
};

/**
 * The core's housekeeping: the daily archive batch and retention purge, and the
 * purge running in the background with its progress. The timer only wakes it up; whether
 * anything is due is decided by the Clock port, so tests call `tick()` on a manual clock.
 */
export class HousekeepingDesk implements HousekeepingDeskPort {
  private timer: ReturnType<typeof setInterval> | null = null;
  private plan: PurgePlan | null = null;
  private progress: PurgeProgress = idleProgress;
  private running: Promise<unknown> | null = null;
  private ticking: Promise<void> | null = null;
  private ctx: ServiceContext | null = null;

  /** Starts the timer with the core. */
  start(ctx: ServiceContext): void {
    this.stop();
    this.ctx = ctx;
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Stops the timer; a running purge finishes its current case. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Runs the daily archive batch (and, when enabled, the purge) once per local day from the
   * configured hour. The day is recorded first, so a failing run is not retried every minute.
   */
  tick(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return Promise.resolve();
    // A failing run (a store error, a purge plan that throws) is recorded, never thrown into
    // the timer, where it would end the core.
    this.ticking ??= this.dailyRun(ctx)
      .catch((error: unknown) => recordJobFailure(ctx, 'daily-run', error))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async dailyRun(ctx: ServiceContext): Promise<void> {
    const settings = getRetentionSettings(ctx);
    const now = ctx.clock.now();
    if (!dailyRunDue(lastDailyRunDay(ctx), now, settings.dailyRunHour)) return;
    recordDailyRun(ctx, localDayKey(now));
    if (settings.dailyArchive) await runArchiveBatch(ctx, null);
    if (settings.dailyPurge && !this.running) {
      const plan = await planPurge(ctx);
      this.plan = plan;
      await this.startPurge(ctx, null, plan.preview.previewId);
    }
  }

  /** Computes and remembers what a purge would remove now. */
  async preview(ctx: ServiceContext): Promise<PurgePreview> {
    if (this.purging()) throw new UseCaseError('PURGE_RUNNING');
    const plan = await planPurge(ctx);
    // A purge started while this preview was read: its own preview is the one that counts.
    if (this.purging()) throw new UseCaseError('PURGE_RUNNING');
    this.plan = plan;
    return plan.preview;
  }

  /**
   * Starts the purge of the preview the supervisor saw, in the background; resolves when it
   * has finished. Refused when that preview is gone, too old, or the settings changed since.
   */
  startPurge(ctx: ServiceContext, actor: Actor | null, previewId: string): Promise<unknown> {
    if (this.progress.state === 'running') throw new UseCaseError('PURGE_RUNNING');
    const plan = this.plan;
    const age = plan ? ctx.clock.now().getTime() - Date.parse(plan.preview.createdAt) : Infinity;
    if (!plan || plan.preview.previewId !== previewId || age > PREVIEW_VALID_MS) {
      throw new UseCaseError('PURGE_PREVIEW_STALE');
    }
    if (!planStillValid(ctx, plan)) throw new UseCaseError('PURGE_PREVIEW_STALE');
    this.plan = null;
    const total = new Set([
      ...plan.preview.attachments.caseNumbers,
      ...plan.preview.personalData.caseNumbers,
    ]).size;
    this.progress = {
      ...idleProgress,
      state: 'running',
      previewId,
      total,
      startedAt: nowIso(ctx),
    };
    this.running = executePurge(ctx, actor, plan.preview, (done) => {
      this.progress = { ...this.progress, done };
    })
      .then((result) => {
        this.progress = { ...this.progress, state: 'done', result, finishedAt: nowIso(ctx) };
      })
      .catch((error: unknown) => {
        this.progress = {
          ...this.progress,
          state: 'failed',
          error: `清除中断（${describeFailure(error)}）。已清除的办件保持清除状态，请重新预览后继续。`,
          finishedAt: nowIso(ctx),
        };
        recordJobFailure(ctx, 'purge', error);
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private purging(): boolean {
    return this.progress.state === 'running';
  }

  /** Where the purge stands. */
  currentProgress(): PurgeProgress {
    return this.progress;
  }

  /** Resolves once no purge is running (tests, and closing the core). */
  async whenIdle(): Promise<void> {
    await this.ticking;
    await this.running;
  }
}

/** A failure in words without personal data: a use case's message, else the system code. */
function describeFailure(error: unknown): string {
  if (error instanceof UseCaseError) return error.extra.message ?? error.code;
  const { kind, code } = errorKind(error);
  return code ? `${kind} ${code}` : kind;
}
