import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/** Where an outbox entry stands: being sent, waiting for a manual review, finished. */
export type OutboxPhase = 'send' | 'poll' | 'done';

interface OutboxRow {
  id: number;
  case_id: number;
  case_number: string;
  attempt: number;
  idempotency_key: string;
  phase: string;
  tries: number;
  next_at: number;
  last_error: string | null;
  last_tried_at: string | null;
  created_at: string;
}

/** One attempt of a case waiting to reach the platform, or waiting for its answer. */
export interface OutboxEntry {
  id: number;
  caseId: number;
  caseNumber: string;
  attempt: number;
  idempotencyKey: string;
  phase: OutboxPhase;
  tries: number;
  nextAt: number;
  lastError: string | null;
  lastTriedAt: string | null;
  createdAt: string;
}

function rowToEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    attempt: row.attempt,
    idempotencyKey: row.idempotency_key,
    phase: row.phase as OutboxPhase,
    tries: row.tries,
    nextAt: row.next_at,
    lastError: row.last_error,
    lastTriedAt: row.last_tried_at,
    createdAt: row.created_at,
  };
}

const SELECT_ENTRY = `
  SELECT o.id, o.case_id, c.case_number, o.attempt, o.idempotency_key, o.phase, o.tries,
    o.next_at, o.last_error, o.last_tried_at, o.created_at
  FROM outbox o JOIN cases c ON c.id = o.case_id`;

/**
 * Adds the next attempt of a case; call inside the transaction that submits the case.
 * Returns the attempt number (1 for a first submission).
 */
export function enqueueAttempt(
  db: Database,
  input: { caseId: number; idempotencyKey: string; now: string; nowMs: number },
): number {
  const row = prepared(db, 'SELECT MAX(attempt) AS last FROM outbox WHERE case_id = ?').get(
    input.caseId,
  ) as { last: number | null };
  const attempt = (row.last ?? 0) + 1;
  prepared(
    db,
    `INSERT INTO outbox (case_id, attempt, idempotency_key, phase, next_at, created_at)
     VALUES (?, ?, ?, 'send', ?, ?)`,
  ).run(input.caseId, attempt, input.idempotencyKey, input.nowMs, input.now);
  return attempt;
}

/**
 * Entries due now, oldest first, at most one per case (the earliest unfinished attempt, so a
 * case's attempts go out in order), leaving out those already in flight. An entry backing off
 * is simply not due: it never holds up the entries of other cases.
 */
export function dueEntries(
  db: Database,
  input: { nowMs: number; limit: number; excludeIds: readonly number[] },
): OutboxEntry[] {
  const rows = prepared(
    db,
    `${SELECT_ENTRY}
     WHERE o.phase <> 'done' AND o.next_at <= @now
       AND o.id NOT IN (SELECT value FROM json_each(@exclude))
       AND NOT EXISTS (SELECT 1 FROM outbox p
         WHERE p.case_id = o.case_id AND p.phase <> 'done' AND p.id < o.id)
     ORDER BY o.next_at, o.id LIMIT @limit`,
  ).all({ now: input.nowMs, exclude: JSON.stringify(input.excludeIds), limit: input.limit });
  return (rows as OutboxRow[]).map(rowToEntry);
}

/** The earliest time any unfinished entry falls due, or null when the outbox is empty. */
export function nextDueAt(db: Database): number | null {
  const row = prepared(db, "SELECT MIN(next_at) AS at FROM outbox WHERE phase <> 'done'").get() as {
    at: number | null;
  };
  return row.at;
}

/** Records a failed try: the error the queue screen shows and when to try again. */
export function recordFailure(
  db: Database,
  id: number,
  input: { error: string; nextAt: number; now: string },
): void {
  prepared(
    db,
    `UPDATE outbox SET tries = tries + 1, last_error = ?, next_at = ?, last_tried_at = ?
     WHERE id = ? AND phase <> 'done'`,
  ).run(input.error, input.nextAt, input.now, id);
}

/** Moves an entry on (to `poll` with its next pull time, or `done`), keeping the answer. */
export function recordProgress(
  db: Database,
  id: number,
  input: { phase: OutboxPhase; nextAt: number; answer: string; now: string },
): void {
  prepared(
    db,
    `UPDATE outbox SET phase = @phase, next_at = @nextAt, answer = @answer, last_error = NULL,
       last_tried_at = @now, tries = tries + 1,
       finished_at = CASE WHEN @phase = 'done' THEN @now ELSE NULL END
     WHERE id = @id`,
  ).run({ ...input, id });
}

