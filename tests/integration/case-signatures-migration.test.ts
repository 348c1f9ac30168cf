import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/migrations';
import {
  findSignature,
  isVaultFileInUse,
  purgeCaseSignature,
  saveSignature,
} from '../../src-main/store/repositories/case-signatures';

/** Migration 0015: the applicant's signature per case, its image sealed in the vault. */
describe('0015 case_signatures', () => {
  const signature = (sha: string) => ({
    pngSha256: sha,
    width: 600,
    height: 200,
    size: 4000,
    signedAt: '2026-12-01T08:00:00.000Z',
  });

  /** The schema alone: the rows stand for cases without the cases table's many columns. */
  function schema(): Database.Database {
    const db = new Database(':memory:');
    migrate(db);
    db.pragma('foreign_keys = OFF');
    return db;
  }

  it('keeps one signature per case; signing again hands back the file it replaced', () => {
    const db = schema();
    expect(saveSignature(db, 1, signature('a'.repeat(64)))).toBeNull();
    expect(saveSignature(db, 1, signature('b'.repeat(64)))).toBe('a'.repeat(64));
    expect(findSignature(db, 1)).toMatchObject({ pngSha256: 'b'.repeat(64), purgedAt: null });
    expect(db.prepare('SELECT COUNT(*) FROM case_signatures').pluck().get()).toBe(1);
  });

  it('the purge forgets the image but not that the case was signed, and keeps a file still in use', () => {
    const db = schema();
    saveSignature(db, 1, signature('c'.repeat(64)));
    saveSignature(db, 2, signature('c'.repeat(64)));
    expect(purgeCaseSignature(db, 1, '2027-01-01T00:00:00.000Z')).toEqual([]);
    expect(findSignature(db, 1)).toMatchObject({
      pngSha256: null,
      purgedAt: '2027-01-01T00:00:00.000Z',
    });
    expect(purgeCaseSignature(db, 2, '2027-01-01T00:00:00.000Z')).toEqual(['c'.repeat(64)]);
    expect(purgeCaseSignature(db, 2, '2027-01-02T00:00:00.000Z')).toEqual([]);
  });

  it('looks a vault file up by its hash through indexes, not table scans', () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT 1 FROM case_signatures WHERE png_sha256 = ?
           UNION ALL SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1`,
        )
        .all('d', 'd') as { detail: string }[]
    )
      .map((row) => row.detail)
      .join(' ');
    expect(plan).toMatch(/INDEX case_signatures_by_hash/);
    expect(plan).toMatch(/INDEX attachments_sha256/);
    expect(isVaultFileInUse(db, 'd')).toBe(false);
  });
});
