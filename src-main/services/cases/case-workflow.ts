import type { CaseDetail } from '../../contract/case-schemas';
import type { CaseEvent, CaseState } from '../../domain/case-state';
import { nextState, transitionProblem } from '../../domain/case-state';
import { cleanAttachmentName } from '../../domain/attachment-name';
import { uploadProblem } from '../../domain/validators';
import { appendAudit } from '../../store/repositories/audit-log';
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
  listAttachments,
  listCaseItems,
  recordCaseItem,
} from '../../store/repositories/case-items';
import type { CaseRecord } from '../../store/repositories/cases';
import { setCaseException, setCaseState, setPlatformAnswer } from '../../store/repositories/cases';
import { applicantStepLabels } from '../../domain/applicant';
import { moveSealedPasswordToOutbox } from '../../store/repositories/case-applicant';
import { applicantMissingCodes, applicantScreenPresent } from '../applicant/applicant';
import { verifySupervisor } from '../staff/auth';
import { loadCaseDetail, requireCase, requireEditable, requireNotArchived } from './cases';
import { caseMaterials, caseTypeOf } from '../shared/case-view';
import { setByApplicant } from '../../domain/profile';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { enqueueSubmission } from '../sync/sync-outbox';
import { UseCaseError } from '../shared/use-case-error';
import { checkAttachmentContent } from './attachment-content';
import { queueSubmitAnchor } from '../audit/audit-anchors';
import { requireMayReadInFull, requireWriter } from '../shared/case-access';
import { answerCase } from './cases';
import { checkBeforeSending } from '../operations/submit-rules';

/** Who the history names when the platform's answer moved a case. */
const PLATFORM_ACTOR_NAME = '中心平台';

/** Applies one checked transition and audits it, inside the caller's transaction. */
function transition(
  ctx: ServiceContext,
  actor: Actor | null,
  record: CaseRecord,
  event: CaseEvent,
  extra: { reason?: string } = {},
): CaseState {
  requireNotArchived(record);
  const to = nextState(record.state, event);
  if (!to) {
    throw new UseCaseError('CASE_TRANSITION_REFUSED', {
      message: transitionProblem(record.state, event) ?? undefined,
    });
  }
  const now = nowIso(ctx);
  setCaseState(ctx.db, record.id, to, now, { cancelReason: extra.reason });
  appendAudit(ctx.db, {
    at: now,
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? PLATFORM_ACTOR_NAME,
    action: 'case.state-changed',
    subject: record.caseNumber,
    detail: { event, from: record.state, to, reason: extra.reason ?? null },
  });
  return to;
}

/** The codes of the requirements not yet fully recorded. */
function missingCodes(ctx: ServiceContext, record: CaseRecord): string[] {
  const materials = caseMaterials(
    record,
    listCaseItems(ctx.db, record.id),
    listAttachments(ctx.db, record.id),
  );
  const codes = materials.filter((item) => item.missing.length > 0).map((item) => item.code);
  // The applicant's own screen: confirmation, consent, password (where the counter requires it).
  return [...codes, ...applicantMissingCodes(ctx, record)];
}

/**
 * Refuses to go on while any field has an error; the form shows each message. Before
 * collecting, the fields the applicant sets on their own screen are left to submit: the
 * clerk cannot type them, so they must not hold up the materials.
 */
function requireValidFields(
  ctx: ServiceContext,
  record: CaseRecord,
  applicantFields: 'check' | 'skip' = 'check',
): void {
  const detail = loadCaseDetail(ctx, record, true);
  const skipped = new Set(
    applicantFields === 'skip'
      ? detail.fields.filter((field) => field.setBy === 'applicant').map((field) => field.key)
      : [],
  );
  const errors = Object.fromEntries(
    Object.entries(detail.issues)
      .filter(([key, issue]) => issue.severity === 'error' && !skipped.has(key))
      .map(([key, issue]) => [key, issue.message]),
  );
  if (Object.keys(errors).length > 0)
    throw new UseCaseError('CASE_FIELDS_INVALID', { fields: errors });
}

/**
 * Refuses submit while a required field the applicant sets on their own screen is empty,
 * naming it and the applicant's step. No exception stands in for it: the platform needs it.
 */
