import type { CaseMaterial } from '../../contract/case-schemas';
import { missingPartLabels } from '../../domain/materials';
import type { ChecklistRow, DocumentData } from '../../domain/print/document-data';
import type { PrintTemplate } from '../../domain/print/print-template';
import type { ProvinceProfile } from '../../domain/profile';
import type { CaseRecord } from '../../store/repositories/cases';
import { signaturePngOf } from '../applicant/applicant-signature-step';
import { findSignature } from '../../store/repositories/case-signatures';
import { caseTypeOf } from '../shared/case-view';
import type { ServiceContext } from '../shared/service-context';

/** The counter's facts a printed form carries besides the case. */
export interface PrintContext {
  hallName: string;
  hallPhone: string;
  printedAt: Date;
  /** 1 for the first copy that reaches a printer, 2 for the first reprint... */
  copyNumber: number;
}

const ATTESTATION_WORDS = {
  none: '',
  signature: '签字',
  seal: '盖章',
  'signature-and-seal': '签字并盖章',
} as const;

/** A time as the counter reads it: 2026年11月24日 09:30. */
export function formatPrintTime(time: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${time.getFullYear()}年${time.getMonth() + 1}月${time.getDate()}日 ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

function checklistRow(material: CaseMaterial): ChecklistRow {
  const required = [
    material.needsOriginal ? '原件备查' : '',
    material.needsCopy ? '复印件存档' : '',
    material.attestation !== 'none'
      ? `${ATTESTATION_WORDS[material.attestation]}（${material.attestationBy}）`
      : '',
    material.form ? '签字件收回' : '',
  ].filter(Boolean);
  const recorded = [
    material.originalSeen ? '原件已核验' : '',
    material.copyArchived ? '复印件已存档' : '',
    material.attested ? '已签字·盖章' : '',
    material.attachments.length > 0 ? `扫描件 ${material.attachments.length} 份` : '',
    material.signedOriginalArchived ? '签字原件已存档' : '',
  ].filter(Boolean);
  const missing = material.missing.map((part) => missingPartLabels[part]);
  return {
    label: material.label,
    required: required.join('；') || '—',
    recorded:
      [...recorded, ...(missing.length > 0 ? [`尚缺：${missing.join('、')}`] : [])].join('；') ||
      '未登记',
    recordedBy:
      material.recordedByName && material.recordedAt
        ? `${material.recordedByName} ${formatPrintTime(new Date(material.recordedAt))}`
        : '',
  };
}

function nextSteps(profile: ProvinceProfile, record: CaseRecord, hallPhone: string): string[] {
  const portal = profile.portal.name;
  const caseType = caseTypeOf(profile, record);
  const steps = [
    `窗口核验材料后，将本办件提交至${portal}统一身份认证平台；网络中断时由本机保存，恢复后自动提交。`,
    caseType?.channel === 'manual-review'
      ? '本事项需平台人工核验，结果在 1 个工作日内以短信通知申请人预留的手机号。'
      : '平台受理后，结果以短信通知申请人预留的手机号。',
    '平台登录密码由申请人本人设置，窗口工作人员不会询问或代设密码。',
    '如平台退回，窗口将按退回原因联系申请人补正，补正后重新提交，无需重新排队取号。',
  ];
  if (hallPhone) steps.push(`如有疑问，请致电 ${hallPhone}，并报办件编号。`);
  return steps;
}

/**
 * Everything the templates may print for one case. The values are the case's own, unmasked:
 * a form for signature must show the full ID numbers the signer vouches for.
 */
export function buildDocumentData(
  profile: ProvinceProfile,
  record: CaseRecord,
  materials: readonly CaseMaterial[],
  context: PrintContext,
): DocumentData {
  const operation = profile.operations.find((item) => item.code === record.operation);
  const exception = record.exception
    ? `负责人 ${record.exception.approvedByName} 于 ${formatPrintTime(new Date(record.exception.at))} 批准缺件提交，理由：${record.exception.reason}`
    : '无';
  return {
    values: {
      ...record.values,
      'portal.name': profile.portal.name,
      'portal.agreementTitle': profile.portal.agreementTitle,
      'party.principal': profile.parties.principal.name,
      'party.agent': profile.parties.agent.name,
      'case.number': record.caseNumber,
      'case.title': record.title,
      'case.purpose': profile.portal.purposes[record.operation] ?? `用户${operation?.name ?? ''}`,
      'case.subjectName': record.displayName,
      'case.ruleVersion': record.ruleVersion,
      'case.createdAt': formatPrintTime(new Date(record.createdAt)),
      'case.exception': exception,
      'hall.name': context.hallName,
      'hall.phone': context.hallPhone,
      'clerk.name': record.clerkName,
      'print.at': formatPrintTime(context.printedAt),
      'print.copy':
        context.copyNumber <= 1 ? '首次打印' : `第 ${context.copyNumber} 次打印（补打）`,
    },
    checklist: materials.map(checklistRow),
    nextSteps: nextSteps(profile, record, context.hallPhone),
  };
}

/**
 * Adds the signature the applicant drew on their screen to a document whose template prints
 * it (the receipt); other documents never read the sealed image.
 */
export function withApplicantSignature(
  ctx: ServiceContext,
  record: CaseRecord,
  template: PrintTemplate,
  data: DocumentData,
): DocumentData {
  if (!template.blocks.some((block) => block.type === 'applicant-signature')) return data;
  const png = signaturePngOf(ctx, record);
  const signedAt = findSignature(ctx.db, record.id)?.signedAt;
  if (!png || !signedAt) return data;
  return {
    ...data,
    values: { ...data.values, 'signature.at': formatPrintTime(new Date(signedAt)) },
    applicantSignature: png,
  };
}
