import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditAction } from '../../domain/audit-actions';
import { toWellFormedText } from '../../domain/text';
import { prepared } from '../statement-cache';

/** The hash the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
  hash_version: number;
}

/** One audit entry as read back. */
export interface AuditRecord {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** What a caller records; never personal data of applicants (masked values only). */
export interface AuditEvent {
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: AuditAction;
  subject?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * How new rows are hashed. Version 1 (rows written before) hashed the JSON of the values the
 * app meant to write, which differs from what SQLite stores when a text holds an unpaired
 * surrogate. Version 2 hashes the stored values: every text is made well-formed before it is
 * written, and the row is read back and checked before its transaction commits.
 */
export const AUDIT_HASH_VERSION = 2;

type HashedContent = Omit<AuditRow, 'hash'>;

function canonicalV1(row: HashedContent): string {
  // A fixed field order: the hash must not depend on how an object happened to be built.
  return JSON.stringify([
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.subject,
    row.detail,
    row.prev_hash,
  ]);
}

function canonicalV2(row: HashedContent): string {
  return JSON.stringify([
    2,
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.subject,
    row.detail,
    row.prev_hash,
  ]);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of a row by its own version, or null for a version this build does not know. */
function rowHash(row: HashedContent): string | null {
  switch (row.hash_version) {
    case 1:
      return sha256(canonicalV1(row));
    case 2:
      return sha256(canonicalV2(row));
    default:
      return null;
  }
}

/**
 * Decodes UTF-8 that may hold encoded surrogates (WTF-8): SQLite keeps the bytes a lone
 * surrogate was written as (ED A0 80 for U+D800), which a plain decoder turns into U+FFFD.
 */
function decodeStoredText(bytes: Buffer): string {
  let text = '';
  let index = 0;
  const continuation = (offset: number) => (bytes[index + offset] ?? 0) & 0x3f;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      text += String.fromCharCode(lead);
      index += 1;
    } else if (lead >= 0xc0 && lead < 0xe0) {
      text += String.fromCharCode(((lead & 0x1f) << 6) | continuation(1));
      index += 2;
    } else if (lead >= 0xe0 && lead < 0xf0) {
      text += String.fromCharCode(((lead & 0x0f) << 12) | (continuation(1) << 6) | continuation(2));
      index += 3;
    } else if (lead >= 0xf0 && lead < 0xf8) {
      text += String.fromCodePoint(
        ((lead & 0x07) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3),
      );
      index += 4;
    } else {
      text += '\uFFFD';
      index += 1;
    }
  }
  return text;
}

/**
 * A version 1 row written with an unpaired surrogate (e.g. the name typed at `auth:login`
 * before this version) was hashed over the surrogate, and SQLite kept its bytes, but reads
 * them back as U+FFFD. Its texts are decoded from the stored bytes and hashed again: such a
 * row verifies as written, while any edit still fails.
 */
function matchesV1FromStoredBytes(db: Database, row: HashedContent, hash: string): boolean {
  const bytes = prepared(
    db,
    `SELECT CAST(at AS BLOB) AS at, CAST(actor_name AS BLOB) AS actor_name,
            CAST(action AS BLOB) AS action, CAST(subject AS BLOB) AS subject,
            CAST(detail AS BLOB) AS detail
     FROM audit_log WHERE id = ?`,
  ).get(row.id) as Record<'at' | 'actor_name' | 'action' | 'subject' | 'detail', Buffer | null>;
  const text = (value: Buffer | null) => (value === null ? null : decodeStoredText(value));
  const decoded: HashedContent = {
    ...row,
    at: text(bytes.at) ?? '',
    actor_name: text(bytes.actor_name),
    action: text(bytes.action) ?? '',
    subject: text(bytes.subject),
    detail: text(bytes.detail) ?? '',
  };
  return sha256(canonicalV1(decoded)) === hash;
}

function wellFormedDetail(detail: AuditEvent['detail']): string {
  const entries = Object.entries(detail ?? {}).map(([key, value]) => [
    toWellFormedText(key),
    typeof value === 'string' ? toWellFormedText(value) : value,
  ]);
  return JSON.stringify(Object.fromEntries(entries));
}

const optionalText = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : toWellFormedText(text);

/**
 * Appends one entry chained to the previous row's hash. Runs inside the caller's transaction
 * when there is one, so an action and its audit entry land together. The row is read back
 * before the transaction commits: a row whose stored form would not verify is never written.
 */
export function appendAudit(db: Database, event: AuditEvent): number {
  const append = () => {
    const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      { id: number; hash: string } | undefined;
    const row: HashedContent = {
      id: (last?.id ?? 0) + 1,
      at: toWellFormedText(event.at),
      actor_id: event.actorId,
      actor_name: optionalText(event.actorName),
      action: event.action,
      subject: optionalText(event.subject),
      detail: wellFormedDetail(event.detail),
      prev_hash: last?.hash ?? GENESIS_HASH,
      hash_version: AUDIT_HASH_VERSION,
    };
    const hash = rowHash(row) as string;
    prepared(
      db,
      `INSERT INTO audit_log
         (id, at, actor_id, actor_name, action, subject, detail, prev_hash, hash, hash_version)
       VALUES (@id, @at, @actor_id, @actor_name, @action, @subject, @detail, @prev_hash, @hash,
               @hash_version)`,
    ).run({ ...row, hash });
    const stored = prepared(db, 'SELECT * FROM audit_log WHERE id = ?').get(row.id) as AuditRow;
    const { hash: storedHash, ...content } = stored;
    if (storedHash !== hash || rowHash(content) !== hash) {
      throw new Error('audit row does not read back as it was hashed');
    }
    return row.id;
  };
  // Inside a transaction a savepoint would add nothing (one read, then one insert) and cost
  // a transaction wrapper per entry, which the outbox's group commit felt.
  return db.inTransaction ? append() : db.transaction(append).immediate();
}

/** One row that does not match, or the row after missing ones. */
export interface ChainProblem {
  id: number;
  reason: string;
}

/** Ids missing from the chain, both ends included. */
export interface ChainGap {
  fromId: number;
  toId: number;
}

/** The result of walking the chain. */
export interface ChainVerification {
  intact: boolean;
  rowsChecked: number;
  firstBrokenId: number | null;
  reason: string | null;
  /** Every broken row, oldest first (the first MAX_LISTED_PROBLEMS). */
  problems: ChainProblem[];
  problemCount: number;
  /** Every run of missing ids (the first MAX_LISTED_PROBLEMS). */
  gaps: ChainGap[];
  /** Rows an older version wrote with an unpaired surrogate; they verify on their stored bytes. */
  legacyIllFormedIds: number[];
}

/** How many problems one answer lists; the count says how many there are in all. */
export const MAX_LISTED_PROBLEMS = 500;

export const CHAIN_REASONS = {
  gap: '记录编号不连续，之前的记录可能被删除',
  link: '与上一条记录的哈希链接不一致',
  content: '记录内容与其哈希不一致，记录可能被修改',
  version: '记录的哈希版本无法识别，记录可能被修改',
} as const;

/**
 * Walks the whole chain in id order and goes on past every break: each row is checked
 * against its own content and against the row stored before it, so an edited row, a row
 * re-hashed after an edit (its successor's link) and every run of missing ids are all named,
 * not only the first.
 */
export function verifyAuditChain(db: Database): ChainVerification {
  let previousHash = GENESIS_HASH;
  let expectedId = 1;
  let rowsChecked = 0;
  let problemCount = 0;
  const problems: ChainProblem[] = [];
  const gaps: ChainGap[] = [];
  const legacyIllFormedIds: number[] = [];
  const report = (id: number, reason: string) => {
    problemCount += 1;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ id, reason });
  };
  for (const row of db
    .prepare('SELECT * FROM audit_log ORDER BY id')
    .iterate() as Iterable<AuditRow>) {
    rowsChecked += 1;
    const { hash, ...content } = row;
    const expected = rowHash(content);
    const reasons: string[] = [];
    if (row.id !== expectedId) {
      // The link cannot match across missing rows: the gap is the finding.
      if (gaps.length < MAX_LISTED_PROBLEMS) gaps.push({ fromId: expectedId, toId: row.id - 1 });
      reasons.push(CHAIN_REASONS.gap);
    } else if (row.prev_hash !== previousHash) {
      reasons.push(CHAIN_REASONS.link);
    }
    if (expected === null) reasons.push(CHAIN_REASONS.version);
    else if (expected !== hash) {
      if (row.hash_version === 1 && matchesV1FromStoredBytes(db, content, hash)) {
        legacyIllFormedIds.push(row.id);
      } else reasons.push(CHAIN_REASONS.content);
    }
    if (reasons.length > 0) report(row.id, reasons.join('；'));
    // The chain goes on from what is stored: the next row is checked against this one.
    previousHash = hash;
    expectedId = row.id + 1;
  }
  const first = problems[0] ?? null;
  return {
    intact: problemCount === 0,
    rowsChecked,
    firstBrokenId: first?.id ?? null,
    reason: first?.reason ?? null,
    problems,
    problemCount,
    gaps,
    legacyIllFormedIds,
  };
}

function rowToRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The newest entries first. */
export function recentAudit(db: Database, limit: number): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as AuditRow[];
  return rows.map(rowToRecord);
}

/** Counts entries of one action at or after a time, optionally for one actor. */
export function countAuditSince(
  db: Database,
  action: AuditAction | null,
  since: string,
  actorId: number | null = null,
): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM audit_log
       WHERE at >= @since
         AND (@action IS NULL OR action = @action)
         AND (@actorId IS NULL OR actor_id = @actorId)`,
    )
    .get({ since, action, actorId }) as { n: number };
  return row.n;
}

/** Every entry about one subject (a case number, a login name), oldest first. */
export function auditBySubject(db: Database, subject: string): AuditRecord[] {
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id')
    .all(subject) as AuditRow[];
  return rows.map(rowToRecord);
}

/** Whether an entry of this action carries this value in its detail (e.g. an export's hash). */
export function hasAuditDetail(
  db: Database,
  action: AuditAction,
  key: string,
  value: string,
): boolean {
  const row = db
    .prepare(
      `SELECT 1 AS found FROM audit_log
       WHERE action = ? AND json_extract(detail, '$.' || ?) = ? LIMIT 1`,
    )
    .get(action, key, value) as { found: number } | undefined;
  return row !== undefined;
}
