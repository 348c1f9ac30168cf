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

/** Where a paged read left off: the sort key of the last case it returned. */
export interface PageMark {
  at: string;
  id: number;
}

/** One page of cases in their sort order, and where the next page starts (null: last page). */
export interface CaseRefPage {
  refs: CaseRef[];
  next: PageMark | null;
}

interface PagedRow extends CaseRef {
  sortAt: string;
}

function pageOf(rows: readonly PagedRow[], limit: number): CaseRefPage {
  const last = rows.at(-1);
  return {
    refs: rows.map(({ id, caseNumber }) => ({ id, caseNumber })),
    next: last && rows.length === limit ? { at: last.sortAt, id: last.id } : null,
  };
}

/**
 * The cases the daily batch looks at, one page at a time: accepted cases, oldest first.
 * Read in pages, so the batch of a busy month never holds the core in one long read.
 */
export function listAcceptedCases(
  db: Database,
  after: PageMark | null,
  limit: number,
): CaseRefPage {
  const rows = prepared(
    db,
    `SELECT id, case_number AS caseNumber, updated_at AS sortAt FROM cases
     WHERE state = 'accepted' AND (updated_at, id) > (@at, @id)
     ORDER BY updated_at, id LIMIT @limit`,
  ).all({ at: after?.at ?? '', id: after?.id ?? 0, limit }) as PagedRow[];
  return pageOf(rows, limit);
}

/** How many cases are in a state. */
export function countCasesInState(db: Database, state: string): number {
  return (
    prepared(db, 'SELECT COUNT(*) AS n FROM cases WHERE state = ?').get(state) as { n: number }
  ).n;
}

/** Which purge mark a due-case list looks at. */
export type PurgeKind = 'attachments' | 'personalData';

const purgedColumn: Record<PurgeKind, string> = {
  attachments: 'attachments_purged_at',
  personalData: 'personal_data_purged_at',
};

/** A case due for a purge, with the archive date the preview orders by. */
export interface DueCaseRef extends CaseRef {
  archivedAt: string;
}

/** The highest case id so far (0 without cases): where a scan by id windows ends. */
export function lastCaseId(db: Database): number {
  return (prepared(db, 'SELECT COALESCE(MAX(id), 0) AS id FROM cases').get() as { id: number }).id;
}

/**
 * Archived cases kept since before the cutoff whose attachment files (or personal data) are
 * still there, among the cases with ids in (afterId, throughId]: a window of ids is a bounded
 * read by the primary key, however the archive dates fall.
 */
export function casesDueForPurge(
  db: Database,
  kind: PurgeKind,
  cutoff: string,
  window: { afterId: number; throughId: number },
): DueCaseRef[] {
  return prepared(
    db,
    `SELECT id, case_number AS caseNumber, archived_at AS archivedAt FROM cases
     WHERE id > @afterId AND id <= @throughId
       AND archived_at IS NOT NULL AND archived_at <= @cutoff AND state = 'archived'
       AND ${purgedColumn[kind]} IS NULL`,
  ).all({ cutoff, ...window }) as DueCaseRef[];
}

/** The attachment rows of these cases: how many, their bytes, and their distinct files. */
export function attachmentsOfCases(
  db: Database,
  caseIds: readonly number[],
): { rows: number; bytes: number; files: string[] } {
  const ids = JSON.stringify(caseIds);
  const totals = prepared(
    db,
    `SELECT COUNT(*) AS rows, COALESCE(SUM(size), 0) AS bytes FROM attachments
     WHERE case_id IN (SELECT value FROM json_each(?))`,
  ).get(ids) as { rows: number; bytes: number };
  const files = (
    prepared(
      db,
      `SELECT DISTINCT sha256 FROM attachments WHERE case_id IN (SELECT value FROM json_each(?))`,
    ).all(ids) as { sha256: string }[]
  ).map((row) => row.sha256);
  return { ...totals, files };
}

/** The cases whose attachments use this file (the vault is content-addressed). */
export function casesUsingFile(db: Database, sha256: string): number[] {
  return (
    prepared(db, 'SELECT DISTINCT case_id AS id FROM attachments WHERE sha256 = ?').all(sha256) as {
      id: number;
    }[]
  ).map((row) => row.id);
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
