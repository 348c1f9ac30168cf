import type { Migration } from './migration';

/**
 * The applicant's own screen:
 *
 * - `case_applicant`: per case what the applicant did on their screen: confirmation (time,
 *   answer and a hash of exactly what was shown), consent (answer, time, the notice's version),
 *   when the password was set, and the rating (好差评) with its clerk and reason.
 * - `outbox.sealed_secret`: the applicant's platform password sealed to the platform's key
 *   (HPKE), moved here from `case_applicant.password_sealed` in the submit transaction and
 *   cleared when the platform answers. The counter never holds the plain password.
 */
export const createCaseApplicant: Migration = {
  version: 13,
  name: 'create-case-applicant',
  up(db) {
    db.exec(`
      CREATE TABLE case_applicant (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id),
        confirm_answer TEXT,
        confirmed_at TEXT,
        confirm_shown_sha256 TEXT,
        consent_given INTEGER,
        consent_version TEXT,
        consent_at TEXT,
        password_sealed TEXT,
        password_set_at TEXT,
        rating TEXT,
        rating_reasons TEXT,
        rating_text TEXT,
        rating_at TEXT,
        rating_clerk_id INTEGER,
        rating_clerk_name TEXT,
        rating_sent_at TEXT
      );
      CREATE INDEX case_applicant_rating_at ON case_applicant (rating_at)
        WHERE rating IS NOT NULL;
      ALTER TABLE outbox ADD COLUMN sealed_secret TEXT;
    `);
  },
};
