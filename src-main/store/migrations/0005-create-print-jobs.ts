import type { Migration } from './migration';

/**
 * Printing: every print and reprint of a case's documents, and whether the signed
 * original of a printed form came back to the archive. A job that could not reach the
 * printer stays as `failed` with its reason, so the clerk sees it and prints it again.
 */
export const createPrintJobs: Migration = {
  version: 5,
  name: 'create-print-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        kind TEXT NOT NULL,
        copy_number INTEGER NOT NULL,
        printer TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
        job_ref TEXT,
        error TEXT,
        printed_by_id INTEGER NOT NULL REFERENCES users(id),
        printed_by_name TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX print_jobs_by_case ON print_jobs(case_id, kind);
      ALTER TABLE case_items ADD COLUMN signed_original_archived INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
