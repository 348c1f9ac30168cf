import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Clock } from '../domain/ports/clock';

/** What every use case gets: the open database and the clock. */
export interface ServiceContext {
  db: Database;
  clock: Clock;
}

/** The acting user, as recorded in the audit log. */
export interface Actor {
  id: number;
  displayName: string;
}

/** The time now as stored: ISO-8601 UTC. */
export function nowIso(ctx: ServiceContext): string {
  return ctx.clock.now().toISOString();
}

/** Midnight of the counter's local day, as ISO-8601 UTC, for "today" counts. */
export function startOfToday(ctx: ServiceContext): string {
  const now = ctx.clock.now();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}
