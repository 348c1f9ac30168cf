import type { CaseAssignment } from '../../contract/case-schemas';
import { takeUnseenHandovers } from '../../store/repositories/case-handovers';
import type { HandoverRecord } from '../../store/repositories/case-handovers';
import type { CaseRecord } from '../../store/repositories/cases';
import { findUserById } from '../../store/repositories/users';
import { OPEN_STATES } from './case-view';
import type { Actor, ServiceContext } from './service-context';
import { nowIso } from './service-context';
import { UseCaseError } from './use-case-error';

/**
 * Who may do what with a case (OpenCRVS's assignment, issue: clerks acted on each other's
 * cases). The assignee changes the case; any other signed-in user sees only its masked
 * summary until they take it over (接手办件); the supervisor may also read it unmasked
 * (audited) and reassign it.
 */

/** Whether the acting user is a supervisor, read from the store (the session may be old). */
export function isSupervisor(ctx: ServiceContext, actor: Actor): boolean {
  return findUserById(ctx.db, actor.id)?.role === 'supervisor';
}

/** Refuses anyone but the case's assignee, naming who works on it. */
export function requireAssignee(actor: Actor, record: CaseRecord): void {
  if (record.assigneeId === actor.id) return;
  throw new UseCaseError('CASE_ASSIGNED_TO_OTHER', {
    message: `该办件由 ${record.assigneeName} 办理，您只能查看脱敏摘要，不能修改、打印或查看完整信息。`,
  });
}

/** Full personal data and scans: the assignee, or the supervisor (both audited by callers). */
export function requireMayReadInFull(ctx: ServiceContext, actor: Actor, record: CaseRecord): void {
  if (record.assigneeId === actor.id || isSupervisor(ctx, actor)) return;
  requireAssignee(actor, record);
}

/**
 * Refuses a write made from an older version of the case than the stored one: the page
 * showed something that has changed since, and writing would silently undo that change.
 */
export function requireCurrentVersion(record: CaseRecord, version: number | undefined): void {
  if (version === undefined || version === record.version) return;
  throw new UseCaseError('CASE_VERSION_STALE', {
    message: `该办件在您打开之后已被修改（您看到的是第 ${version} 版，现在是第 ${record.version} 版，最近经办：${record.assigneeName}），为免覆盖那次修改，本次操作未执行。`,
  });
}

/** A change by the actor: they are the assignee and saw the current version. */
export function requireWriter(actor: Actor, record: CaseRecord, version?: number): void {
  requireAssignee(actor, record);
  requireCurrentVersion(record, version);
}

function formatLocal(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getMonth() + 1}月${at.getDate()}日 ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The one-line notice the earlier assignee reads on their next look at the case. */
function handoverNotice(handovers: readonly HandoverRecord[]): string | null {
  const last = handovers.at(-1);
  if (!last) return null;
  return last.kind === 'take-over'
    ? `本办件已由 ${last.byName} 于 ${formatLocal(last.at)} 接手办理，您不能再修改；如需继续办理，请与其商量后点击“接手办件”。`
    : `负责人 ${last.byName} 已于 ${formatLocal(last.at)} 将本办件改派给 ${last.toName}，您不能再修改。`;
}

/**
 * The case's assignment as this viewer sees it. Reading it tells an earlier assignee, once,
 * that the case was taken from them.
 */
export function assignmentFor(
  ctx: ServiceContext,
  viewer: Actor | null,
  record: CaseRecord,
): CaseAssignment {
  const mine = viewer !== null && record.assigneeId === viewer.id;
  const open = OPEN_STATES.includes(record.state);
  const notice =
    viewer && !mine
      ? handoverNotice(
          takeUnseenHandovers(ctx.db, { caseId: record.id, userId: viewer.id, now: nowIso(ctx) }),
        )
      : null;
  return {
    assigneeName: record.assigneeName,
    mine,
    mayTakeOver: viewer !== null && !mine && open,
    mayReassign: viewer !== null && open && isSupervisor(ctx, viewer),
    notice,
  };
}
