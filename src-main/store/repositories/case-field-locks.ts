import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Which device filled a locked field. */
export type FieldLockSource = 'idcard' | 'cakey';

/** The locked fields of a case, by field key. */
export function listFieldLocks(db: Database, caseId: number): Record<string, FieldLockSource> {
  const rows = db
    .prepare<[number], { field: string; source: FieldLockSource }>(
      'SELECT field, source FROM case_field_locks WHERE case_id = ? ORDER BY field',
    )
    .all(caseId);
  return Object.fromEntries(rows.map((row) => [row.field, row.source]));
}

/** Locks fields a device filled (a new read of the same field replaces the old lock). */
export function insertFieldLocks(
  db: Database,
  caseId: number,
  input: { fields: readonly string[]; source: FieldLockSource; now: string },
): void {
  const statement = db.prepare<[number, string, string, string]>(
    `INSERT INTO case_field_locks (case_id, field, source, locked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, field) DO UPDATE SET source = excluded.source,
         locked_at = excluded.locked_at`,
  );
  for (const field of input.fields) statement.run(caseId, field, input.source, input.now);
}

/** Removes one lock; returns whether there was one. */
export function deleteFieldLock(db: Database, caseId: number, field: string): boolean {
  return (
    db
      .prepare<[number, string]>('DELETE FROM case_field_locks WHERE case_id = ? AND field = ?')
      .run(caseId, field).changes > 0
  );
}
