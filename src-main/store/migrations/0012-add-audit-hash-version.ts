import type { Migration } from './migration';

/**
 * Hardening: `audit_log.hash_version` says how a row's hash was computed. Rows written before
 * are version 1 (the JSON of the values the app meant to write) and keep verifying as they
 * were; new rows are version 2, hashed over the values exactly as they are stored and read
 * back, so text SQLite would change (an unpaired surrogate) can never break the chain.
 */
export const addAuditHashVersion: Migration = {
  version: 12,
  name: 'add-audit-hash-version',
  up(db) {
    db.exec(`ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;`);
  },
};
