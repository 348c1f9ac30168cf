import { latestAuditOnSubject } from '../../store/repositories/audit-latest';
import type {
  CaseDetail,
  CaseHistoryEntry,
  CaseQueue,
  CaseSummary,
} from '../../contract/case-schemas';
import type { AuditAction } from '../../domain/audit-actions';
import { auditActionLabel } from '../../domain/audit-actions';
import { companyFieldKeys, creditCodeMismatch } from '../../domain/ca-certificate';
import { caseStateLabels } from '../../domain/case-state';
import { formatCaseNumber } from '../../domain/case-number';
import type { CaseState } from '../../domain/case-state';
import type { CaseTypeKey } from '../../domain/case-type';
import { caseTypeKeyToString } from '../../domain/case-type';
import { findCaseType } from '../../domain/profile';
import { fieldError } from '../../domain/validators/field-issue';
import { normaliseCaseValues, prefilledLetterDates } from '../../domain/validators';
import { appendAudit, auditBySubject } from '../../store/repositories/audit-log';
import type { CaseCaKeyRecord } from '../../store/repositories/case-ca-keys';
import { findCaseCaKey } from '../../store/repositories/case-ca-keys';
import {
  insertCaseItems,
  listAttachments,
  listCaseItems,
} from '../../store/repositories/case-items';
import type { CaseRecord, CaseSummaryRecord } from '../../store/repositories/cases';
import {
  findCaseByNumber,
  insertCase,
  listCases,
  nextCaseSequence,
  saveCaseValues,
  searchCaseByNumber,
  searchCasesByKeys,
  searchCasesByName,
} from '../../store/repositories/cases';
import { deleteFieldLock, listFieldLocks } from '../../store/repositories/case-field-locks';
import { acceptsValueKey, keepApplicantValues, keepLockedValues } from './case-field-locks';
import { cleanAttachmentName } from '../../domain/attachment-name';
import { maskerFor } from '../../domain/masking';
import { assignmentFor, requireMayReadInFull, requireWriter } from '../shared/case-access';
import { caseDisplay, caseSearchKeys, parseSearchQuery } from '../shared/case-keys';
import { caseTypeOf, EDITABLE_STATES, toCaseDetail, toCaseSummary } from '../shared/case-view';
import { activeProfile, profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { requireNotFrozen } from '../sync/sync-outbox';
import { UseCaseError } from '../shared/use-case-error';

/** The counter's local calendar day as YYYYMMDD, the middle part of a case number. */
function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
}

/** A case by number, or the typed refusal the clerk sees. */
export function requireCase(ctx: ServiceContext, caseNumber: string): CaseRecord {
  const record = findCaseByNumber(ctx.db, caseNumber);
  if (!record) throw new UseCaseError('CASE_NOT_FOUND');
  return record;
}

/** Refuses any change to an archived case: it is read-only for good. */
export function requireNotArchived(record: CaseRecord): void {
  if (record.state === 'archived') throw new UseCaseError('CASE_ARCHIVED');
}

/** Refuses changes to a case that has left the counter. */
export function requireEditable(record: CaseRecord): void {
  requireNotArchived(record);
  if (!EDITABLE_STATES.includes(record.state)) throw new UseCaseError('CASE_NOT_EDITABLE');
}

/**
 * Records that a clerk unlocked a field a device had filled (the ID card or the CA key), to
 * type over it: the device's value is the evidence, so overriding it is audited.
 */
export function recordDeviceFieldUnlock(
  ctx: ServiceContext,
  actor: Actor,
  action: Extract<AuditAction, 'case.card-field-unlocked' | 'case.cakey-field-unlocked'>,
  input: { caseNumber: string; field: string },
): Record<string, never> {
  const record = requireCase(ctx, input.caseNumber);
  requireNotArchived(record);
  requireWriter(actor, record);
  ctx.db
    .transaction(() => {
      deleteFieldLock(ctx.db, record.id, input.field);
      appendAudit(ctx.db, {
        at: nowIso(ctx),
        actorId: actor.id,
        actorName: actor.displayName,
        action,
        subject: input.caseNumber,
        detail: { field: input.field },
      });
    })
    .immediate();
  return {};
}

/**
 * The detail view of a stored case; `viewer` is who will see it (their assignment view and
 * actions). Without a viewer it is for the core's own checks and offers no actions.
 */
export function loadCaseDetail(
  ctx: ServiceContext,
  record: CaseRecord,
  reveal = false,
  viewer: Actor | null = null,
): CaseDetail {
  const detail = toCaseDetail(
    profileById(ctx, record.profileId),
    record,
    listCaseItems(ctx.db, record.id),
    listAttachments(ctx.db, record.id),
    { reveal, today: ctx.clock.now(), assignment: assignmentFor(ctx, viewer, record) },
  );
  const checked = withCaKeyCheck(detail, findCaseCaKey(ctx.db, record.id));
  // An archived case is read-only, and after the retention purge its values are masked on
  // purpose: field checks would only paint the finished case red.
  const withLocks = { ...checked, fieldSources: listFieldLocks(ctx.db, record.id) };
  return record.state === 'archived' ? { ...withLocks, issues: {} } : withLocks;
}

