import type {
  CaseAssignment,
  CaseDetail,
  CaseMaterial,
  CaseSummary,
} from '../../contract/case-schemas';
import { cleanAttachmentName } from '../../domain/attachment-name';
import type { CaseState } from '../../domain/case-state';
import { maskCaseValues, maskCreditCode, maskIdNumber, maskPersonName } from '../../domain/masking';
import { missingParts } from '../../domain/materials';
import type { CaseTypeDefinition, ProvinceProfile } from '../../domain/profile';
import { findCaseType } from '../../domain/profile';
import { validateCaseFields } from '../../domain/validators';
import type { AttachmentRecord, CaseItemRecord } from '../../store/repositories/case-items';
import type { CaseRecord, CaseSummaryRecord } from '../../store/repositories/cases';

/** States in which the clerk may still change values and materials. */
export const EDITABLE_STATES: readonly CaseState[] = ['draft', 'collecting', 'ready', 'refused'];

/** States in which a case is still open at this counter (not final). */
export const OPEN_STATES: readonly CaseState[] = [
  'draft',
  'collecting',
  'ready',
  'submitted',
  'manual-review',
  'refused',
];

/** The case type of a case under its own profile, or undefined if the profile dropped it. */
export function caseTypeOf(
  profile: ProvinceProfile,
  record: CaseRecord,
): CaseTypeDefinition | undefined {
  return findCaseType(profile, {
    operation: record.operation,
    subjectType: record.subjectType,
    delegated: record.delegated,
  });
}

/** The checklist rows of a case: its stamped requirements joined with what was recorded. */
export function caseMaterials(
  record: CaseRecord,
  items: readonly CaseItemRecord[],
  attachments: readonly AttachmentRecord[],
): CaseMaterial[] {
  const byCode = new Map(items.map((item) => [item.code, item]));
  return record.materials.map((requirement) => {
    const item = byCode.get(requirement.code);
    const files = attachments.filter((file) => file.itemCode === requirement.code);
    const recorded = {
      originalSeen: item?.originalSeen ?? false,
      copyArchived: item?.copyArchived ?? false,
      attested: item?.attested ?? false,
      signedOriginalArchived: item?.signedOriginalArchived ?? false,
      attachmentCount: files.length + (item?.attachmentsPurged ?? 0),
    };
    return {
      code: requirement.code,
      label: requirement.label,
      party: requirement.party,
      needsOriginal: requirement.originalSeen,
      needsCopy: requirement.copyArchived,
      attestation: requirement.attestation,
      attestationBy: requirement.attestationBy,
      form: requirement.form ?? null,
      ...recorded,
      recordedByName: item?.recordedByName ?? null,
      recordedAt: item?.recordedAt ?? null,
      missing: missingParts(requirement, recorded),
      attachments: files.map((file) => ({
        id: file.id,
        // Names stored before they were cleaned at upload are cleaned on the way out too.
        fileName: cleanAttachmentName(file.fileName),
        mimeType: file.mimeType,
        size: file.size,
        addedByName: file.addedByName,
        addedAt: file.addedAt,
      })),
    };
  });
}

/** What the clerk can do next, so the screen never offers a refused action. */
function caseActions(record: CaseRecord): CaseDetail['actions'] {
  switch (record.state) {
    case 'draft':
      return ['edit', 'start-collecting', 'cancel'];
    case 'collecting':
    case 'ready':
      return ['edit', 'submit', 'cancel'];
    case 'refused':
      return ['edit', 'reopen', 'cancel'];
    case 'submitted':
    case 'manual-review':
    case 'accepted':
    case 'archived':
    case 'cancelled':
      return [];
  }
}

/** The full case for its detail page; personal values masked unless revealed. */
export function toCaseDetail(
  profile: ProvinceProfile,
  record: CaseRecord,
  items: readonly CaseItemRecord[],
  attachments: readonly AttachmentRecord[],
  options: { reveal: boolean; today: Date; assignment: CaseAssignment },
): CaseDetail {
  const caseType = caseTypeOf(profile, record);
  const materials = caseMaterials(record, items, attachments);
  const issues = caseType
    ? validateCaseFields(profile, caseType, record.values, options.today)
    : {};
  return {
    caseNumber: record.caseNumber,
    title: record.title,
    state: record.state,
    operation: record.operation,
    subjectType: record.subjectType,
    delegated: record.delegated,
    profileId: record.profileId,
    ruleVersion: record.ruleVersion,
    values: options.reveal ? { ...record.values } : maskCaseValues(record.values),
    revealed: options.reveal,
    // The case's device locks, which loadCaseDetail reads from the store.
    fieldSources: {},
    fields: (caseType?.fields ?? []).map((field) => ({
      key: field.key,
      label: field.label,
      kind: field.kind,
      required: field.required,
      party: field.party,
      maxLength: field.maxLength ?? null,
      hint: field.hint ?? null,
      documents: field.documents ?? null,
      options: field.options ?? null,
      setBy: field.setBy ?? 'clerk',
    })),
    issues,
    materials,
    missingCount: materials.filter((item) => item.missing.length > 0).length,
    exception: record.exception
      ? {
          approvedByName: record.exception.approvedByName,
          reason: record.exception.reason,
          at: record.exception.at,
          missing: record.exception.missing,
        }
      : null,
    cancelReason: record.cancelReason,
    platformMessage: record.platformMessage,
    platformNextStep: record.platformNextStep,
    forms: record.forms,
    clerkName: record.clerkName,
    assignment: options.assignment,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    // Only the assignee changes a case: nobody else is offered what would be refused.
    actions: options.assignment.mine ? caseActions(record) : [],
    // DOMAIN.md: a new account's password is typed by the applicant, never by the clerk.
    applicantPasswordStep: {
      done: false,
      label: '申请人自行设置平台登录密码',
      note: '密码由申请人本人在申请人屏幕上输入，在该屏幕上加密后随办件发送平台；柜员不代填、不询问，本机不保存明文。进度见“申请人屏幕”。',
    },
  };
}

/** A list row: names, ID numbers and credit codes masked (masked in lists). */
export function toCaseSummary(record: CaseSummaryRecord): CaseSummary {
  const maskKey = record.isOrganisation ? maskCreditCode : maskIdNumber;
  return {
    caseNumber: record.caseNumber,
    title: record.title,
    state: record.state,
    displayName: record.isOrganisation ? record.displayName : maskPersonName(record.displayName),
    keyMasked: record.displayKey ? maskKey(record.displayKey) : '',
    clerkName: record.clerkName,
    updatedAt: record.updatedAt,
  };
}
