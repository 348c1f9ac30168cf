import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/** A checkpoint of the audit chain waiting to reach the platform, or already sent. */
export interface AnchorRecord {
  id: number;
  auditId: number;
  hash: string;
  reason: 'interval' | 'submit';
  createdAt: string;
  sentAt: string | null;
}

interface AnchorRow {
  id: number;
  audit_id: number;
  hash: string;
  reason: string;
  created_at: string;
  sent_at: string | null;
}

function rowToAnchor(row: AnchorRow): AnchorRecord {
  return {
    id: row.id,
    auditId: row.audit_id,
    hash: row.hash,
    reason: row.reason as AnchorRecord['reason'],
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/**
 * Queues a checkpoint of the chain as it stands: its last row's id and hash. Call inside the
 * transaction whose audit rows it should cover (a case's submit). Returns null while the
 * log is empty.
 */
export function queueAnchor(
  db: Database,
  input: { reason: AnchorRecord['reason']; now: string },
): number | null {
  const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  if (!last) return null;
  const result = prepared(
    db,
    'INSERT INTO audit_anchors (audit_id, hash, reason, created_at) VALUES (?, ?, ?, ?)',
  ).run(last.id, last.hash, input.reason, input.now);
  return Number(result.lastInsertRowid);
}

/** The checkpoints not yet taken by the platform, oldest first. */
export function listUnsentAnchors(db: Database, limit = 50): AnchorRecord[] {
  const rows = prepared(
    db,
    'SELECT * FROM audit_anchors WHERE sent_at IS NULL ORDER BY id LIMIT ?',
  ).all(limit) as AnchorRow[];
  return rows.map(rowToAnchor);
}

/** The newest checkpoint, sent or not. */
export function lastAnchor(db: Database): AnchorRecord | null {
  const row = prepared(db, 'SELECT * FROM audit_anchors ORDER BY id DESC LIMIT 1').get() as
    AnchorRow | undefined;
  return row ? rowToAnchor(row) : null;
}

/** The id of the audit log's last row, 0 when it is empty. */
export function lastAuditId(db: Database): number {
  const row = prepared(db, 'SELECT MAX(id) AS id FROM audit_log').get() as { id: number | null };
  return row.id ?? 0;
}

/** Marks a checkpoint as taken by the platform. */
export function markAnchorSent(db: Database, id: number, now: string): void {
  prepared(db, 'UPDATE audit_anchors SET sent_at = ?, last_error = NULL WHERE id = ?').run(now, id);
}

/** Records why a checkpoint did not reach the platform; it is tried again later. */
export function markAnchorFailed(db: Database, id: number, error: string): void {
  prepared(db, 'UPDATE audit_anchors SET tries = tries + 1, last_error = ? WHERE id = ?').run(
    error,
    id,
  );
}

/** The hashes of audit rows by id, for comparing with the platform's checkpoints. */
export function auditHashesByIds(db: Database, ids: readonly number[]): Map<number, string> {
  const rows = prepared(
    db,
    'SELECT id, hash FROM audit_log WHERE id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(ids)) as { id: number; hash: string }[];
  return new Map(rows.map((row) => [row.id, row.hash]));
}
