import type { Database } from 'better-sqlite3-multiple-ciphers';

interface CaseCaKeyRow {
  company_name: string | null;
  credit_code: string | null;
  fingerprint_sha256: string;
  issuer: string;
  not_after: string;
  read_at: string;
  read_by_name: string;
  verified_at: string | null;
  verified_method: string | null;
}

/** The CA certificate read into a case, and whether the key proved it holds the private key. */
export interface CaseCaKeyRecord {
  companyName: string | null;
  creditCode: string | null;
  fingerprintSha256: string;
  issuer: string;
  notAfter: string;
  readAt: string;
  readByName: string;
  verifiedAt: string | null;
  /** 'signature' (challenge signed and verified) or 'pin' (SM2: the key accepted the PIN). */
  verifiedMethod: 'signature' | 'pin' | null;
}

function rowToCaseCaKey(row: CaseCaKeyRow): CaseCaKeyRecord {
  return {
    companyName: row.company_name,
    creditCode: row.credit_code,
    fingerprintSha256: row.fingerprint_sha256,
    issuer: row.issuer,
    notAfter: row.not_after,
    readAt: row.read_at,
    readByName: row.read_by_name,
    verifiedAt: row.verified_at,
    verifiedMethod:
      row.verified_method === 'signature' || row.verified_method === 'pin'
        ? row.verified_method
        : null,
  };
}

/** The certificate read into a case, or null. */
export function findCaseCaKey(db: Database, caseId: number): CaseCaKeyRecord | null {
  const row = db
    .prepare<[number], CaseCaKeyRow>(
      `SELECT company_name, credit_code, fingerprint_sha256, issuer, not_after, read_at,
              read_by_name, verified_at, verified_method
         FROM case_ca_keys WHERE case_id = ?`,
    )
    .get(caseId);
  return row ? rowToCaseCaKey(row) : null;
}

/**
 * Records a certificate read into a case. Reading the same certificate again keeps its proof;
 * another certificate starts unproved.
 */
export function saveCaseCaKeyRead(
  db: Database,
  caseId: number,
  read: Omit<CaseCaKeyRecord, 'verifiedAt' | 'verifiedMethod'>,
): void {
  db.prepare(
    `INSERT INTO case_ca_keys (case_id, company_name, credit_code, fingerprint_sha256, issuer,
                               not_after, read_at, read_by_name)
     VALUES (@caseId, @companyName, @creditCode, @fingerprintSha256, @issuer, @notAfter,
             @readAt, @readByName)
     ON CONFLICT (case_id) DO UPDATE SET
       company_name = excluded.company_name,
       credit_code = excluded.credit_code,
       issuer = excluded.issuer,
       not_after = excluded.not_after,
       read_at = excluded.read_at,
       read_by_name = excluded.read_by_name,
       verified_at = CASE WHEN fingerprint_sha256 = excluded.fingerprint_sha256
                          THEN verified_at END,
       verified_method = CASE WHEN fingerprint_sha256 = excluded.fingerprint_sha256
                              THEN verified_method END,
       fingerprint_sha256 = excluded.fingerprint_sha256`,
  ).run({ caseId, ...read });
}

/** Records that the key of the case's certificate proved possession. */
export function markCaseCaKeyVerified(
  db: Database,
  caseId: number,
  verifiedAt: string,
  method: 'signature' | 'pin',
): void {
  db.prepare('UPDATE case_ca_keys SET verified_at = ?, verified_method = ? WHERE case_id = ?').run(
    verifiedAt,
    method,
    caseId,
  );
}
