import type { Database } from 'better-sqlite3-multiple-ciphers';

/** A card photo kept with a case: which party it belongs to and where its sealed bytes are. */
export interface CardPhotoRecord {
  party: string;
  photoSha256: string;
  cardKind: string;
  readAt: string;
}

/** Keeps (or replaces) the photo of one party of a case. */
export function saveCardPhoto(db: Database, caseId: number, record: CardPhotoRecord): void {
  db.prepare(
    `INSERT INTO case_card_photos (case_id, party, photo_sha256, card_kind, read_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (case_id, party) DO UPDATE SET photo_sha256 = excluded.photo_sha256,
       card_kind = excluded.card_kind, read_at = excluded.read_at`,
  ).run(caseId, record.party, record.photoSha256, record.cardKind, record.readAt);
}

/** The photo of one party of a case, if a card was read for it. */
export function findCardPhoto(
  db: Database,
  caseId: number,
  party: string,
): CardPhotoRecord | undefined {
  const row = db
    .prepare(
      `SELECT party, photo_sha256 AS photoSha256, card_kind AS cardKind, read_at AS readAt
       FROM case_card_photos WHERE case_id = ? AND party = ?`,
    )
    .get(caseId, party) as CardPhotoRecord | undefined;
  return row;
}

/** Whether any case still refers to these sealed bytes (before a file is removed). */
export function isCardPhotoInUse(db: Database, sha256: string): boolean {
  return (
    db.prepare('SELECT 1 FROM case_card_photos WHERE photo_sha256 = ? LIMIT 1').get(sha256) !==
    undefined
  );
}

/**
 * Removes a case's card photos (with its personal data, at the retention purge) and returns
 * the sealed files no other case refers to, for the caller to delete after the transaction.
 */
export function purgeCaseCardPhotos(db: Database, caseId: number): string[] {
  const hashes = (
    db
      .prepare('SELECT photo_sha256 AS sha FROM case_card_photos WHERE case_id = ?')
      .all(caseId) as {
      sha: string;
    }[]
  ).map((row) => row.sha);
  db.prepare('DELETE FROM case_card_photos WHERE case_id = ?').run(caseId);
  return [...new Set(hashes)].filter((sha) => !isCardPhotoInUse(db, sha));
}
