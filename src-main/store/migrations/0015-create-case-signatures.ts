import type { Migration } from './migration';

/**
 * The applicant's signature drawn on their own touch screen, one per case: the PNG is sealed
 * in the attachment vault like a scan (only its hash is here) and leaves with the scans at
 * the retention purge; the row stays with `purged_at` so the case still says it was signed.
 */
export const createCaseSignatures: Migration = {
  version: 15,
  name: 'create-case-signatures',
  up(db) {
    db.exec(`
      CREATE TABLE case_signatures (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        png_sha256 TEXT,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        size INTEGER NOT NULL,
        signed_at TEXT NOT NULL,
        purged_at TEXT
      ) STRICT;
      CREATE INDEX case_signatures_by_hash ON case_signatures (png_sha256)
        WHERE png_sha256 IS NOT NULL;
    `);
  },
};
