import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/**
 * Which cases the statistics count: those opened on the hall's local days `fromDay` to
 * `toDay` (YYYYMMDD, both included), optionally of one clerk. Every figure of a period is
 * about the same set of cases, so the counts of one report always add up.
 */
export interface StatsFilter {
  fromDay: string;
  toDay: string;
  clerkId: number | null;
}

/** Cases one clerk opened on one day. */
export interface ClerkDayCount {
  day: string;
  clerkId: number;
  clerkName: string;
  count: number;
}

/** Cases of one case type; `title` is the type's name as the profile had it. */
export interface CaseTypeCount {
  operation: string;
  subjectType: string;
  delegated: boolean;
  title: string;
  count: number;
}

/** Cases in one state now. */
export interface StateCount {
  state: string;
  count: number;
}

/** Refused attempts with one platform refusal code. */
export interface RefusalCount {
  code: string;
  /** The platform's own words for it, as one of its answers had them. */
  message: string;
  count: number;
}

/** Submitted cases of one clerk and their summed time at the counter, in whole seconds. */
export interface CounterTimeSum {
  clerkId: number;
  submitted: number;
  totalSeconds: number;
}

// Shared by every query: a range on the leading column of cases_day_stats (migration 0008).
const IN_PERIOD = `c.day BETWEEN @fromDay AND @toDay
  AND (@clerkId IS NULL OR c.clerk_id = @clerkId)`;

function params(filter: StatsFilter) {
  return { fromDay: filter.fromDay, toDay: filter.toDay, clerkId: filter.clerkId };
}

/** Cases per clerk per day, by day then clerk name. */
export function countCasesByClerkAndDay(db: Database, filter: StatsFilter): ClerkDayCount[] {
  const rows = prepared(
    db,
    `SELECT c.day, c.clerk_id, u.display_name AS clerk_name, COUNT(*) AS n
     FROM cases c JOIN users u ON u.id = c.clerk_id
     WHERE ${IN_PERIOD}
     GROUP BY c.day, c.clerk_id ORDER BY c.day, u.display_name`,
  ).all(params(filter)) as { day: string; clerk_id: number; clerk_name: string; n: number }[];
  return rows.map((row) => ({
    day: row.day,
    clerkId: row.clerk_id,
    clerkName: row.clerk_name,
    count: row.n,
  }));
}

/** Cases per case type, the most frequent first. */
export function countCasesByType(db: Database, filter: StatsFilter): CaseTypeCount[] {
  const rows = prepared(
    db,
    `SELECT c.operation, c.subject_type, c.delegated, MAX(c.title) AS title, COUNT(*) AS n
     FROM cases c WHERE ${IN_PERIOD}
     GROUP BY c.operation, c.subject_type, c.delegated
     ORDER BY n DESC, c.operation, c.subject_type, c.delegated`,
  ).all(params(filter)) as {
    operation: string;
    subject_type: string;
    delegated: number;
    title: string;
    n: number;
  }[];
  return rows.map((row) => ({
    operation: row.operation,
    subjectType: row.subject_type,
    delegated: row.delegated === 1,
    title: row.title,
    count: row.n,
  }));
}

/** Cases per current state. */
export function countCasesByState(db: Database, filter: StatsFilter): StateCount[] {
  const rows = prepared(
    db,
    `SELECT c.state, COUNT(*) AS n FROM cases c WHERE ${IN_PERIOD} GROUP BY c.state`,
  ).all(params(filter)) as { state: string; n: number }[];
  return rows.map((row) => ({ state: row.state, count: row.n }));
}

/**
 * The platform's refusals of the period's cases, per refusal code, the most frequent first.
 * Each refused attempt counts: a case refused, fixed and refused again is two refusals. The
 * outbox keeps every attempt's answer as the platform sent it (store/repositories/outbox.ts).
 */
export function countRefusals(db: Database, filter: StatsFilter): RefusalCount[] {
  const rows = prepared(
    db,
    `SELECT json_extract(o.answer, '$.code') AS code, COUNT(*) AS n,
       MAX(json_extract(o.answer, '$.message')) AS message
     FROM cases c JOIN outbox o ON o.case_id = c.id
     WHERE ${IN_PERIOD} AND o.phase = 'done' AND json_extract(o.answer, '$.status') = 'refused'
     GROUP BY code ORDER BY n DESC, code`,
  ).all(params(filter)) as { code: string | null; n: number; message: string | null }[];
  return rows.map((row) => ({
    code: row.code ?? 'UNKNOWN',
    message: row.message ?? '',
    count: row.n,
  }));
}

/**
 * The time at the counter, summed per clerk: from the moment the case was opened to its
 * first submission. The first outbox attempt is written in the same transaction as the
 * move to `submitted` (migration 0007), so its `created_at` is the submit time; cases never
 * submitted (still at the counter, or cancelled there) have no such time and are left out.
 */
export function sumCounterTime(db: Database, filter: StatsFilter): CounterTimeSum[] {
  const rows = prepared(
    db,
    `SELECT c.clerk_id, COUNT(*) AS n,
       SUM(CAST(ROUND((julianday(o.created_at) - julianday(c.created_at)) * 86400) AS INTEGER))
         AS seconds
     FROM cases c JOIN outbox o ON o.case_id = c.id AND o.attempt = 1
     WHERE ${IN_PERIOD}
     GROUP BY c.clerk_id`,
  ).all(params(filter)) as { clerk_id: number; n: number; seconds: number }[];
  return rows.map((row) => ({
    clerkId: row.clerk_id,
    submitted: row.n,
    totalSeconds: row.seconds,
  }));
}
