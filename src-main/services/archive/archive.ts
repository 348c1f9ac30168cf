import type { ArchiveBatchResult, CaseArchiveStatus } from '../../contract/archive-channels';
import { errorCatalog } from '../../contract/errors';
import { appendAudit } from '../../store/repositories/audit-log';
import type { PageMark } from '../../store/repositories/archive';
import { listAcceptedCases, markArchived, readArchiveInfo } from '../../store/repositories/archive';
import {
  listAttachments,
  listCaseItems,
  recordCaseItem,
} from '../../store/repositories/case-items';
import type { CaseRecord } from '../../store/repositories/cases';
import { findCaseByNumber, setCaseState } from '../../store/repositories/cases';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import { requireCase } from '../cases/cases';
import { caseMaterials } from '../shared/case-view';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { Slicer } from '../shared/slices';
import { UseCaseError } from '../shared/use-case-error';

/**
 * Who archives. The supervisor answers for what the counter keeps and may
 * archive any finished case; a clerk may archive a finished case of their own, since they
 * hold its signed papers. The daily batch acts as the counter itself.
 */
export interface ArchiveCaller extends Actor {
  role: 'clerk' | 'supervisor';
}

/** The name the audit log gives the daily batch. */
export const BATCH_ACTOR_NAME = '系统（每日归档）';

const LAST_BATCH_KEY = 'archive-last-batch';

/** Why a case cannot be archived now, as a typed refusal, or null when it can. */
function archiveRefusal(
  ctx: ServiceContext,
  record: CaseRecord,
  caller: ArchiveCaller | null,
): UseCaseError | null {
  if (record.state === 'archived') return new UseCaseError('CASE_ARCHIVED');
  // Accepted is final; refused is final only when the counter decides not to submit again,
  // which a person decides (with a reason), never the batch.
  if (record.state !== 'accepted' && !(record.state === 'refused' && caller)) {
    return new UseCaseError('ARCHIVE_NOT_FINAL');
  }
  if (caller?.role === 'clerk' && record.assigneeId !== caller.id) {
    return new UseCaseError('ARCHIVE_NOT_OWN_CASE');
  }
  const unsigned = unsignedForms(ctx, record);
  if (unsigned.length > 0) {
    return new UseCaseError('ARCHIVE_SIGNED_FORMS_MISSING', {
      message: `申请人签字的表格尚未收回，不能归档。未收回：${unsigned.map((item) => item.label).join('；')}。`,
    });
  }
  return null;
}

/** The materials of a case whose printed form has not come back signed. */
function unsignedForms(ctx: ServiceContext, record: CaseRecord) {
  return caseMaterials(
    record,
    listCaseItems(ctx.db, record.id),
    listAttachments(ctx.db, record.id),
  ).filter(
    (item) => item.missing.includes('signed-form') || item.missing.includes('original-kept'),
  );
}

function problemOf(error: UseCaseError): { message: string; nextStep: string } {
  const base = errorCatalog[error.code];
  return {
    message: error.extra.message ?? base.message,
    nextStep: error.extra.nextStep ?? base.nextStep,
  };
}

/** Where a case stands towards the archive, and whether this caller may archive it now. */
export function caseArchiveStatus(
  ctx: ServiceContext,
  caller: ArchiveCaller,
  input: { caseNumber: string },
): CaseArchiveStatus {
  const record = requireCase(ctx, input.caseNumber);
  const info = readArchiveInfo(ctx.db, record.id);
  const refusal = archiveRefusal(ctx, record, caller);
  return {
    caseNumber: record.caseNumber,
    archived: record.state === 'archived',
    ...info,
    canArchive: refusal === null,
    needsReason: record.state === 'refused',
    problem: refusal && record.state !== 'archived' ? problemOf(refusal) : null,
    unsignedForms: FINISHED_STATES.includes(record.state)
      ? unsignedForms(ctx, record).map((item) => item.label)
      : [],
  };
}

/** States in which the platform has answered and the case waits only for its archive. */
const FINISHED_STATES: readonly CaseRecord['state'][] = ['accepted', 'refused'];

/**
 * Records that the signed originals of a finished case's printed forms are now in the paper
 * archive. A case submitted under an exception for them (the applicant brings them the next
 * day) is no longer editable, and without this it could never be archived.
 */
