import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/** The audit viewer's filters, times as ISO-8601 UTC bounds (from inclusive, to exclusive). */
export interface AuditQuery {
  actorId?: number;
  action?: string;
  subject?: string;
  fromIso?: string;
  toIso?: string;
}

/** One audit row with everything an inspector needs to follow the chain. */
export interface AuditChainRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  subject: string | null;
  detail: string;
  prevHash: string;
  hash: string;
}

const COLUMNS = `id, at, actor_id AS actorId, actor_name AS actorName, action, subject, detail,
  prev_hash AS prevHash, hash`;

/**
 * The WHERE clause of only the filters given. Written out rather than `(@x IS NULL OR ...)`,
 * which SQLite cannot serve from an index: each shape uses audit_log_subject,
 * audit_log_action_at, audit_log_actor_at or audit_log_at.
 */
function whereOf(query: AuditQuery): string {
  const parts: string[] = [];
  if (query.subject !== undefined) parts.push('subject = @subject');
  if (query.action !== undefined) parts.push('action = @action');
  if (query.actorId !== undefined) parts.push('actor_id = @actorId');
  if (query.fromIso !== undefined) parts.push('at >= @fromIso');
  if (query.toIso !== undefined) parts.push('at < @toIso');
  return parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
}

function params(query: AuditQuery): Record<string, string | number> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

/** The SQL of one page, exported for the query-plan test. */
export function auditPageSql(query: AuditQuery): string {
  return `SELECT ${COLUMNS} FROM audit_log ${whereOf(query)} ORDER BY id DESC LIMIT @limit OFFSET @offset`;
}

/** One page of matching rows, newest first, and how many match in all. */
export function queryAuditPage(
  db: Database,
  query: AuditQuery,
  page: { limit: number; offset: number },
): { total: number; rows: AuditChainRow[] } {
  const total = (
    prepared(db, `SELECT COUNT(*) AS n FROM audit_log ${whereOf(query)}`).get(params(query)) as {
      n: number;
    }
  ).n;
  const rows = prepared(db, auditPageSql(query)).all({
    ...params(query),
    ...page,
  }) as AuditChainRow[];
  return { total, rows };
}

/** Every row of a period in chain order, streamed: an export never holds the whole log. */
export function iterateAuditPeriod(
  db: Database,
  fromIso: string,
  toIso: string,
): IterableIterator<AuditChainRow> {
  return db
    .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE at >= ? AND at < ? ORDER BY id`)
    .iterate(fromIso, toIso) as IterableIterator<AuditChainRow>;
}
