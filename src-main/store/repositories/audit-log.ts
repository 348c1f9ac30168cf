import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditAction } from '../../domain/audit-actions';
import { prepared } from '../statement-cache';

/** The hash the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** One audit entry as read back. */
export interface AuditRecord {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** What a caller records; never personal data of applicants (masked values only). */
export interface AuditEvent {
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: AuditAction;
  subject?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

function rowHash(row: Omit<AuditRow, 'hash'>): string {
  // A fixed field order: the hash must not depend on how an object happened to be built.
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.subject,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Appends one entry chained to the previous row's hash. Runs inside the caller's transaction
 * when there is one, so an action and its audit entry land together.
 */
export function appendAudit(db: Database, event: AuditEvent): number {
  const append = () => {
    const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      { id: number; hash: string } | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      id: (last?.id ?? 0) + 1,
      at: event.at,
      actor_id: event.actorId,
      actor_name: event.actorName,
      action: event.action,
      subject: event.subject ?? null,
      detail: JSON.stringify(event.detail ?? {}),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    prepared(
      db,
      `INSERT INTO audit_log (id, at, actor_id, actor_name, action, subject, detail, prev_hash, hash)
       VALUES (@id, @at, @actor_id, @actor_name, @action, @subject, @detail, @prev_hash, @hash)`,
    ).run({ ...row, hash: rowHash(row) });
    return row.id;
  };
  // Inside a transaction a savepoint would add nothing (one read, then one insert) and cost
  // a transaction wrapper per entry, which the outbox's group commit felt.
  return db.inTransaction ? append() : db.transaction(append).immediate();
}

/** The result of walking the chain. */
export interface ChainVerification {
  intact: boolean;
  rowsChecked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/**
 * Walks the whole chain in id order and names the first row whose content, link or position
 * does not match: an edited, deleted or inserted row is caught at or right after the change.
 */
export function verifyAuditChain(db: Database): ChainVerification {
  let previousHash = GENESIS_HASH;
  let expectedId = 1;
  let rowsChecked = 0;
  for (const row of db
    .prepare('SELECT * FROM audit_log ORDER BY id')
    .iterate() as Iterable<AuditRow>) {
    rowsChecked += 1;
    const broken = (reason: string): ChainVerification => ({
      intact: false,
      rowsChecked,
      firstBrokenId: row.id,
      reason,
    });
    if (row.id !== expectedId) return broken('记录编号不连续，之前的记录可能被删除');
    if (row.prev_hash !== previousHash) return broken('与上一条记录的哈希链接不一致');
    const { hash, ...content } = row;
    if (rowHash(content) !== hash) return broken('记录内容与其哈希不一致，记录可能被修改');
    previousHash = hash;
    expectedId += 1;
  }
  return { intact: true, rowsChecked, firstBrokenId: null, reason: null };
}

function rowToRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The newest entries first. */
export function recentAudit(db: Database, limit: number): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as AuditRow[];
  return rows.map(rowToRecord);
}

/** Counts entries of one action at or after a time, optionally for one actor. */
export function countAuditSince(
  db: Database,
  action: AuditAction | null,
  since: string,
  actorId: number | null = null,
): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM audit_log
       WHERE at >= @since
         AND (@action IS NULL OR action = @action)
         AND (@actorId IS NULL OR actor_id = @actorId)`,
    )
    .get({ since, action, actorId }) as { n: number };
  return row.n;
}

/** Every entry about one subject (a case number, a login name), oldest first. */
export function auditBySubject(db: Database, subject: string): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id')
    .all(subject) as AuditRow[];
  return rows.map(rowToRecord);
}

/** Whether an entry of this action carries this value in its detail (e.g. an export's hash). */
export function hasAuditDetail(
  db: Database,
  action: AuditAction,
  key: string,
  value: string,
): boolean {
  const row = db
    .prepare(
      `SELECT 1 AS found FROM audit_log
       WHERE action = ? AND json_extract(detail, '$.' || ?) = ? LIMIT 1`,
    )
    .get(action, key, value) as { found: number } | undefined;
  return row !== undefined;
}
