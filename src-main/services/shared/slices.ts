/**
 * Long work on the core's own thread, cut into slices. In the desktop app every window waits
 * for the core's event loop: a purge or a batch of thousands of cases done in one go would
 * freeze them all. Between two slices the loop answers what waits (other windows' requests,
 * timers, the progress polls) and then the work goes on.
 */

/** Lets the event loop answer whatever waits, then resolves. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((resolve) => setImmediate(resolve));

/** How long one slice may hold the loop, and how many items it takes at most. */
export interface SliceLimits {
  budgetMs: number;
  maxItems: number;
}

/** A slice ends after 10 ms of work or 20 items, whichever comes first (goal: no block > 50 ms). */
export const DEFAULT_SLICE: SliceLimits = { budgetMs: 10, maxItems: 20 };

/**
 * Counts the work done since the loop last turned; `next()` lets it turn once the slice is
 * used up, and is free otherwise (a resolved promise, no trip through the loop).
 */
export class Slicer {
  private items = 0;
  private started = performance.now();
  /** How many times the work let the loop turn (tests look at it). */
  yields = 0;

  constructor(private readonly limits: SliceLimits = DEFAULT_SLICE) {}

  /** Call after each item. */
  async next(): Promise<void> {
    this.items += 1;
    if (
      this.items < this.limits.maxItems &&
      performance.now() - this.started < this.limits.budgetMs
    )
      return;
    await yieldToEventLoop();
    this.yields += 1;
    this.items = 0;
    this.started = performance.now();
  }
}
