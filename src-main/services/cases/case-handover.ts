import type { CaseDetail } from '../../contract/case-schemas';
import { appendAudit } from '../../store/repositories/audit-log';
import type { HandoverKind } from '../../store/repositories/case-handovers';
import { moveCaseAssignee } from '../../store/repositories/case-handovers';
import { findUserById } from '../../store/repositories/users';
import { requireCurrentVersion } from '../shared/case-access';
import { OPEN_STATES } from '../shared/case-view';
import { answerCase, requireCase } from './cases';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/**
 * 接手办件 and 改派 (OpenCRVS's assign / reassign): a hall shares work, so a case can change
 * hands, but never silently. Each move is audited with both names, and the earlier assignee
 * is told on their next look at the case; from then on only the new assignee changes it.
 */

function handOver(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; toUserId: number; kind: HandoverKind; version?: number },
): CaseDetail {
  const record = requireCase(ctx, input.caseNumber);
  if (!OPEN_STATES.includes(record.state)) {
    throw new UseCaseError('CASE_HANDOVER_REFUSED', {
      message: '该办件已结束（已受理、已归档或已撤销），无需转交。',
    });
  }
  requireCurrentVersion(record, input.version);
  const target = findUserById(ctx.db, input.toUserId);
  if (!target || target.disabled) {
    throw new UseCaseError('CASE_HANDOVER_REFUSED', {
      message: '要转交的柜员不存在或已停用。',
      nextStep: '请在柜员管理中确认该柜员的账号已启用后再改派。',
    });
  }
  if (record.assigneeId === target.id) {
    throw new UseCaseError('CASE_HANDOVER_REFUSED', {
      message: `该办件已由 ${target.displayName} 办理，无需转交。`,
    });
  }
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      const moved = moveCaseAssignee(ctx.db, {
        caseId: record.id,
        fromUserId: record.assigneeId,
        toUserId: target.id,
        byUserId: actor.id,
        byName: actor.displayName,
        kind: input.kind,
        now,
      });
      // Someone else moved it between the read and this write: say so instead of guessing.
      if (!moved) {
        throw new UseCaseError('CASE_VERSION_STALE', {
          message: '该办件刚刚已被转交给其他柜员，本次操作未执行。',
        });
      }
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: input.kind === 'take-over' ? 'case.taken-over' : 'case.reassigned',
        subject: record.caseNumber,
        detail: { from: record.assigneeName, to: target.displayName },
      });
    })
    .immediate();
  return answerCase(ctx, actor, record.caseNumber, { via: `case:${input.kind}` });
}

/** 接手办件: the caller becomes the case's assignee; the earlier one is told. */
export function takeOverCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; version?: number | undefined },
): CaseDetail {
  const record = requireCase(ctx, input.caseNumber);
  if (record.assigneeId === actor.id) {
    throw new UseCaseError('CASE_HANDOVER_REFUSED', { message: '该办件已由您本人办理。' });
  }
  return handOver(ctx, actor, {
    caseNumber: input.caseNumber,
    toUserId: actor.id,
    kind: 'take-over',
    ...(input.version === undefined ? {} : { version: input.version }),
  });
}

/** 改派 (supervisor): another user becomes the case's assignee; the earlier one is told. */
export function reassignCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; toUserId: number },
): CaseDetail {
  return handOver(ctx, actor, { ...input, kind: 'reassign' });
}
