import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RatingLevel, SealedSecret } from '../../domain/applicant';
import { prepared } from '../statement-cache';

interface ApplicantRow {
  case_id: number;
  confirm_answer: string | null;
  confirmed_at: string | null;
  confirm_shown_sha256: string | null;
  consent_given: number | null;
  consent_version: string | null;
  consent_at: string | null;
  password_sealed: string | null;
  password_set_at: string | null;
  rating: string | null;
  rating_reasons: string | null;
  rating_text: string | null;
  rating_at: string | null;
  rating_clerk_id: number | null;
  rating_clerk_name: string | null;
}

/** What the applicant did for one case on their own screen. */
export interface CaseApplicantRecord {
  caseId: number;
  confirmAnswer: 'correct' | 'incorrect' | null;
  confirmedAt: string | null;
  confirmShownSha256: string | null;
  consentGiven: boolean | null;
  consentVersion: string | null;
  consentAt: string | null;
  /** The sealed password while the case waits to be submitted (moves to the outbox then). */
  hasSealedPassword: boolean;
  passwordSetAt: string | null;
  rating: RatingLevel | null;
  ratingReasons: string[];
  ratingText: string | null;
  ratingAt: string | null;
}

function toRecord(row: ApplicantRow): CaseApplicantRecord {
  return {
    caseId: row.case_id,
    confirmAnswer:
      row.confirm_answer === 'correct' || row.confirm_answer === 'incorrect'
        ? row.confirm_answer
        : null,
    confirmedAt: row.confirmed_at,
    confirmShownSha256: row.confirm_shown_sha256,
    consentGiven: row.consent_given === null ? null : row.consent_given === 1,
    consentVersion: row.consent_version,
    consentAt: row.consent_at,
    hasSealedPassword: row.password_sealed !== null,
    passwordSetAt: row.password_set_at,
    rating: row.rating as RatingLevel | null,
    ratingReasons: row.rating_reasons ? (JSON.parse(row.rating_reasons) as string[]) : [],
    ratingText: row.rating_text,
    ratingAt: row.rating_at,
  };
}

/** The case's applicant record, or an empty one. */
export function readCaseApplicant(db: Database, caseId: number): CaseApplicantRecord {
  const row = prepared(db, 'SELECT * FROM case_applicant WHERE case_id = ?').get(caseId) as
    ApplicantRow | undefined;
  return row
    ? toRecord(row)
    : {
        caseId,
        confirmAnswer: null,
        confirmedAt: null,
        confirmShownSha256: null,
        consentGiven: null,
        consentVersion: null,
        consentAt: null,
        hasSealedPassword: false,
        passwordSetAt: null,
        rating: null,
        ratingReasons: [],
        ratingText: null,
        ratingAt: null,
      };
}

function ensureRow(db: Database, caseId: number): void {
  prepared(db, 'INSERT OR IGNORE INTO case_applicant (case_id) VALUES (?)').run(caseId);
}

/** Records the applicant's answer to 确认信息 and what they were shown. */
export function saveConfirmation(
  db: Database,
  caseId: number,
  input: { answer: 'correct' | 'incorrect'; at: string; shownSha256: string },
): void {
  ensureRow(db, caseId);
  prepared(
    db,
    `UPDATE case_applicant SET confirm_answer = ?, confirmed_at = ?, confirm_shown_sha256 = ?
     WHERE case_id = ?`,
  ).run(input.answer, input.at, input.shownSha256, caseId);
}

/** Records the consent answer with the notice's version. */
export function saveConsent(
  db: Database,
  caseId: number,
  input: { given: boolean; version: string; at: string },
): void {
  ensureRow(db, caseId);
  prepared(
    db,
    'UPDATE case_applicant SET consent_given = ?, consent_version = ?, consent_at = ? WHERE case_id = ?',
  ).run(input.given ? 1 : 0, input.version, input.at, caseId);
}

/** Keeps the sealed password until submit moves it into the outbox. */
export function saveSealedPassword(
  db: Database,
  caseId: number,
  input: { sealed: SealedSecret; at: string },
): void {
  ensureRow(db, caseId);
  prepared(
    db,
    'UPDATE case_applicant SET password_sealed = ?, password_set_at = ? WHERE case_id = ?',
  ).run(JSON.stringify(input.sealed), input.at, caseId);
}

/** A correction after 有误 or a take-back: the answers given so far no longer hold. */
export function resetApplicantSteps(db: Database, caseId: number): void {
  prepared(
    db,
    `UPDATE case_applicant SET confirm_answer = NULL, confirmed_at = NULL,
       confirm_shown_sha256 = NULL, consent_given = NULL, consent_version = NULL,
       consent_at = NULL, password_sealed = NULL, password_set_at = NULL
     WHERE case_id = ?`,
  ).run(caseId);
}