function requireApplicantFields(ctx: ServiceContext, record: CaseRecord): void {
  const profile = profileById(ctx, record.profileId);
  const fields = (caseTypeOf(profile, record)?.fields ?? []).filter(
    (field) => setByApplicant(field) && field.required,
  );
  const empty = fields.filter((field) => !(record.values[field.key] ?? '').trim());
  if (empty.length === 0) return;
  // Without a screen the applicant has nowhere to set it: that is what the clerk must fix.
  if (!applicantScreenPresent(ctx)) throw new UseCaseError('APPLICANT_SCREEN_REQUIRED');
  // In the applicant's words: the account (账号) and the password they set in the same step.
  const what = [
    ...new Set(fields.map((field) => (field.kind === 'username' ? '账号' : field.label))),
  ];
  throw new UseCaseError('APPLICANT_FIELDS_MISSING', {
    message: `“${empty.map((field) => field.label).join('、')}”由申请人在申请人屏幕上设置，尚未设置，不能提交。`,
    nextStep: `请申请人在申请人屏幕上设置${what.join('、')}和密码（点“交给申请人确认”）。`,
    fields: Object.fromEntries(
      empty.map((field) => [field.key, '由申请人在申请人屏幕上设置，尚未设置']),
    ),
  });
}

/** What a request that changes a case carries besides its own fields. */
interface WriteOptions {
  /** The version the page shows; a write from an older one is refused. */
  version?: number | undefined;
  /** Whether the answer may be unmasked (audited). */
  reveal?: boolean | undefined;
}

/** The case to change, once the actor is its assignee and saw its current version. */
function writableCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string } & WriteOptions,
): CaseRecord {
  const record = requireCase(ctx, input.caseNumber);
  requireWriter(actor, record, input.version);
  return record;
}

/** An editable case and one of its required materials, or the typed refusal. */
function editableMaterial(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string } & WriteOptions,
  code: string,
) {
  const record = writableCase(ctx, actor, input);
  requireEditable(record);
  const requirement = record.materials.find((item) => item.code === code);
  if (!requirement) throw new UseCaseError('MATERIAL_NOT_FOUND');
  return { record, requirement };
}

/** Records what the clerk checked for one material: original seen, copy kept, signed/sealed. */
export function recordMaterial(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    caseNumber: string;
    code: string;
    originalSeen: boolean;
    copyArchived: boolean;
    attested: boolean;
    signedOriginalArchived?: boolean;
  } & WriteOptions,
): CaseDetail {
  const { record, requirement } = editableMaterial(ctx, actor, input, input.code);
  const now = nowIso(ctx);
  const signedOriginalArchived =
    input.signedOriginalArchived ??
    listCaseItems(ctx.db, record.id).some(
      (item) => item.code === input.code && item.signedOriginalArchived,
    );
  ctx.db
    .transaction(() => {
      recordCaseItem(ctx.db, record.id, {
        code: input.code,
        originalSeen: input.originalSeen,
        copyArchived: input.copyArchived,
        attested: input.attested,
        signedOriginalArchived,
        userId: actor.id,
        userName: actor.displayName,
        now,
      });
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'case.item-recorded',
        subject: record.caseNumber,
        detail: {
          item: requirement.label,
          originalSeen: input.originalSeen,
          copyArchived: input.copyArchived,
          attested: input.attested,
          signedOriginalArchived,
        },
      });
    })
    .immediate();
  return answerCase(ctx, actor, record.caseNumber, {
    reveal: input.reveal,
    via: 'case:recordMaterial',
  });
}

/**
 * Attaches a scanned copy or signed form to one material. The name is cleaned for display;
 * the profile's type and size rules are checked, then the content itself (its detected type
 * must match the name and the declared type, and polyglots are refused). The file is sealed
 * in the vault before its row is written, so a crash leaves at most an unreferenced file,
 * never a row without its bytes.
 */
