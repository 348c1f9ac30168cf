import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Reads one setting's JSON value, or undefined when never set. */
export function readSetting(db: Database, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

/** Writes one setting as JSON. */
export function writeSetting(db: Database, key: string, value: unknown, now: string): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}
