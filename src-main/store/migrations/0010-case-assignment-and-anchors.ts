import type { Migration } from './migration';

/**
 * Cases belong to the clerk working on them, saves carry a version, and the audit chain is
 * anchored at the platform:
 *
 * - `cases.assignee_id`: who works on the case now (OpenCRVS's assignment). It starts as the
 *   clerk who opened it; 接手办件 and the supervisor's 改派 move it, both audited.
 * - `cases.version`: bumped by triggers on every write to the case, its checklist and its
 *   attachments, so a page that shows an older version cannot overwrite a newer one, whoever
 *   (or whatever new code) wrote it.
 * - `case_handovers`: who took a case from whom; the earlier clerk is told on their next
 *   look (`seen_at` is set then).
 * - `audit_anchors`: the checkpoints (last audit id and its hash) the outbox sends to the
 *   platform, kept until sent.
 */
export const addCaseAssignmentAndAnchors: Migration = {
  version: 10,
  name: 'case-assignment-and-anchors',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES users (id);
      ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      UPDATE cases SET assignee_id = clerk_id;
      CREATE INDEX cases_assignee_state_updated ON cases (assignee_id, state, updated_at);

      CREATE TRIGGER cases_version_bump AFTER UPDATE ON cases
        WHEN NEW.version = OLD.version
        BEGIN UPDATE cases SET version = OLD.version + 1 WHERE id = NEW.id; END;
      CREATE TRIGGER case_items_version_insert AFTER INSERT ON case_items
        BEGIN UPDATE cases SET version = version + 1 WHERE id = NEW.case_id; END;
      CREATE TRIGGER case_items_version_update AFTER UPDATE ON case_items
        BEGIN UPDATE cases SET version = version + 1 WHERE id = NEW.case_id; END;
      CREATE TRIGGER attachments_version_insert AFTER INSERT ON attachments
        BEGIN UPDATE cases SET version = version + 1 WHERE id = NEW.case_id; END;
      CREATE TRIGGER attachments_version_delete AFTER DELETE ON attachments
        BEGIN UPDATE cases SET version = version + 1 WHERE id = OLD.case_id; END;

      CREATE TABLE case_handovers (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        from_user_id INTEGER NOT NULL REFERENCES users (id),
        to_user_id INTEGER NOT NULL REFERENCES users (id),
        by_user_id INTEGER NOT NULL REFERENCES users (id),
        by_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('take-over', 'reassign')),
        at TEXT NOT NULL,
        seen_at TEXT
      ) STRICT;
      CREATE INDEX case_handovers_unseen ON case_handovers (from_user_id, case_id)
        WHERE seen_at IS NULL;

      CREATE TABLE audit_anchors (
        id INTEGER PRIMARY KEY,
        audit_id INTEGER NOT NULL,
        hash TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('interval', 'submit')),
        created_at TEXT NOT NULL,
        sent_at TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX audit_anchors_unsent ON audit_anchors (id) WHERE sent_at IS NULL;
    `);
  },
};
