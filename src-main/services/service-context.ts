import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Clock } from '../domain/ports/clock';
import type { AttachmentVault } from '../store/attachment-vault';
import type { LoadedProfiles } from '../store/profile-files';
import type { CaKeyDesk } from './cakey-desk';
import type { HousekeepingDesk } from './housekeeping';
import type { ExportDesk } from './export';
import type { IdCardDesk } from './idcard-desk';
import type { PrintDesk } from './printing';
import type { SyncDesk } from './sync';

/** What every use case gets: the database, the clock, the profiles, the file vault, the devices, sync. */
export interface ServiceContext {
  db: Database;
  clock: Clock;
  profiles: LoadedProfiles;
  vault: AttachmentVault;
  idcard: IdCardDesk;
  printing: PrintDesk;
  cakey: CaKeyDesk;
  /** The line to the central platform: the outbox worker (issue 6). */
  sync: SyncDesk;
  /** The daily archive batch and the retention purge (issue 8). */
  housekeeping: HousekeepingDesk;
  /** The supervisor's export jobs (issue 8). */
  exports: ExportDesk;
}

/** The acting user, as recorded in the audit log. */
export interface Actor {
  id: number;
  displayName: string;
}

/** The time now as stored: ISO-8601 UTC. */
export function nowIso(ctx: Pick<ServiceContext, 'clock'>): string {
  return ctx.clock.now().toISOString();
}

/** Midnight of the counter's local day, as ISO-8601 UTC, for "today" counts. */
export function startOfToday(ctx: Pick<ServiceContext, 'clock'>): string {
  const now = ctx.clock.now();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}
