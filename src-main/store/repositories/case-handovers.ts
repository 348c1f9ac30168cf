import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../statement-cache';

/** How a case changed hands: a clerk took it over, or the supervisor reassigned it. */
export type HandoverKind = 'take-over' | 'reassign';

/** One change of a case's assignee, as the earlier assignee is told about it. */
export interface HandoverRecord {
  id: number;
  caseId: number;
  kind: HandoverKind;
  byName: string;
  toName: string;
  at: string;
}

interface HandoverRow {
  id: number;
  case_id: number;
  kind: string;
  by_name: string;
  to_name: string;
  at: string;
}

/**
 * Moves a case to another assignee and records the handover for the earlier one, in the
 * caller's transaction. Refuses (returns false) when the case is no longer at `fromUserId`:
 * two clerks pressing 接手办件 at once, only the first wins.
 */
export function moveCaseAssignee(
  db: Database,
  input: {
    caseId: number;
    fromUserId: number;
    toUserId: number;
    byUserId: number;
    byName: string;
    kind: HandoverKind;
    now: string;
  },
): boolean {
  const moved = prepared(
    db,
    `UPDATE cases SET assignee_id = @toUserId, updated_at = @now
     WHERE id = @caseId AND COALESCE(assignee_id, clerk_id) = @fromUserId`,
  ).run(input);
  if (moved.changes === 0) return false;
  prepared(
    db,
    `INSERT INTO case_handovers (case_id, from_user_id, to_user_id, by_user_id, by_name, kind, at)
     VALUES (@caseId, @fromUserId, @toUserId, @byUserId, @byName, @kind, @now)`,
  ).run(input);
  return true;
}

/**
 * The handovers of a case away from this user that they have not been told about yet, and
 * marks them told: the notice shows once, on their next look at the case.
 */
export function takeUnseenHandovers(
  db: Database,
  input: { caseId: number; userId: number; now: string },
): HandoverRecord[] {
  const rows = prepared(
    db,
    `SELECT h.id, h.case_id, h.kind, h.by_name, u.display_name AS to_name, h.at
     FROM case_handovers h JOIN users u ON u.id = h.to_user_id
     WHERE h.from_user_id = @userId AND h.case_id = @caseId AND h.seen_at IS NULL
     ORDER BY h.id`,
  ).all(input) as HandoverRow[];
  if (rows.length > 0) {
    prepared(
      db,
      `UPDATE case_handovers SET seen_at = @now
       WHERE from_user_id = @userId AND case_id = @caseId AND seen_at IS NULL`,
    ).run(input);
  }
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as HandoverKind,
    byName: row.by_name,
    toName: row.to_name,
    at: row.at,
  }));
}
