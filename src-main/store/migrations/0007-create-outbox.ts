import type { Migration } from './migration';

/**
 * The outbox and the counter's identity towards the central platform.
 *
 * - One `outbox` row per attempt of a case (a refused case sent again is a new attempt with
 *   a new idempotency key). It is written in the same transaction as the case's move to
 *   `submitted`, so a crash can never leave a submitted case without its entry or the reverse.
 * - `phase`: `send` (attachments, then the case), `poll` (manual review: pull the status
 *   until final), `done`. `next_at` is milliseconds since the epoch: when it may be tried again.
 * - `sync_counter` holds the counter's Ed25519 key pair (inside the encrypted file) and the
 *   online/offline bookkeeping the sync indicator shows.
 * - `cases.platform_next_step`: what the clerk does about the platform's answer.
 */
export const createOutbox: Migration = {
  version: 7,
  name: 'create-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        attempt INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        phase TEXT NOT NULL CHECK (phase IN ('send', 'poll', 'done')),
        tries INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        last_tried_at TEXT,
        answer TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        UNIQUE (case_id, attempt)
      ) STRICT;
      CREATE INDEX outbox_open_due ON outbox (next_at, id) WHERE phase <> 'done';
      CREATE INDEX outbox_open_case ON outbox (case_id, id) WHERE phase <> 'done';

      CREATE TABLE sync_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        counter_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        private_key TEXT NOT NULL,
        registered_at TEXT,
        registered_url TEXT,
        last_success_at TEXT,
        offline_since TEXT,
        last_problem TEXT
      ) STRICT;

      ALTER TABLE cases ADD COLUMN platform_next_step TEXT;
    `);
  },
};
