import type { Database } from 'better-sqlite3-multiple-ciphers';

/** The newest audit entry about a subject: what it was and who did it, or null. */
export function latestAuditOnSubject(
  db: Database,
  subject: string,
): { action: string; actorId: number | null } | null {
  const row = db
    .prepare<[string], { action: string; actor_id: number | null }>(
      'SELECT action, actor_id FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT 1',
    )
    .get(subject);
  return row ? { action: row.action, actorId: row.actor_id } : null;
}
