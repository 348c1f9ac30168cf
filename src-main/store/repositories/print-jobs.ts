import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { FormKind } from '../../domain/profile';
import { prepared } from '../statement-cache';

interface PrintJobRow {
  id: number;
  kind: string;
  copy_number: number;
  printer: string;
  status: 'sent' | 'failed';
  job_ref: string | null;
  error: string | null;
  printed_by_name: string;
  at: string;
}

/** One attempt to print one document of a case. */
export interface PrintJobRecord {
  id: number;
  kind: FormKind;
  copyNumber: number;
  printer: string;
  status: 'sent' | 'failed';
  jobRef: string | null;
  error: string | null;
  printedByName: string;
  at: string;
}

/** A print attempt to record. */
export interface NewPrintJob {
  caseId: number;
  kind: FormKind;
  copyNumber: number;
  printer: string;
  status: 'sent' | 'failed';
  jobRef: string | null;
  error: string | null;
  userId: number;
  userName: string;
  at: string;
}

function rowToPrintJob(row: PrintJobRow): PrintJobRecord {
  return {
    id: row.id,
    kind: row.kind as FormKind,
    copyNumber: row.copy_number,
    printer: row.printer,
    status: row.status,
    jobRef: row.job_ref,
    error: row.error,
    printedByName: row.printed_by_name,
    at: row.at,
  };
}

/** Records one print attempt and returns its id. */
export function insertPrintJob(db: Database, job: NewPrintJob): number {
  const result = prepared(
    db,
    `INSERT INTO print_jobs (case_id, kind, copy_number, printer, status, job_ref, error,
       printed_by_id, printed_by_name, at)
     VALUES (@caseId, @kind, @copyNumber, @printer, @status, @jobRef, @error, @userId, @userName, @at)`,
  ).run(job);
  return Number(result.lastInsertRowid);
}

/** Every print attempt of a case, oldest first. */
export function listPrintJobs(db: Database, caseId: number): PrintJobRecord[] {
  const rows = prepared(
    db,
    `SELECT id, kind, copy_number, printer, status, job_ref, error, printed_by_name, at
     FROM print_jobs WHERE case_id = ? ORDER BY id`,
  ).all(caseId) as PrintJobRow[];
  return rows.map(rowToPrintJob);
}

/** How many copies of a document have reached a printer: the next copy is one more. */
export function countSentCopies(db: Database, caseId: number, kind: FormKind): number {
  const row = prepared(
    db,
    `SELECT COUNT(*) AS sent FROM print_jobs WHERE case_id = ? AND kind = ? AND status = 'sent'`,
  ).get(caseId, kind) as { sent: number };
  return row.sent;
}
