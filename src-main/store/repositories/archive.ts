import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/** Where a case stands towards the archive and the retention purge. */
export interface ArchiveInfo {
  archivedAt: string | null;
  archivedByName: string | null;
  attachmentsPurgedAt: string | null;
  personalDataPurgedAt: string | null;
}

interface ArchiveInfoRow {
  archived_at: string | null;
  archived_by_name: string | null;
  attachments_purged_at: string | null;
  personal_data_purged_at: string | null;
}

/** The archive marks of one case. */
export function readArchiveInfo(db: Database, caseId: number): ArchiveInfo {
  const row = prepared(
    db,
    `SELECT archived_at, archived_by_name, attachments_purged_at, personal_data_purged_at
     FROM cases WHERE id = ?`,
  ).get(caseId) as ArchiveInfoRow | undefined;
  return {
    archivedAt: row?.archived_at ?? null,
    archivedByName: row?.archived_by_name ?? null,
    attachmentsPurgedAt: row?.attachments_purged_at ?? null,
    personalDataPurgedAt: row?.personal_data_purged_at ?? null,
  };
}

/** Stamps when and by whom a case was archived; the caller moves its state in the same transaction. */
export function markArchived(db: Database, caseId: number, now: string, byName: string): void {
  db.prepare('UPDATE cases SET archived_at = ?, archived_by_name = ? WHERE id = ?').run(
    now,
    byName,
    caseId,
  );
}

/** A case as the batch and the purge handle it. */
export interface CaseRef {
  id: number;
  caseNumber: string;
}

/** The cases the daily batch looks at: every accepted case, oldest first. */
export function listAcceptedCases(db: Database): CaseRef[] {
  return db
    .prepare(
      `SELECT id, case_number AS caseNumber FROM cases WHERE state = 'accepted' ORDER BY updated_at, id`,
    )
    .all() as CaseRef[];
}

/** How many cases are in a state. */
export function countCasesInState(db: Database, state: string): number {
  return (
    prepared(db, 'SELECT COUNT(*) AS n FROM cases WHERE state = ?').get(state) as { n: number }
  ).n;
}

/** Archived cases kept since before the cutoff whose attachment files are still there. */
export function casesDueForAttachmentPurge(db: Database, cutoff: string): CaseRef[] {
  return db
    .prepare(
      `SELECT id, case_number AS caseNumber FROM cases
       WHERE archived_at IS NOT NULL AND archived_at <= ? AND state = 'archived'
         AND attachments_purged_at IS NULL
       ORDER BY archived_at, id`,
    )
    .all(cutoff) as CaseRef[];
}

/** Archived cases kept since before the cutoff whose personal data is still in clear. */
export function casesDueForPersonalPurge(db: Database, cutoff: string): CaseRef[] {
  return db
    .prepare(
      `SELECT id, case_number AS caseNumber FROM cases
       WHERE archived_at IS NOT NULL AND archived_at <= ? AND state = 'archived'
         AND personal_data_purged_at IS NULL
       ORDER BY archived_at, id`,
    )
    .all(cutoff) as CaseRef[];
}

/**
 * What removing the attachments of these cases removes: the rows, their bytes, and the files
 * (the vault is content-addressed, so a file another case still uses stays).
 */
export function attachmentPurgeSize(
  db: Database,
  caseIds: readonly number[],
): { rows: number; files: number; bytes: number } {
  const ids = JSON.stringify(caseIds);
  const rows = db
    .prepare(
      `SELECT COUNT(*) AS rows, COALESCE(SUM(size), 0) AS bytes FROM attachments
       WHERE case_id IN (SELECT value FROM json_each(?))`,
    )
    .get(ids) as { rows: number; bytes: number };
  const files = db
    .prepare(
      `SELECT COUNT(DISTINCT a.sha256) AS n FROM attachments a
       WHERE a.case_id IN (SELECT value FROM json_each(@ids))
         AND NOT EXISTS (SELECT 1 FROM attachments o
           WHERE o.sha256 = a.sha256 AND o.case_id NOT IN (SELECT value FROM json_each(@ids)))`,
    )
    .get({ ids }) as { n: number };
  return { rows: rows.rows, files: files.n, bytes: rows.bytes };
}

/**
 * Removes a case's attachment rows, counts them on their checklist items (the checklist
 * keeps saying the copies were there) and marks the case. Returns the files no row uses
 * any more, for the caller to delete after the transaction commits. Call in a transaction.
 */
export function purgeCaseAttachmentRows(
  db: Database,
  caseId: number,
  now: string,
): { rows: number; orphanedFiles: string[] } {
  const perItem = db
    .prepare(
      'SELECT item_code AS code, COUNT(*) AS n FROM attachments WHERE case_id = ? GROUP BY item_code',
    )
    .all(caseId) as { code: string; n: number }[];
  const hashes = (
    db.prepare('SELECT DISTINCT sha256 FROM attachments WHERE case_id = ?').all(caseId) as {
      sha256: string;
    }[]
  ).map((row) => row.sha256);
  const count = db.prepare(
    'UPDATE case_items SET attachments_purged = attachments_purged + ? WHERE case_id = ? AND code = ?',
  );
  for (const item of perItem) count.run(item.n, caseId, item.code);
  const removed = db.prepare('DELETE FROM attachments WHERE case_id = ?').run(caseId).changes;
  db.prepare('UPDATE cases SET attachments_purged_at = ? WHERE id = ?').run(now, caseId);
  const stillUsed = db.prepare('SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1');
  return { rows: removed, orphanedFiles: hashes.filter((sha) => !stillUsed.get(sha)) };
}

/**
 * Replaces a case's personal data by its masked values and drops its search keys and name
 * index row, so it can no longer be found or read by ID number or name. Call in a transaction.
 */
export function purgeCasePersonalRows(
  db: Database,
  caseId: number,
  masked: { valuesJson: string; displayName: string; displayKey: string },
  now: string,
): void {
  db.prepare(
    `UPDATE cases SET values_json = ?, display_name = ?, display_key = ?,
       personal_data_purged_at = ? WHERE id = ?`,
  ).run(masked.valuesJson, masked.displayName, masked.displayKey, now, caseId);
  db.prepare('DELETE FROM case_keys WHERE case_id = ?').run(caseId);
  db.prepare('DELETE FROM case_names WHERE rowid = ?').run(caseId);
}

/** Merges the name index's segments, so the deleted names leave its stored pages too. */
export function optimizeNameIndex(db: Database): void {
  db.prepare(`INSERT INTO case_names (case_names) VALUES ('optimize')`).run();
}
