import type { Migration } from './migration';

/**
 * Fields a device filled on a case (the ID card, the company's CA key): they stay locked
 * until the clerk unlocks one with the audited 解锁修改, across saves, steps and reloads.
 * The value itself lives in the case's values; a lock only says where it came from.
 */
export const addCaseFieldLocks: Migration = {
  version: 11,
  name: 'add-case-field-locks',
  up(db) {
    db.exec(`
      CREATE TABLE case_field_locks (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('idcard', 'cakey')),
        locked_at TEXT NOT NULL,
        PRIMARY KEY (case_id, field)
      ) STRICT;
    `);
  },
};