export function recordSignedOriginals(
  ctx: ServiceContext,
  caller: ArchiveCaller,
  input: { caseNumber: string },
): CaseArchiveStatus {
  const record = requireCase(ctx, input.caseNumber);
  if (record.state === 'archived') throw new UseCaseError('CASE_ARCHIVED');
  if (!FINISHED_STATES.includes(record.state)) throw new UseCaseError('ARCHIVE_NOT_FINAL');
  if (caller.role === 'clerk' && record.assigneeId !== caller.id) {
    throw new UseCaseError('ARCHIVE_NOT_OWN_CASE');
  }
  const pending = unsignedForms(ctx, record);
  const unsigned = new Set(pending.map((item) => item.code));
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      const items = listCaseItems(ctx.db, record.id).filter((item) => unsigned.has(item.code));
      for (const item of items) {
        recordCaseItem(ctx.db, record.id, {
          ...item,
          signedOriginalArchived: true,
          userId: caller.id,
          userName: caller.displayName,
          now,
        });
      }
      if (items.length === 0) return;
      appendAudit(ctx.db, {
        at: now,
        actorId: caller.id,
        actorName: caller.displayName,
        action: 'case.signed-originals-recorded',
        subject: record.caseNumber,
        detail: { items: pending.map((item) => item.label).join('；') },
      });
    })
    .immediate();
  return caseArchiveStatus(ctx, caller, input);
}

/** Archives one case inside the caller's transaction: state, stamp and audit entry together. */
function archiveInTransaction(
  ctx: ServiceContext,
  record: CaseRecord,
  actor: Actor | null,
  detail: { reason: string | null; batch: boolean },
): void {
  const now = nowIso(ctx);
  const byName = actor?.displayName ?? BATCH_ACTOR_NAME;
  setCaseState(ctx.db, record.id, 'archived', now);
  markArchived(ctx.db, record.id, now, byName);
  appendAudit(ctx.db, {
    at: now,
    actorId: actor?.id ?? null,
    actorName: byName,
    action: 'case.archived',
    subject: record.caseNumber,
    detail: { from: record.state, to: 'archived', reason: detail.reason, batch: detail.batch },
  });
}

/**
 * Archives a case whose platform answer is final and whose signed forms are in; from then
 * on it is read-only. A refused case needs the reason it will not be submitted again.
 */
export function archiveCase(
  ctx: ServiceContext,
  caller: ArchiveCaller,
  input: { caseNumber: string; reason?: string },
): CaseArchiveStatus {
  const record = requireCase(ctx, input.caseNumber);
  const refusal = archiveRefusal(ctx, record, caller);
  if (refusal) throw refusal;
  const reason = input.reason?.trim() ?? '';
  if (record.state === 'refused' && reason === '') {
    throw new UseCaseError('BAD_REQUEST', {
      message: '被退回的办件归档前须说明不再重新提交的理由。',
      fields: { reason: '请填写理由，例如：申请人决定不再办理' },
    });
  }
  ctx.db
    .transaction(() =>
      archiveInTransaction(ctx, record, caller, { reason: reason || null, batch: false }),
    )
    .immediate();
  return caseArchiveStatus(ctx, caller, { caseNumber: record.caseNumber });
}

/** How many accepted cases the batch reads at a time. */
const BATCH_PAGE = 100;

/**
 * The archive batch: every accepted case whose signed forms are in is archived; the others
 * are listed with the reason, so the supervisor can chase the missing papers. Each case is
 * its own transaction, so one problem never holds up the rest. The cases are read a page at a
 * time and archived in short slices with the event loop turning between them: the windows'
 * requests are answered meanwhile, and a case one of them archived or changed is looked at
 * as it is now.
 */
export async function runArchiveBatch(
  ctx: ServiceContext,
  actor: Actor | null,
  slicer = new Slicer(),
): Promise<ArchiveBatchResult> {
  const archived: string[] = [];
  const skipped: { caseNumber: string; reason: string }[] = [];
  let after: PageMark | null = null;
  do {
    const page = listAcceptedCases(ctx.db, after, BATCH_PAGE);
    after = page.next;
    for (const ref of page.refs) {
      // Read again: between two slices a clerk may have archived it, or moved it on.
      const record = findCaseByNumber(ctx.db, ref.caseNumber);
      if (record?.state !== 'accepted') {
        await slicer.next();
        continue;
      }
      const refusal = archiveRefusal(ctx, record, null);
      if (refusal) {
        skipped.push({ caseNumber: ref.caseNumber, reason: problemOf(refusal).message });
      } else {
        ctx.db
          .transaction(() =>
            archiveInTransaction(ctx, record, actor, { reason: null, batch: true }),
          )
          .immediate();
        archived.push(ref.caseNumber);
      }
      await slicer.next();
    }
  } while (after);
  const result: ArchiveBatchResult = { archived, skipped, ranAt: nowIso(ctx) };
  ctx.db.transaction(() => {
    writeSetting(ctx.db, LAST_BATCH_KEY, result, result.ranAt);
    appendAudit(ctx.db, {
      at: result.ranAt,
      actorId: actor?.id ?? null,
      actorName: actor?.displayName ?? BATCH_ACTOR_NAME,
      action: 'archive.batch-run',
      detail: { archived: archived.length, skipped: skipped.length },
    });
  })();
  return result;
}

/** The last batch's outcome, for the retention screen. */
export function lastArchiveBatch(ctx: ServiceContext): ArchiveBatchResult | null {
  return (readSetting(ctx.db, LAST_BATCH_KEY) as ArchiveBatchResult | undefined) ?? null;
}
