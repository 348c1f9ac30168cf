import type { Migration } from './migration';

/**
 * The company CA certificate read into a case: its credit code blocks a submit
 * with a different typed code; the proof of possession records when the key signed.
 */
export const createCaseCaKeys: Migration = {
  version: 6,
  name: 'create-case-ca-keys',
  up(db) {
    db.exec(`
      CREATE TABLE case_ca_keys (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        company_name TEXT,
        credit_code TEXT,
        fingerprint_sha256 TEXT NOT NULL,
        issuer TEXT NOT NULL,
        not_after TEXT NOT NULL,
        read_at TEXT NOT NULL,
        read_by_name TEXT NOT NULL,
        verified_at TEXT,
        verified_method TEXT
      ) STRICT;
    `);
  },
};
