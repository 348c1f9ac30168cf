import type { Database } from 'better-sqlite3-multiple-ciphers';

/** The applicant's signature kept with a case: where its sealed PNG is, or when it was purged. */
export interface SignatureRecord {
  /** Null once the retention purge removed the image. */
  pngSha256: string | null;
  width: number;
  height: number;
  size: number;
  signedAt: string;
  purgedAt: string | null;
}

interface SignatureRow {
  png_sha256: string | null;
  width: number;
  height: number;
  size: number;
  signed_at: string;
  purged_at: string | null;
}

function rowToSignature(row: SignatureRow): SignatureRecord {
  return {
    pngSha256: row.png_sha256,
    width: row.width,
    height: row.height,
    size: row.size,
    signedAt: row.signed_at,
    purgedAt: row.purged_at,
  };
}

/** Keeps (or replaces) the signature of a case; returns the hash it replaced, if any. */
export function saveSignature(
  db: Database,
  caseId: number,
  input: { pngSha256: string; width: number; height: number; size: number; signedAt: string },
): string | null {
  const before = findSignature(db, caseId)?.pngSha256 ?? null;
  db.prepare(
    `INSERT INTO case_signatures (case_id, png_sha256, width, height, size, signed_at, purged_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (case_id) DO UPDATE SET png_sha256 = excluded.png_sha256,
       width = excluded.width, height = excluded.height, size = excluded.size,
       signed_at = excluded.signed_at, purged_at = NULL`,
  ).run(caseId, input.pngSha256, input.width, input.height, input.size, input.signedAt);
  return before !== input.pngSha256 ? before : null;
}

/** The signature of a case, if the applicant signed. */
export function findSignature(db: Database, caseId: number): SignatureRecord | undefined {
  const row = db
    .prepare(
      `SELECT png_sha256, width, height, size, signed_at, purged_at
       FROM case_signatures WHERE case_id = ?`,
    )
    .get(caseId) as SignatureRow | undefined;
  return row ? rowToSignature(row) : undefined;
}

/**
 * Whether any signature or attachment still refers to these sealed bytes (the vault is
 * content-addressed and shared with the scans), before a file is removed.
 */
export function isVaultFileInUse(db: Database, sha256: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM case_signatures WHERE png_sha256 = ?
         UNION ALL SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1`,
      )
      .get(sha256, sha256) !== undefined
  );
}

/**
 * Forgets a case's signature image (with its scans, at the retention purge): the row keeps
 * that and when it was signed. Returns the sealed files no other row refers to, for the
 * caller to delete after the transaction. Call in a transaction.
 */
export function purgeCaseSignature(db: Database, caseId: number, now: string): string[] {
  const sha = findSignature(db, caseId)?.pngSha256 ?? null;
  if (!sha) return [];
  db.prepare('UPDATE case_signatures SET png_sha256 = NULL, purged_at = ? WHERE case_id = ?').run(
    now,
    caseId,
  );
  return isVaultFileInUse(db, sha) ? [] : [sha];
}
