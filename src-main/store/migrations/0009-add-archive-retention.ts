import type { Migration } from './migration';

/**
 * Archive and retention:
 *
 * - `cases.archived_at` / `archived_by_name`: when and by whom a case was archived (the
 *   retention periods count from here). The partial index keeps the daily purge's look-up
 *   of old archived cases to archived rows only.
 * - `cases.attachments_purged_at` / `personal_data_purged_at`: the retention purge's marks,
 *   so the case page says 个人信息已按保存期限清除 and a purge never runs twice on a case.
 * - `case_items.attachments_purged`: how many scans of an item the purge removed, so the
 *   checklist of an archived case still shows the signed form as returned after its file went.
 * - `audit_log_actor_at`: the audit viewer filters by who acted over a period.
 */
export const addArchiveRetention: Migration = {
  version: 9,
  name: 'add-archive-retention',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN archived_at TEXT;
      ALTER TABLE cases ADD COLUMN archived_by_name TEXT;
      ALTER TABLE cases ADD COLUMN attachments_purged_at TEXT;
      ALTER TABLE cases ADD COLUMN personal_data_purged_at TEXT;
      CREATE INDEX cases_archived_at ON cases (archived_at) WHERE archived_at IS NOT NULL;
      ALTER TABLE case_items ADD COLUMN attachments_purged INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX audit_log_actor_at ON audit_log (actor_id, at);
    `);
  },
};
