import type { Migration } from './migration';

/**
 * Cases, their materials checklist and attachments. The whole file is SQLCipher-encrypted,
 * so the search keys can sit in plain indexed columns: the index is encrypted with the rest.
 *
 * - `case_keys` holds every ID number, credit code and name of every party of a case, so one
 *   indexed lookup finds a case by any of them (an agent's ID number too).
 * - `case_names` is an FTS5 trigram index for substring search on Chinese names of three or
 *   more characters; shorter queries use the prefix range on `case_keys`.
 * - The materials requirements are copied onto the case (`materials_json`) with the rule
 *   version, so a later change of the profile never rewrites an old case.
 */
export const createCases: Migration = {
  version: 4,
  name: 'create-cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        case_number TEXT NOT NULL UNIQUE,
        hall_code TEXT NOT NULL,
        day TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        profile_id TEXT NOT NULL,
        rule_version TEXT NOT NULL,
        operation TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        delegated INTEGER NOT NULL,
        title TEXT NOT NULL,
        state TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        display_key TEXT NOT NULL DEFAULT '',
        display_is_org INTEGER NOT NULL DEFAULT 0,
        values_json TEXT NOT NULL DEFAULT '{}',
        materials_json TEXT NOT NULL,
        forms_json TEXT NOT NULL DEFAULT '[]',
        exception_json TEXT,
        cancel_reason TEXT,
        platform_message TEXT,
        clerk_id INTEGER NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (hall_code, day, sequence)
      ) STRICT;
      CREATE INDEX cases_state_updated ON cases (state, updated_at);
      CREATE INDEX cases_clerk_state_updated ON cases (clerk_id, state, updated_at);
      CREATE INDEX cases_created ON cases (created_at);

      CREATE TABLE case_keys (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        PRIMARY KEY (kind, value, case_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX case_keys_case ON case_keys (case_id);

      CREATE VIRTUAL TABLE case_names USING fts5 (names, tokenize = 'trigram');

      CREATE TABLE case_items (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        original_seen INTEGER NOT NULL DEFAULT 0,
        copy_archived INTEGER NOT NULL DEFAULT 0,
        attested INTEGER NOT NULL DEFAULT 0,
        recorded_by INTEGER REFERENCES users (id),
        recorded_by_name TEXT,
        recorded_at TEXT,
        PRIMARY KEY (case_id, code)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        item_code TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_by INTEGER NOT NULL REFERENCES users (id),
        added_by_name TEXT NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX attachments_case_item ON attachments (case_id, item_code);
      CREATE INDEX attachments_sha256 ON attachments (sha256);

      CREATE INDEX audit_log_subject ON audit_log (subject, id);
    `);
  },
};