export async function attachFile(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    caseNumber: string;
    itemCode: string;
    fileName: string;
    declaredType?: string | undefined;
    bytes: Uint8Array;
  } & WriteOptions,
): Promise<CaseDetail> {
  const { record, requirement } = editableMaterial(ctx, actor, input, input.itemCode);
  const fileName = cleanAttachmentName(input.fileName);
  const problem = uploadProblem(
    profileById(ctx, record.profileId),
    { name: fileName, size: input.bytes.length, firstBytes: input.bytes.subarray(0, 16) },
    requirement.form ? 'letter' : 'copy',
    requirement.upload?.types,
  );
  if (problem?.severity === 'error') {
    // The validator's sentence already says what to do: no second, generic next step.
    throw new UseCaseError('ATTACHMENT_REJECTED', { message: problem.message, nextStep: '' });
  }
  const mimeType = await checkAttachmentContent({
    name: fileName,
    declaredType: input.declaredType,
    bytes: input.bytes,
  });
  const sha256 = ctx.vault.put(input.bytes);
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      // The content check awaited: the case may have changed hands or moved on meanwhile.
      const current = requireCase(ctx, record.caseNumber);
      requireWriter(actor, current, input.version);
      requireEditable(current);
      insertAttachment(ctx.db, record.id, {
        itemCode: input.itemCode,
        sha256,
        fileName,
        mimeType,
        size: input.bytes.length,
        userId: actor.id,
        userName: actor.displayName,
        now,
      });
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'case.attachment-added',
        subject: record.caseNumber,
        detail: { item: requirement.label, fileName, sha256 },
      });
    })
    .immediate();
  return answerCase(ctx, actor, record.caseNumber, { reveal: input.reveal, via: 'case:attach' });
}

/** Removes an attachment; its bytes go too when no other case uses the same file. */
export function removeAttachment(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; attachmentId: number } & WriteOptions,
): CaseDetail {
  const record = writableCase(ctx, actor, input);
  requireEditable(record);
  const attachment = findAttachment(ctx.db, record.id, input.attachmentId);
  if (!attachment) throw new UseCaseError('ATTACHMENT_NOT_FOUND');
  const now = nowIso(ctx);
  const stillUsed = ctx.db
    .transaction(() => {
      const used = deleteAttachment(ctx.db, record.id, attachment.id);
      appendAudit(ctx.db, {
        at: now,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'case.attachment-removed',
        subject: record.caseNumber,
        detail: { fileName: attachment.fileName, sha256: attachment.sha256 },
      });
      return used;
    })
    .immediate();
  if (!stillUsed) ctx.vault.remove(attachment.sha256);
  return answerCase(ctx, actor, record.caseNumber, {
    reveal: input.reveal,
    via: 'case:removeAttachment',
  });
}

/**
 * The bytes of one attachment, for its thumbnail or to open it. A scan of an ID card is
 * personal data in full: only the assignee or the supervisor reads it, and every read is
 * audited (which file, never its content).
 */
export function attachmentContent(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; attachmentId: number },
): { fileName: string; mimeType: string; bytes: Buffer } {
  const record = requireCase(ctx, input.caseNumber);
  requireMayReadInFull(ctx, actor, record);
  const attachment = findAttachment(ctx.db, record.id, input.attachmentId);
  if (!attachment) throw new UseCaseError('ATTACHMENT_NOT_FOUND');
  let bytes: Buffer;
  try {
    bytes = ctx.vault.get(attachment.sha256);
  } catch {
    throw new UseCaseError('ATTACHMENT_UNREADABLE');
  }
  const fileName = cleanAttachmentName(attachment.fileName);
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'case.attachment-read',
    subject: record.caseNumber,
    detail: { item: attachment.itemCode, fileName, sha256: attachment.sha256 },
  });
  return { fileName, mimeType: attachment.mimeType, bytes };
}

/** Applies one event to a case in its own transaction and returns the case as it is now. */
function applyEvent(
  ctx: ServiceContext,
  actor: Actor,
  record: CaseRecord,
  event: CaseEvent,
  extra: { reason?: string; reveal?: boolean | undefined } = {},
): CaseDetail {
  ctx.db.transaction(() => transition(ctx, actor, record, event, extra)).immediate();
  return answerCase(ctx, actor, record.caseNumber, { reveal: extra.reveal, via: event });
}

/** Draft -> collecting: the form is complete and valid, materials come next. */
export function startCollecting(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string } & WriteOptions,
): CaseDetail {
  const record = writableCase(ctx, actor, input);
  requireValidFields(ctx, record, 'skip');
  return applyEvent(ctx, actor, record, 'start-collecting', { reveal: input.reveal });
}

/**
 * Submits a case. Every field must be valid and every required material recorded, unless a
 * supervisor approved an exception that covers exactly what is still missing.
 */