/**
 * A credit code typed against the company's CA certificate read into the case: a different
 * code is a field error, so it blocks going on and submitting like any other.
 */
function withCaKeyCheck(detail: CaseDetail, caKey: CaseCaKeyRecord | null): CaseDetail {
  const { codeKey } = companyFieldKeys(detail.fields);
  if (!codeKey || !caKey) return detail;
  const mismatch = creditCodeMismatch(detail.values[codeKey] ?? '', caKey.creditCode);
  if (!mismatch) return detail;
  return { ...detail, issues: { ...detail.issues, [codeKey]: fieldError(mismatch) } };
}

/**
 * What a channel answers about a case, as it is now: masked unless the caller asked to
 * reveal, and every unmasked answer is a read of personal data, so it is audited (`via`
 * names the channel). Only the assignee or the supervisor may have it unmasked.
 */
export function answerCase(
  ctx: ServiceContext,
  actor: Actor,
  caseNumber: string,
  options: { reveal?: boolean; via: string },
): CaseDetail {
  const record = requireCase(ctx, caseNumber);
  if (options.reveal) {
    requireMayReadInFull(ctx, actor, record);
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'case.revealed',
      subject: record.caseNumber,
      detail: { via: options.via },
    });
  }
  return loadCaseDetail(ctx, record, options.reveal === true, actor);
}

/**
 * Opens a case of a type the active profile supports. The number, the case, its checklist
 * rows (stamped with the rule version) and the audit entry land in one transaction.
 */
export function createCase(ctx: ServiceContext, actor: Actor, key: CaseTypeKey): CaseDetail {
  requireNotFrozen(ctx);
  const profile = activeProfile(ctx);
  const caseType = findCaseType(profile, key);
  if (!caseType) throw new UseCaseError('CASE_TYPE_UNSUPPORTED');
  const { hallCode } = getSettings(ctx);
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  const day = localDay(nowDate);
  const caseNumber = ctx.db
    .transaction(() => {
      const sequence = nextCaseSequence(ctx.db, hallCode, day);
      const number = formatCaseNumber(hallCode, nowDate, sequence);
      const caseId = insertCase(ctx.db, {
        caseNumber: number,
        hallCode,
        day,
        sequence,
        profileId: profile.id,
        ruleVersion: profile.ruleVersion,
        operation: key.operation,
        subjectType: key.subjectType,
        delegated: key.delegated,
        title: caseType.title,
        state: 'draft',
        materials: caseType.materials,
        forms: caseType.forms,
        clerkId: actor.id,
        now,
      });
      insertCaseItems(
        ctx.db,
        caseId,
        caseType.materials.map((material) => material.code),
      );
      // A letter printed and signed at the counter carries today's date (附录1-3 委托日期).
      const prefilled = prefilledLetterDates(caseType.fields, nowDate);
      if (Object.keys(prefilled).length > 0) {
        saveCaseValues(ctx.db, caseId, {
          values: prefilled,
          display: caseDisplay(prefilled),
          keys: caseSearchKeys(prefilled),
          now,
        });
      }
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'case.created',
        subject: number,
        detail: { caseType: caseTypeKeyToString(key), ruleVersion: profile.ruleVersion },
      });
      return number;
    })
    .immediate();
  // A new case holds no personal data yet: it opens in its form (unmasked, as its own clerk
  // fills it in) without a reveal to audit; every later answer is masked unless asked.
  return loadCaseDetail(ctx, requireCase(ctx, caseNumber), true, actor);
}

/**
 * A case for its detail page. Revealing the unmasked values (to edit them, or to read them
 * back to the applicant) is recorded in the audit log (DESIGN.md Data).
 */
export function getCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; reveal: boolean },
): CaseDetail {
  return answerCase(ctx, actor, input.caseNumber, { reveal: input.reveal, via: 'case:get' });
}

/**
 * Saves the form as typed, even with mistakes, so nothing is lost; the returned detail
 * carries every field's problem for the form to show. Unknown keys are refused.
 */