/**
 * Moves the sealed password from the case into its outbox entry (inside the submit
 * transaction), so it leaves the counter with the case and nowhere else.
 */
export function moveSealedPasswordToOutbox(db: Database, caseId: number, attempt: number): void {
  const row = prepared(db, 'SELECT password_sealed FROM case_applicant WHERE case_id = ?').get(
    caseId,
  ) as { password_sealed: string | null } | undefined;
  if (!row?.password_sealed) return;
  prepared(db, 'UPDATE outbox SET sealed_secret = ? WHERE case_id = ? AND attempt = ?').run(
    row.password_sealed,
    caseId,
    attempt,
  );
  prepared(db, 'UPDATE case_applicant SET password_sealed = NULL WHERE case_id = ?').run(caseId);
}

/** The sealed password travelling with an outbox entry, or null. */
export function outboxSealedSecret(db: Database, outboxId: number): SealedSecret | null {
  const row = prepared(db, 'SELECT sealed_secret FROM outbox WHERE id = ?').get(outboxId) as
    { sealed_secret: string | null } | undefined;
  return row?.sealed_secret ? (JSON.parse(row.sealed_secret) as SealedSecret) : null;
}

/** The platform answered: the sealed password is no longer needed anywhere on the counter. */
export function clearOutboxSealedSecret(db: Database, outboxId: number): void {
  prepared(db, 'UPDATE outbox SET sealed_secret = NULL WHERE id = ?').run(outboxId);
}

/** Records the evaluation (好差评) with the clerk who served. */
export function saveRating(
  db: Database,
  caseId: number,
  input: {
    rating: RatingLevel;
    reasons: string[];
    text: string | null;
    at: string;
    clerkId: number;
    clerkName: string;
  },
): void {
  ensureRow(db, caseId);
  prepared(
    db,
    `UPDATE case_applicant SET rating = ?, rating_reasons = ?, rating_text = ?, rating_at = ?,
       rating_clerk_id = ?, rating_clerk_name = ?
     WHERE case_id = ?`,
  ).run(
    input.rating,
    JSON.stringify(input.reasons),
    input.text,
    input.at,
    input.clerkId,
    input.clerkName,
    caseId,
  );
}

/** Ratings between two ISO times, with the clerk who served (for 统计). */
export function ratingRows(
  db: Database,
  input: { from: string; to: string },
): { clerkId: number; clerkName: string; at: string; rating: RatingLevel }[] {
  return prepared(
    db,
    `SELECT rating_clerk_id AS clerkId, rating_clerk_name AS clerkName, rating_at AS at, rating
     FROM case_applicant
     WHERE rating IS NOT NULL AND rating_at >= ? AND rating_at < ? ORDER BY rating_at`,
  ).all(input.from, input.to) as {
    clerkId: number;
    clerkName: string;
    at: string;
    rating: RatingLevel;
  }[];
}

/** A case's rating, or null when the applicant has not rated. */
export function ratingOfCase(db: Database, caseId: number): RatingLevel | null {
  const row = prepared(db, 'SELECT rating FROM case_applicant WHERE case_id = ?').get(caseId) as
    { rating: RatingLevel | null } | undefined;
  return row?.rating ?? null;
}

/** Ratings not yet sent whose case the platform has received (an attempt answered). */
export function unsentRatings(db: Database): {
  caseId: number;
  caseNumber: string;
  rating: RatingLevel;
  reasons: string[];
  text: string | null;
  ratedAt: string;
}[] {
  const rows = prepared(
    db,
    `SELECT a.case_id AS caseId, c.case_number AS caseNumber, a.rating, a.rating_reasons AS reasons,
       a.rating_text AS text, a.rating_at AS ratedAt
     FROM case_applicant a JOIN cases c ON c.id = a.case_id
     WHERE a.rating IS NOT NULL AND a.rating_sent_at IS NULL
       AND EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = a.case_id AND o.phase <> 'send')
     ORDER BY a.rating_at LIMIT 50`,
  ).all() as {
    caseId: number;
    caseNumber: string;
    rating: RatingLevel;
    reasons: string | null;
    text: string | null;
    ratedAt: string;
  }[];
  return rows.map((row) => ({
    ...row,
    reasons: row.reasons ? (JSON.parse(row.reasons) as string[]) : [],
  }));
}

/** The platform has the rating. */
export function markRatingSent(db: Database, caseId: number, at: string): void {
  prepared(db, 'UPDATE case_applicant SET rating_sent_at = ? WHERE case_id = ?').run(at, caseId);
}