export function submitCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string } & WriteOptions,
): CaseDetail {
  const record = writableCase(ctx, actor, input);
  requireEditable(record);
  requireApplicantFields(ctx, record);
  requireValidFields(ctx, record);
  const missing = missingCodes(ctx, record);
  const covered = record.exception
    ? missing.every((code) => record.exception?.missing.includes(code))
    : false;
  if (missing.length > 0 && !covered) {
    const labels = [
      ...record.materials.filter((item) => missing.includes(item.code)).map((item) => item.label),
      ...missing.flatMap((code) => applicantStepLabels[code] ?? []),
    ];
    throw new UseCaseError('MATERIALS_MISSING', {
      message: `申请材料未收齐，不能提交。尚缺：${labels.join('；')}。`,
    });
  }
  checkBeforeSending(ctx, actor, record);
  ctx.db
    .transaction(() => {
      let current = record;
      if (current.state === 'draft') {
        current = { ...current, state: transition(ctx, actor, current, 'start-collecting') };
      }
      if (current.state === 'collecting') {
        current = { ...current, state: transition(ctx, actor, current, 'mark-ready') };
      }
      transition(ctx, actor, current, 'submit');
      // The case and its outbox entry in one transaction (DESIGN.md Data): never one alone.
      const attempt = enqueueSubmission(ctx, record.id);
      // The applicant's sealed password leaves with this attempt, inside its outbox entry.
      moveSealedPasswordToOutbox(ctx.db, record.id, attempt);
      // A checkpoint of the audit chain including this submit goes to the platform with it.
      queueSubmitAnchor(ctx);
    })
    .immediate();
  ctx.sync.kick();
  return answerCase(ctx, actor, record.caseNumber, { reveal: input.reveal, via: 'case:submit' });
}

/**
 * The platform's answer lands on a case, inside the outbox worker's transaction: accepted,
 * refused (with the platform's words and the profile's next step) or under manual review.
 */
export function applyPlatformAnswer(
  ctx: ServiceContext,
  caseNumber: string,
  answer: { event: 'accept' | 'refuse' | 'await-review'; message: string; nextStep: string | null },
): void {
  const record = requireCase(ctx, caseNumber);
  transition(ctx, null, record, answer.event);
  setPlatformAnswer(ctx.db, record.id, { message: answer.message, nextStep: answer.nextStep });
}

/** A refused case goes back to collecting so the clerk can fix it and submit again. */
export function reopenCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string } & WriteOptions,
): CaseDetail {
  return applyEvent(ctx, actor, writableCase(ctx, actor, input), 'reopen', {
    reveal: input.reveal,
  });
}

/** Cancels a case with the reason the clerk gives. */
export function cancelCase(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; reason: string } & WriteOptions,
): CaseDetail {
  const record = writableCase(ctx, actor, input);
  return applyEvent(ctx, actor, record, 'cancel', { reason: input.reason, reveal: input.reveal });
}

/**
 * A supervisor, typing their own credentials at the counter, approves submitting with the
 * materials that are missing now. The approval names them, so anything that goes missing
 * later needs a new approval.
 */
export async function approveException(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    caseNumber: string;
    supervisorUsername: string;
    supervisorPassword: string;
    reason: string;
  } & WriteOptions,
): Promise<CaseDetail> {
  const record = writableCase(ctx, actor, input);
  requireEditable(record);
  const missing = missingCodes(ctx, record);
  if (missing.length === 0) {
    throw new UseCaseError('CASE_TRANSITION_REFUSED', {
      message: '材料已收齐，无需审批例外。',
      nextStep: '请直接提交。',
    });
  }
  const supervisor = await verifySupervisor(ctx, {
    username: input.supervisorUsername,
    password: input.supervisorPassword,
  });
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      setCaseException(
        ctx.db,
        record.id,
        {
          approvedById: supervisor.id,
          approvedByName: supervisor.displayName,
          reason: input.reason,
          at: now,
          missing,
        },
        now,
      );
      appendAudit(ctx.db, {
        at: now,
        actorId: supervisor.id,
        actorName: supervisor.displayName,
        action: 'case.exception-approved',
        subject: record.caseNumber,
        detail: {
          reason: input.reason,
          approvedBy: supervisor.displayName,
          clerk: actor.displayName,
          missing: missing.join(','),
        },
      });
    })
    .immediate();
  return answerCase(ctx, actor, record.caseNumber, {
    reveal: input.reveal,
    via: 'case:approveException',
  });
}