export function saveCaseValuesUseCase(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    caseNumber: string;
    values: Readonly<Record<string, string>>;
    version?: number | undefined;
    reveal?: boolean;
  },
): CaseDetail {
  const record = requireCase(ctx, input.caseNumber);
  requireWriter(actor, record, input.version);
  requireEditable(record);
  const caseType = caseTypeOf(profileById(ctx, record.profileId), record);
  if (!caseType) throw new UseCaseError('CASE_TYPE_UNSUPPORTED');
  const unknown = Object.keys(input.values).filter((key) => !acceptsValueKey(caseType, key));
  if (unknown.length > 0) {
    throw new UseCaseError('BAD_REQUEST', {
      message: `该办件没有这些字段：${unknown.join('、')}。`,
    });
  }
  // Stored as the validators read them: half-width, codes upper case, dates YYYY-MM-DD. A
  // masked value sent back unchanged keeps the stored one; a card-filled value stays locked.
  const typed = Object.fromEntries(
    Object.entries(input.values).map(
      ([key, value]) => [key, unmasked(key, value.trim(), record.values[key])] as const,
    ),
  );
  const values = keepApplicantValues(
    record,
    caseType,
    keepLockedValues(
      ctx,
      record,
      caseType,
      Object.fromEntries(
        Object.entries(normaliseCaseValues(caseType, typed)).filter(([, value]) => value !== ''),
      ),
    ),
  );
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      // Checked again inside the write: another save may have landed since the first check.
      requireWriter(actor, requireCase(ctx, record.caseNumber), input.version);
      saveCaseValues(ctx.db, record.id, {
        values,
        display: caseDisplay(values),
        keys: caseSearchKeys(values),
        now,
      });
      // One entry per save session: the form saves by itself every few seconds, and a run
      // of saves by the same clerk with nothing else in between is one entry.
      const latest = latestAuditOnSubject(ctx.db, record.caseNumber);
      if (latest?.action === 'case.values-saved' && latest.actorId === actor.id) return;
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'case.values-saved',
        subject: record.caseNumber,
        // Which fields, never their values: the audit log holds no personal data.
        detail: { fields: Object.keys(values).length },
      });
    })
    .immediate();
  return answerCase(ctx, actor, record.caseNumber, {
    reveal: input.reveal,
    via: 'case:saveValues',
  });
}

/**
 * A masked value sent back unchanged (a page that showed the masked form) keeps the stored
 * value: masking is for the screen and must never overwrite what was typed.
 */
function unmasked(key: string, value: string, stored: string | undefined): string {
  if (!stored || value === stored) return value;
  const masker = maskerFor(key.slice(key.indexOf('.') + 1));
  return masker && masker(stored) === value ? stored : value;
}

/** The states each work queue shows. */
const QUEUE_STATES: Record<CaseQueue, readonly CaseState[]> = {
  'my-drafts': ['draft', 'collecting'],
  ready: ['ready'],
  waiting: ['submitted', 'manual-review'],
  refused: ['refused'],
  accepted: ['accepted'],
  archived: ['archived'],
  cancelled: ['cancelled'],
};

/** One page of a work queue; "my drafts" are the caller's own, the others the hall's. */
export function listQueue(
  ctx: ServiceContext,
  actor: Actor,
  input: { queue: CaseQueue; limit: number; offset: number },
): { total: number; cases: CaseSummary[] } {
  const page = listCases(ctx.db, {
    states: QUEUE_STATES[input.queue],
    clerkId: input.queue === 'my-drafts' ? actor.id : undefined,
    limit: input.limit,
    offset: input.offset,
  });
  return { total: page.total, cases: page.cases.map(toCaseSummary) };
}

/** Finds cases by number, ID number, credit code or (part of) a name. */
export function searchCases(ctx: ServiceContext, input: { text: string }): CaseSummary[] {
  const query = parseSearchQuery(input.text);
  let found: CaseSummaryRecord[];
  switch (query.kind) {
    case 'case-number':
      found = searchCaseByNumber(ctx.db, query.value);
      break;
    case 'code':
      found = searchCasesByKeys(ctx.db, query.kinds, query.value);
      break;
    case 'name':
      found = query.value.length === 0 ? [] : searchCasesByName(ctx.db, query.value);
      break;
  }
  // Newest first: the clerk is most likely looking for the case just worked on.
  // ISO times in UTC sort as plain strings; localeCompare would cost more than the query.
  return found
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
    .map(toCaseSummary);
}

/** Everything that happened to a case, oldest first, from the audit log. */
export function caseHistory(
  ctx: ServiceContext,
  input: { caseNumber: string },
): CaseHistoryEntry[] {
  const record = requireCase(ctx, input.caseNumber);
  return auditBySubject(ctx.db, record.caseNumber).map((entry) => ({
    id: entry.id,
    at: entry.at,
    actorName: entry.actorName,
    action: entry.action,
    actionLabel: auditActionLabel(entry.action),
    subject: entry.subject,
    note: historyNote(entry.detail),
  }));
}

/** One line in plain words for what an entry's detail records. */
function historyNote(detail: Readonly<Record<string, unknown>>): string {
  const text = (key: string) => (typeof detail[key] === 'string' ? detail[key] : '');
  const state = (key: string) => caseStateLabels[text(key) as CaseState] ?? text(key);
  const parts: string[] = [];
  if (text('from') || text('to')) parts.push(`${state('from')} → ${state('to')}`);
  if (text('item')) parts.push(`材料：${text('item')}`);
  if (text('fileName')) parts.push(`文件：${cleanAttachmentName(text('fileName'))}`);
  if (text('reason')) parts.push(`理由：${text('reason')}`);
  if (text('approvedBy')) parts.push(`批准人：${text('approvedBy')}`);
  return parts.join('；');
}
