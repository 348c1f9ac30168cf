import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

interface ItemRow {
  code: string;
  original_seen: number;
  copy_archived: number;
  attested: number;
  signed_original_archived: number;
  attachments_purged: number;
  recorded_by_name: string | null;
  recorded_at: string | null;
}

/** What the clerk recorded for one required material. */
export interface CaseItemRecord {
  code: string;
  originalSeen: boolean;
  copyArchived: boolean;
  attested: boolean;
  /** The signed original of a printed form is kept in the paper archive. */
  signedOriginalArchived: boolean;
  /** Scans the retention purge removed: the checklist still counts them as received. */
  attachmentsPurged: number;
  recordedByName: string | null;
  recordedAt: string | null;
}

interface AttachmentRow {
  id: number;
  item_code: string;
  sha256: string;
  file_name: string;
  mime_type: string;
  size: number;
  added_by_name: string;
  added_at: string;
}

/** A file attached to one material item; the bytes live encrypted in the vault. */
export interface AttachmentRecord {
  id: number;
  itemCode: string;
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
  addedByName: string;
  addedAt: string;
}

function rowToItem(row: ItemRow): CaseItemRecord {
  return {
    code: row.code,
    originalSeen: row.original_seen === 1,
    copyArchived: row.copy_archived === 1,
    attested: row.attested === 1,
    signedOriginalArchived: row.signed_original_archived === 1,
    attachmentsPurged: row.attachments_purged,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
  };
}

function rowToAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    itemCode: row.item_code,
    sha256: row.sha256,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    addedByName: row.added_by_name,
    addedAt: row.added_at,
  };
}

/** Creates one unticked row per required material when the case is opened. */
export function insertCaseItems(db: Database, caseId: number, codes: readonly string[]): void {
  const insert = db.prepare('INSERT INTO case_items (case_id, code) VALUES (?, ?)');
  for (const code of codes) insert.run(caseId, code);
}

/** Every item of a case. */
export function listCaseItems(db: Database, caseId: number): CaseItemRecord[] {
  const rows = db
    .prepare(
      `SELECT code, original_seen, copy_archived, attested, signed_original_archived,
              attachments_purged, recorded_by_name, recorded_at
       FROM case_items WHERE case_id = ?`,
    )
    .all(caseId) as ItemRow[];
  return rows.map(rowToItem);
}

/** Records what the clerk checked for one item, and who and when. */
export function recordCaseItem(
  db: Database,
  caseId: number,
  input: {
    code: string;
    originalSeen: boolean;
    copyArchived: boolean;
    attested: boolean;
    signedOriginalArchived: boolean;
    userId: number;
    userName: string;
    now: string;
  },
): void {
  db.prepare(
    `UPDATE case_items SET original_seen = @originalSeen, copy_archived = @copyArchived,
       attested = @attested, signed_original_archived = @signedOriginalArchived, recorded_by = @userId, recorded_by_name = @userName,
       recorded_at = @now
     WHERE case_id = @caseId AND code = @code`,
  ).run({
    ...input,
    caseId,
    originalSeen: input.originalSeen ? 1 : 0,
    copyArchived: input.copyArchived ? 1 : 0,
    attested: input.attested ? 1 : 0,
    signedOriginalArchived: input.signedOriginalArchived ? 1 : 0,
  });
}

/** Adds the metadata of an attached file; returns its id. */
export function insertAttachment(
  db: Database,
  caseId: number,
  input: {
    itemCode: string;
    sha256: string;
    fileName: string;
    mimeType: string;
    size: number;
    userId: number;
    userName: string;
    now: string;
  },
): number {
  const result = db
    .prepare(
      `INSERT INTO attachments (case_id, item_code, sha256, file_name, mime_type, size,
         added_by, added_by_name, added_at)
       VALUES (@caseId, @itemCode, @sha256, @fileName, @mimeType, @size, @userId, @userName, @now)`,
    )
    .run({ ...input, caseId });
  return Number(result.lastInsertRowid);
}

/** Every attachment of a case, oldest first. */
export function listAttachments(db: Database, caseId: number): AttachmentRecord[] {
  const rows = prepared(db, 'SELECT * FROM attachments WHERE case_id = ? ORDER BY id').all(
    caseId,
  ) as AttachmentRow[];
  return rows.map(rowToAttachment);
}

/** One attachment of a case. */
export function findAttachment(
  db: Database,
  caseId: number,
  attachmentId: number,
): AttachmentRecord | undefined {
  const row = db
    .prepare('SELECT * FROM attachments WHERE case_id = ? AND id = ?')
    .get(caseId, attachmentId) as AttachmentRow | undefined;
  return row ? rowToAttachment(row) : undefined;
}

/** Removes an attachment's metadata; returns whether other rows still use the same bytes. */
export function deleteAttachment(db: Database, caseId: number, attachmentId: number): boolean {
  const row = findAttachment(db, caseId, attachmentId);
  if (!row) return false;
  db.prepare('DELETE FROM attachments WHERE id = ?').run(attachmentId);
  const others = db
    .prepare('SELECT COUNT(*) AS n FROM attachments WHERE sha256 = ?')
    .get(row.sha256) as { n: number };
  return others.n > 0;
}

/** The items of many cases at once, by case id (an export reads cases in batches). */
export function listCaseItemsOfCases(
  db: Database,
  caseIds: readonly number[],
): Map<number, CaseItemRecord[]> {
  const rows = db
    .prepare(
      `SELECT case_id, code, original_seen, copy_archived, attested, signed_original_archived,
              recorded_by_name, recorded_at
       FROM case_items WHERE case_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(caseIds)) as (ItemRow & { case_id: number })[];
  const byCase = new Map<number, CaseItemRecord[]>();
  for (const row of rows) {
    const list = byCase.get(row.case_id) ?? [];
    list.push(rowToItem(row));
    byCase.set(row.case_id, list);
  }
  return byCase;
}

/** The attachments of many cases at once, by case id, oldest first. */
export function listAttachmentsOfCases(
  db: Database,
  caseIds: readonly number[],
): Map<number, AttachmentRecord[]> {
  const rows = db
    .prepare(
      `SELECT * FROM attachments WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(caseIds)) as (AttachmentRow & { case_id: number })[];
  const byCase = new Map<number, AttachmentRecord[]>();
  for (const row of rows) {
    const list = byCase.get(row.case_id) ?? [];
    list.push(rowToAttachment(row));
    byCase.set(row.case_id, list);
  }
  return byCase;
}
