import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CaseState } from '../../domain/case-state';
import type { FormKind, MaterialRequirement } from '../../domain/profile';
import { prepared } from '../statement-cache';

interface CaseRow {
  id: number;
  case_number: string;
  hall_code: string;
  day: string;
  sequence: number;
  profile_id: string;
  rule_version: string;
  operation: string;
  subject_type: string;
  delegated: number;
  title: string;
  state: string;
  display_name: string;
  values_json: string;
  materials_json: string;
  forms_json: string;
  exception_json: string | null;
  cancel_reason: string | null;
  platform_message: string | null;
  platform_next_step: string | null;
  clerk_id: number;
  clerk_name: string;
  assignee_id: number;
  assignee_name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A supervisor's approval to submit with materials missing. */
export interface CaseException {
  approvedById: number;
  approvedByName: string;
  reason: string;
  at: string;
  missing: string[];
}

/** One case as stored, with its rule snapshot. */
export interface CaseRecord {
  id: number;
  caseNumber: string;
  hallCode: string;
  profileId: string;
  ruleVersion: string;
  operation: string;
  subjectType: string;
  delegated: boolean;
  title: string;
  state: CaseState;
  displayName: string;
  values: Record<string, string>;
  materials: MaterialRequirement[];
  forms: FormKind[];
  exception: CaseException | null;
  cancelReason: string | null;
  platformMessage: string | null;
  platformNextStep: string | null;
  clerkId: number;
  clerkName: string;
  /** Who works on the case now; only they change it (OpenCRVS's assignment). */
  assigneeId: number;
  assigneeName: string;
  /** Bumped by every write; a save from an older version is refused. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What lists and search results show; the caller masks personal data. */
export interface CaseSummaryRecord {
  caseNumber: string;
  title: string;
  state: CaseState;
  displayName: string;
  displayKey: string;
  isOrganisation: boolean;
  clerkName: string;
  updatedAt: string;
}

interface SummaryRow {
  case_number: string;
  title: string;
  state: string;
  display_name: string;
  display_key: string;
  display_is_org: number;
  clerk_name: string;
  updated_at: string;
}

/** The kinds of search key a case is indexed by. */
export type CaseKeyKind = 'id-number' | 'credit-code' | 'name';

/** One search key of a case: any party's ID number, credit code or name. */
export interface CaseKey {
  kind: CaseKeyKind;
  value: string;
}

const SELECT_CASE = `
  SELECT c.*, u.display_name AS clerk_name, COALESCE(c.assignee_id, c.clerk_id) AS assignee_id,
    a.display_name AS assignee_name
  FROM cases c JOIN users u ON u.id = c.clerk_id
    JOIN users a ON a.id = COALESCE(c.assignee_id, c.clerk_id)`;

// Lists never read the values JSON: the listed name and code have columns of their own.
const SELECT_SUMMARY = `
  SELECT c.case_number, c.title, c.state, c.display_name, c.display_key, c.display_is_org,
    u.display_name AS clerk_name, c.updated_at
  FROM cases c JOIN users u ON u.id = c.clerk_id`;

function rowToCase(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    caseNumber: row.case_number,
    hallCode: row.hall_code,
    profileId: row.profile_id,
    ruleVersion: row.rule_version,
    operation: row.operation,
    subjectType: row.subject_type,
    delegated: row.delegated === 1,
    title: row.title,
    state: row.state as CaseState,
    displayName: row.display_name,
    values: JSON.parse(row.values_json) as Record<string, string>,
    materials: JSON.parse(row.materials_json) as MaterialRequirement[],
    forms: JSON.parse(row.forms_json) as FormKind[],
    exception: row.exception_json ? (JSON.parse(row.exception_json) as CaseException) : null,
    cancelReason: row.cancel_reason,
    platformMessage: row.platform_message,
    platformNextStep: row.platform_next_step,
    clerkId: row.clerk_id,
    clerkName: row.clerk_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowToSummary(row: SummaryRow): CaseSummaryRecord {
  return {
    caseNumber: row.case_number,
    title: row.title,
    state: row.state as CaseState,
    displayName: row.display_name,
    displayKey: row.display_key,
    isOrganisation: row.display_is_org === 1,
    clerkName: row.clerk_name,
    updatedAt: row.updated_at,
  };
}

/** The next free sequence number of a hall's day; call inside the inserting transaction. */
export function nextCaseSequence(db: Database, hallCode: string, day: string): number {
  const row = db
    .prepare('SELECT MAX(sequence) AS last FROM cases WHERE hall_code = ? AND day = ?')
    .get(hallCode, day) as { last: number | null };
  return (row.last ?? 0) + 1;
}

/** What a new case is created with. */
export interface NewCase {
  caseNumber: string;
  hallCode: string;
  day: string;
  sequence: number;
  profileId: string;
  ruleVersion: string;
  operation: string;
  subjectType: string;
  delegated: boolean;
  title: string;
  state: CaseState;
  materials: readonly MaterialRequirement[];
  forms: readonly FormKind[];
  clerkId: number;
  now: string;
}

/** Inserts a case with empty values; returns its id. */
export function insertCase(db: Database, input: NewCase): number {
  const result = db
    .prepare(
      `INSERT INTO cases (case_number, hall_code, day, sequence, profile_id, rule_version,
         operation, subject_type, delegated, title, state, materials_json, forms_json,
         clerk_id, assignee_id, created_at, updated_at)
       VALUES (@caseNumber, @hallCode, @day, @sequence, @profileId, @ruleVersion,
         @operation, @subjectType, @delegated, @title, @state, @materials, @forms,
         @clerkId, @clerkId, @now, @now)`,
    )
    .run({
      ...input,
      delegated: input.delegated ? 1 : 0,
      materials: JSON.stringify(input.materials),
      forms: JSON.stringify(input.forms),
    });
  return Number(result.lastInsertRowid);
}

/** Finds a case by the number the applicant quotes. */
export function findCaseByNumber(db: Database, caseNumber: string): CaseRecord | undefined {
  const row = prepared(db, `${SELECT_CASE} WHERE c.case_number = ?`).get(caseNumber) as
    CaseRow | undefined;
  return row ? rowToCase(row) : undefined;
}

/**
 * Replaces a case's form values and rebuilds its search keys and name index, all in the
 * caller's transaction so that search never sees half a case.
 */
export function saveCaseValues(
  db: Database,
  caseId: number,
  input: {
    values: Readonly<Record<string, string>>;
    display: { name: string; key: string; isOrganisation: boolean };
    keys: readonly CaseKey[];
    now: string;
  },
): void {
  db.prepare(
    `UPDATE cases SET values_json = ?, display_name = ?, display_key = ?, display_is_org = ?,
       updated_at = ? WHERE id = ?`,
  ).run(
    JSON.stringify(input.values),
    input.display.name,
    input.display.key,
    input.display.isOrganisation ? 1 : 0,
    input.now,
    caseId,
  );
  db.prepare('DELETE FROM case_keys WHERE case_id = ?').run(caseId);
  const insertKey = db.prepare(
    'INSERT OR IGNORE INTO case_keys (kind, value, case_id) VALUES (?, ?, ?)',
  );
  for (const key of input.keys) insertKey.run(key.kind, key.value, caseId);
  db.prepare('DELETE FROM case_names WHERE rowid = ?').run(caseId);
  const names = input.keys.filter((key) => key.kind === 'name').map((key) => key.value);
  if (names.length > 0) {
    db.prepare('INSERT INTO case_names (rowid, names) VALUES (?, ?)').run(caseId, names.join(' '));
  }
}

/** Moves a case to another state; the caller has checked the transition. */
export function setCaseState(
  db: Database,
  caseId: number,
  state: CaseState,
  now: string,
  extra: { cancelReason?: string; platformMessage?: string | null } = {},
): void {
  prepared(
    db,
    `UPDATE cases SET state = @state, updated_at = @now,
       cancel_reason = COALESCE(@cancelReason, cancel_reason),
       platform_message = CASE WHEN @setMessage THEN @platformMessage ELSE platform_message END
     WHERE id = @caseId`,
  ).run({
    caseId,
    state,
    now,
    cancelReason: extra.cancelReason ?? null,
    setMessage: 'platformMessage' in extra ? 1 : 0,
    platformMessage: extra.platformMessage ?? null,
  });
}

/** Records the platform's words on a case and what the clerk does about them. */
export function setPlatformAnswer(
  db: Database,
  caseId: number,
  answer: { message: string | null; nextStep: string | null },
): void {
  prepared(db, 'UPDATE cases SET platform_message = ?, platform_next_step = ? WHERE id = ?').run(
    answer.message,
    answer.nextStep,
    caseId,
  );
}

/** Records a supervisor's exception on the case. */
export function setCaseException(
  db: Database,
  caseId: number,
  exception: CaseException | null,
  now: string,
): void {
  db.prepare('UPDATE cases SET exception_json = ?, updated_at = ? WHERE id = ?').run(
    exception ? JSON.stringify(exception) : null,
    now,
    caseId,
  );
}

/** Which cases a work queue shows. */
export interface CaseListFilter {
  states: readonly CaseState[];
  /** Only the cases this user works on now (their assignee). */
  clerkId?: number;
  limit: number;
  offset: number;
}

/** One page of a work queue, most recently changed first, and the total count. */
export function listCases(
  db: Database,
  filter: CaseListFilter,
): { total: number; cases: CaseSummaryRecord[] } {
  const states = JSON.stringify(filter.states);
  const where = `c.state IN (SELECT value FROM json_each(@states))
    AND (@clerkId IS NULL OR c.assignee_id = @clerkId)`;
  const params = { states, clerkId: filter.clerkId ?? null };
  const total = (
    prepared(db, `SELECT COUNT(*) AS n FROM cases c WHERE ${where}`).get(params) as { n: number }
  ).n;
  const rows = prepared(
    db,
    `${SELECT_SUMMARY} WHERE ${where} ORDER BY c.updated_at DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: filter.limit, offset: filter.offset }) as SummaryRow[];
  return { total, cases: rows.map(rowToSummary) };
}

/** Counts cases by state among those created since a time (home screen). */
export function countCasesCreatedSince(
  db: Database,
  since: string,
  clerkId?: number,
): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT state, COUNT(*) AS n FROM cases
       WHERE created_at >= ? AND (? IS NULL OR clerk_id = ?) GROUP BY state`,
    )
    .all(since, clerkId ?? null, clerkId ?? null) as { state: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

const SEARCH_LIMIT = 50;

/** List rows once each: a case whose two parties share a key is found twice by the join. */
function distinct(rows: readonly SummaryRow[]): CaseSummaryRecord[] {
  const seen = new Set<string>();
  return rows
    .filter((row) => !seen.has(row.case_number) && seen.add(row.case_number))
    .map(rowToSummary);
}

// One indexed probe of case_keys joined to its cases: the shape a hand-written lookup has.
const SELECT_BY_KEY = `
  SELECT c.case_number, c.title, c.state, c.display_name, c.display_key,
    c.display_is_org, u.display_name AS clerk_name, c.updated_at
  FROM case_keys k JOIN cases c ON c.id = k.case_id JOIN users u ON u.id = c.clerk_id`;

const SEARCH_ONE_KIND_SQL = `${SELECT_BY_KEY} WHERE k.kind = ? AND k.value = ? LIMIT ${SEARCH_LIMIT}`;
const SEARCH_BOTH_KINDS_SQL = `${SELECT_BY_KEY}
  WHERE k.kind IN ('id-number', 'credit-code') AND k.value = ? LIMIT ${SEARCH_LIMIT}`;
const SEARCH_NAME_PREFIX_SQL = `${SELECT_BY_KEY}
  WHERE k.kind = 'name' AND k.value >= ? AND k.value < ? LIMIT ${SEARCH_LIMIT}`;

/**
 * Cases with a party whose key of one of these kinds equals the value. An 18-character code
 * that passes both the ID and the credit-code check is looked up as both.
 */
export function searchCasesByKeys(
  db: Database,
  kinds: readonly ('id-number' | 'credit-code')[],
  value: string,
): CaseSummaryRecord[] {
  const [only] = kinds;
  const rows = (
    kinds.length === 1 && only
      ? prepared(db, SEARCH_ONE_KIND_SQL).all(only, value)
      : prepared(db, SEARCH_BOTH_KINDS_SQL).all(value)
  ) as SummaryRow[];
  return distinct(rows);
}

/**
 * Cases with a party whose name starts with the text (one range probe on case_keys). When
 * that finds nothing and the text has three or more characters, a name that merely contains
 * it is found through the FTS5 trigram index, e.g. "晋阳科技" in "太原市晋阳科技有限公司".
 */
export function searchCasesByName(db: Database, text: string): CaseSummaryRecord[] {
  const byPrefix = prepared(db, SEARCH_NAME_PREFIX_SQL).all(text, `${text}\uffff`) as SummaryRow[];
  if (byPrefix.length > 0 || [...text].length < 3) return distinct(byPrefix);
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const rows = prepared(
    db,
    `SELECT c.case_number, c.title, c.state, c.display_name, c.display_key, c.display_is_org,
       u.display_name AS clerk_name, c.updated_at
     FROM case_names n JOIN cases c ON c.id = n.rowid JOIN users u ON u.id = c.clerk_id
     WHERE case_names MATCH ? LIMIT ${SEARCH_LIMIT}`,
  ).all(phrase) as SummaryRow[];
  return rows.map(rowToSummary);
}

/** A case by its number as a list row (search by case number). */
export function searchCaseByNumber(db: Database, caseNumber: string): CaseSummaryRecord[] {
  const row = prepared(db, `${SELECT_SUMMARY} WHERE c.case_number = ?`).get(caseNumber) as
    SummaryRow | undefined;
  return row ? [rowToSummary(row)] : [];
}

/** Open cases (not final) that have this ID number on any party, for "already has a case". */
export function openCaseNumbersWithKey(
  db: Database,
  key: CaseKey,
  openStates: readonly CaseState[],
): string[] {
  const rows = db
    .prepare(
      `SELECT c.case_number FROM case_keys k JOIN cases c ON c.id = k.case_id
       WHERE k.kind = ? AND k.value = ? AND c.state IN (SELECT value FROM json_each(?))
       ORDER BY c.updated_at DESC`,
    )
    .all(key.kind, key.value, JSON.stringify(openStates)) as { case_number: string }[];
  return rows.map((row) => row.case_number);
}

/** Which cases a supervisor's export takes; times are ISO-8601 UTC bounds. */
export interface CaseExportFilter {
  createdFrom: string | null;
  createdBefore: string | null;
  clerkId: number | null;
  /** caseTypeKeyToString's form: 'operation/subjectType/delegated|self'. */
  caseType: string | null;
  states: readonly CaseState[];
}

const EXPORT_WHERE = `
  (@createdFrom IS NULL OR c.created_at >= @createdFrom)
  AND (@createdBefore IS NULL OR c.created_at < @createdBefore)
  AND (@clerkId IS NULL OR c.clerk_id = @clerkId)
  AND (@caseType IS NULL OR c.operation || '/' || c.subject_type || '/' ||
       CASE c.delegated WHEN 1 THEN 'delegated' ELSE 'self' END = @caseType)
  AND c.state IN (SELECT value FROM json_each(@states))`;

function exportParams(filter: CaseExportFilter): Record<string, string | number | null> {
  return {
    createdFrom: filter.createdFrom,
    createdBefore: filter.createdBefore,
    clerkId: filter.clerkId,
    caseType: filter.caseType,
    states: JSON.stringify(filter.states),
  };
}

/**
 * The cases an export takes among those with ids in (afterId, throughId], with the creation
 * time they are exported in order of: a window of ids is a bounded read by the primary key.
 */
export function listExportCaseIds(
  db: Database,
  filter: CaseExportFilter,
  window: { afterId: number; throughId: number },
): { id: number; createdAt: string }[] {
  return prepared(
    db,
    `SELECT c.id, c.created_at AS createdAt FROM cases c
     WHERE c.id > @afterId AND c.id <= @throughId AND ${EXPORT_WHERE}`,
  ).all({ ...exportParams(filter), ...window }) as { id: number; createdAt: string }[];
}

/** How many cases an export would take. */
export function countExportCases(db: Database, filter: CaseExportFilter): number {
  return (
    prepared(db, `SELECT COUNT(*) AS n FROM cases c WHERE ${EXPORT_WHERE}`).get(
      exportParams(filter),
    ) as { n: number }
  ).n;
}

/** Whole cases by id, in the order of the ids given (an export reads them in batches). */
export function findCasesByIds(db: Database, ids: readonly number[]): CaseRecord[] {
  const rows = prepared(db, `${SELECT_CASE} WHERE c.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as CaseRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [rowToCase(row)] : [];
  });
}