/** The phase of an entry as stored now (a reply may arrive for an entry already finished). */
export function entryPhase(db: Database, id: number): OutboxPhase | undefined {
  const row = prepared(db, 'SELECT phase FROM outbox WHERE id = ?').get(id) as
    { phase: string } | undefined;
  return row?.phase as OutboxPhase | undefined;
}

/** Makes every unfinished entry (or one case's) due now: the clerk's "retry now". */
export function makeDueNow(db: Database, nowMs: number, caseId?: number): number {
  return prepared(
    db,
    `UPDATE outbox SET next_at = @now
     WHERE phase <> 'done' AND next_at > @now AND (@caseId IS NULL OR case_id = @caseId)`,
  ).run({ now: nowMs, caseId: caseId ?? null }).changes;
}

/** Unfinished entries for the queue screen (all, or one case's), oldest first. */
export function listOpenEntries(db: Database, limit: number, caseId?: number): OutboxEntry[] {
  const rows = prepared(
    db,
    `${SELECT_ENTRY} WHERE o.phase <> 'done' AND (@caseId IS NULL OR o.case_id = @caseId)
     ORDER BY o.id LIMIT @limit`,
  ).all({ caseId: caseId ?? null, limit }) as OutboxRow[];
  return rows.map(rowToEntry);
}

/** How many entries are being sent and how many wait for a manual review. */
export function countOpenEntries(db: Database): { send: number; poll: number } {
  const rows = prepared(
    db,
    "SELECT phase, COUNT(*) AS n FROM outbox WHERE phase <> 'done' GROUP BY phase",
  ).all() as { phase: string; n: number }[];
  const count = (phase: string) => rows.find((row) => row.phase === phase)?.n ?? 0;
  return { send: count('send'), poll: count('poll') };
}

/**
 * The newest failed try of a waiting entry since the given time (the last success; the same
 * instant counts, a failure is not hidden by a success of the same millisecond): the line
 * is then not simply "online", e.g. while the platform answers HTTP 500.
 */
export function latestFailureSince(
  db: Database,
  after: string,
): { error: string; at: string } | null {
  const row = prepared(
    db,
    `SELECT last_error AS error, last_tried_at AS at FROM outbox
     WHERE phase <> 'done' AND last_error IS NOT NULL AND last_tried_at >= ?
     ORDER BY last_tried_at DESC LIMIT 1`,
  ).get(after) as { error: string; at: string } | undefined;
  return row ?? null;
}

/** The counter's key pair and sync bookkeeping. */
export interface SyncCounterRecord {
  counterId: string;
  publicKey: string;
  privateKey: string;
  registeredAt: string | null;
  registeredUrl: string | null;
  lastSuccessAt: string | null;
  offlineSince: string | null;
  lastProblem: string | null;
}

/** The counter's identity, or undefined before its key pair was made. */
export function readSyncCounter(db: Database): SyncCounterRecord | undefined {
  const row = prepared(db, 'SELECT * FROM sync_counter WHERE id = 1').get() as
    | {
        counter_id: string;
        public_key: string;
        private_key: string;
        registered_at: string | null;
        registered_url: string | null;
        last_success_at: string | null;
        offline_since: string | null;
        last_problem: string | null;
      }
    | undefined;
  return row
    ? {
        counterId: row.counter_id,
        publicKey: row.public_key,
        privateKey: row.private_key,
        registeredAt: row.registered_at,
        registeredUrl: row.registered_url,
        lastSuccessAt: row.last_success_at,
        offlineSince: row.offline_since,
        lastProblem: row.last_problem,
      }
    : undefined;
}

/** Stores the counter's key pair once; an existing one is kept. */
export function insertSyncCounter(
  db: Database,
  input: { counterId: string; publicKey: string; privateKey: string },
): void {
  db.prepare(
    `INSERT OR IGNORE INTO sync_counter (id, counter_id, public_key, private_key)
     VALUES (1, ?, ?, ?)`,
  ).run(input.counterId, input.publicKey, input.privateKey);
}

/** Records that the platform accepted this counter's key. */
export function markCounterRegistered(db: Database, at: string, url: string): void {
  db.prepare('UPDATE sync_counter SET registered_at = ?, registered_url = ? WHERE id = 1').run(
    at,
    url,
  );
}

/** A call got an answer: online, the offline period (if any) ends. */
export function markOnline(db: Database, at: string): void {
  prepared(
    db,
    `UPDATE sync_counter SET last_success_at = ?, offline_since = NULL, last_problem = NULL
     WHERE id = 1`,
  ).run(at);
}

/** A call got no answer: the offline period starts now unless it already runs. */
export function markOffline(db: Database, at: string, problem: string): void {
  prepared(
    db,
    `UPDATE sync_counter SET offline_since = COALESCE(offline_since, ?), last_problem = ?
     WHERE id = 1`,
  ).run(at, problem);
}
