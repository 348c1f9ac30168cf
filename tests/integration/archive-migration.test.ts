import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../src-main/store/migrations';
import { addArchiveRetention } from '../../src-main/store/migrations/0009-add-archive-retention';

describe('migration add-archive-retention', () => {
  it('adds the archive and purge marks on an existing store and finds old archived cases by index', () => {
    const db = new Database(':memory:');
    const before = migrations.slice(0, migrations.indexOf(addArchiveRetention));
    migrate(db, before);
    migrate(db, [...before, addArchiveRetention]);
    const columns = (table: string) =>
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('cases')).toEqual(
      expect.arrayContaining([
        'archived_at',
        'archived_by_name',
        'attachments_purged_at',
        'personal_data_purged_at',
      ]),
    );
    expect(columns('case_items')).toContain('attachments_purged');
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM cases
           WHERE archived_at IS NOT NULL AND archived_at <= ? AND state = 'archived'`,
        )
        .all('2026-01-01') as { detail: string }[]
    )
      .map((row) => row.detail)
      .join(' ');
    expect(plan).toMatch(/INDEX cases_(archived_at|state_updated)/);
  });
});
