import type { DeviceStatus } from '../../contract/schemas';
import type { PrintDocumentInfo, PrinterChoice } from '../../contract/print-channels';
import type { Printer } from '../../domain/ports/printer';
import { PrintRefused } from '../../domain/ports/printer';
import type { FormKind } from '../../domain/profile';
import { formKinds } from '../../domain/profile';
import { join } from 'node:path';
import { systemPrinter } from '../../print/printers';
import { TemplateLibrary } from '../../print/template-files';
import { appendAudit } from '../../store/repositories/audit-log';
import { listAttachments, listCaseItems } from '../../store/repositories/case-items';
import type { CaseRecord } from '../../store/repositories/cases';
import {
  countSentCopies,
  insertPrintJob,
  listPrintJobs,
} from '../../store/repositories/print-jobs';
import { caseMaterials } from '../shared/case-view';
import { requireAssignee, requireMayReadInFull } from '../shared/case-access';
import { requireCase, requireNotArchived } from '../cases/cases';
import { buildDocumentData, withApplicantSignature } from './print-data';
import { profileById } from '../shared/profiles';
import type { Actor, PrintDesk, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

/**
 * The print desk of a core: templates beside resources/ unless given, the Song face shipped
 * in resources/fonts, the operating system's printer unless a test passes another.
 */
export function createPrintDesk(options: {
  resourcesDir: string;
  templatesDir?: string;
  printer?: Printer;
}): PrintDesk {
  const fontPath = join(options.resourcesDir, 'fonts', 'gbsn00lp.ttf');
  let warming: Promise<void> | null = null;
  return {
    printer: options.printer ?? systemPrinter(),
    templates: new TemplateLibrary(
      options.templatesDir ?? join(options.resourcesDir, '..', 'templates'),
    ),
    // pdf-lib, fontkit and the font load on the first print, not at start: together they
    // take longer to load than the rest of the core, and the login screen needs none of them.
    async render(template, data, meta) {
      const [{ renderPdf }, { loadFont }] = await Promise.all([
        import('../../print/render-pdf'),
        import('../../print/font'),
      ]);
      const font = loadFont(fontPath);
      return renderPdf(template, data, font, meta);
    },
    fontPath,
    warm() {
      if (warming) return;
      // After the current request has answered: the case page is drawn first.
      warming = new Promise<void>((resolve) => setTimeout(resolve, 0))
        .then(() => Promise.all([import('../../print/render-pdf'), import('../../print/font')]))
        .then(([, { loadFont }]) => void loadFont(fontPath))
        .catch(() => {
          // The first print loads them again and reports what is wrong.
          warming = null;
        });
    },
  };
}

export const FORM_TITLES: Record<FormKind, string> = {
  'letter-person': '自然人授权委托书（附录1）',
  'letter-legal': '法人授权委托书（附录2）',
  'letter-branch': '负责人授权委托书（附录3）',
  'user-agreement': '用户协议（附录4）',
  checklist: '材料核验清单',
  receipt: '办件回执',
  'appeal-letter': '申诉授权书',
};

function requireForm(record: CaseRecord, kind: FormKind): void {
  if (!record.forms.includes(kind)) throw new UseCaseError('FORM_NOT_IN_CASE');
}

/** Renders one document of a case as the next copy would print. */
async function renderCaseDocument(
  ctx: ServiceContext,
  record: CaseRecord,
  kind: FormKind,
  copyNumber: number,
): Promise<Uint8Array> {
  const profile = profileById(ctx, record.profileId);
  let template;
  try {
    template = ctx.printing.templates.template(record.profileId, kind);
  } catch (error) {
    throw new UseCaseError('TEMPLATE_INVALID', {
      message: error instanceof Error ? error.message : undefined,
    });
  }
  const settings = getSettings(ctx);
  const materials = caseMaterials(
    record,
    listCaseItems(ctx.db, record.id),
    listAttachments(ctx.db, record.id),
  );
  const printedAt = ctx.clock.now();
  const data = withApplicantSignature(
    ctx,
    record,
    template,
    buildDocumentData(profile, record, materials, {
      hallName: settings.hallName,
      hallPhone: settings.hallPhone,
      printedAt,
      copyNumber,
    }),
  );
  return ctx.printing.render(template, data, {
    title: `${FORM_TITLES[kind]} ${record.caseNumber}`,
    createdAt: printedAt,
  });
}

/** The documents a case prints (from its case type), with what happened to each so far. */
export function listCaseDocuments(
  ctx: ServiceContext,
  input: { caseNumber: string },
): PrintDocumentInfo[] {
  const record = requireCase(ctx, input.caseNumber);
  ctx.printing.warm();
  const jobs = listPrintJobs(ctx.db, record.id);
  const materials = caseMaterials(
    record,
    listCaseItems(ctx.db, record.id),
    listAttachments(ctx.db, record.id),
  );
  return formKinds
    .filter((kind) => record.forms.includes(kind))
    .map((kind) => {
      const ofKind = jobs.filter((job) => job.kind === kind);
      const last = ofKind.at(-1) ?? null;
      const material = materials.find((item) => item.form === kind);
      return {
        kind,
        title: FORM_TITLES[kind],
        copiesPrinted: ofKind.filter((job) => job.status === 'sent').length,
        lastAttempt: last && {
          status: last.status,
          printer: last.printer,
          error: last.error,
          at: last.at,
          byName: last.printedByName,
        },
        signedReturn: material
          ? material.missing.includes('signed-form')
            ? 'awaiting'
            : 'returned'
          : 'not-needed',
        materialCode: material?.code ?? null,
      };
    });
}

/** The PDF of one document as it would print now, for the preview; audited. */
export async function previewDocument(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; kind: FormKind },
): Promise<{ title: string; pdfBase64: string }> {
  const record = requireCase(ctx, input.caseNumber);
  // The preview shows the personal data in full.
  requireMayReadInFull(ctx, actor, record);
  requireForm(record, input.kind);
  const copyNumber = countSentCopies(ctx.db, record.id, input.kind) + 1;
  const pdf = await renderCaseDocument(ctx, record, input.kind, copyNumber);
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'print.previewed',
    subject: record.caseNumber,
    detail: { document: FORM_TITLES[input.kind] },
  });
  return { title: FORM_TITLES[input.kind], pdfBase64: Buffer.from(pdf).toString('base64') };
}

/** Why an attempt did not print, as the case history and the audit viewer say it. */
const PRINT_FAILURE_TEXT: Record<string, string> = {
  'not-configured': '尚未选择打印机',
  'no-printer': '本机没有打印服务',
  'not-found': '找不到打印机',
  stopped: '打印机已暂停',
  failed: '打印机报告错误',
};

/** One print attempt on the case and in the audit log; `error` set when it did not print. */
function recordAttempt(
  ctx: ServiceContext,
  actor: Actor,
  record: CaseRecord,
  kind: FormKind,
  copyNumber: number,
  attempt: { printer: string; jobRef: string | null; error: string | null },
): void {
  const at = nowIso(ctx);
  ctx.db.transaction(() => {
    insertPrintJob(ctx.db, {
      caseId: record.id,
      kind,
      copyNumber,
      printer: attempt.printer,
      status: attempt.error ? 'failed' : 'sent',
      jobRef: attempt.jobRef,
      error: attempt.error,
      userId: actor.id,
      userName: actor.displayName,
      at,
    });
    appendAudit(ctx.db, {
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      action: attempt.error ? 'print.failed' : 'print.sent',
      subject: record.caseNumber,
      detail: {
        document: FORM_TITLES[kind],
        copy: copyNumber,
        printer: attempt.printer || '未选择打印机',
        ...(attempt.error ? { reason: PRINT_FAILURE_TEXT[attempt.error] ?? attempt.error } : {}),
      },
    });
  })();
}

/** The error code the clerk sees for each reason the printer refused a job. */
export const PRINT_REFUSAL_CODES = {
  'no-printer': 'PRINTER_NOT_FOUND',
  'not-found': 'PRINTER_NOT_FOUND',
  stopped: 'PRINTER_STOPPED',
  failed: 'PRINT_FAILED',
} as const;

/**
 * Prints one document on the counter's printer. Every attempt lands on the case and in the
 * audit log, the failed ones with their reason, so nothing is lost: the clerk fixes the
 * printer and prints again. The footer carries the copy number, so a reprint shows as one.
 */
export async function printDocument(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; kind: FormKind },
): Promise<PrintDocumentInfo> {
  const record = requireCase(ctx, input.caseNumber);
  // A print is recorded on the case (copy number, print job): an archived case takes none.
  requireNotArchived(record);
  requireAssignee(actor, record);
  requireForm(record, input.kind);
  const { printerName } = getSettings(ctx);
  const copyNumber = countSentCopies(ctx.db, record.id, input.kind) + 1;
  if (!printerName) {
    // Kept on the case like any refused print: the row offers 重新打印 once a printer is set.
    recordAttempt(ctx, actor, record, input.kind, copyNumber, {
      printer: '',
      jobRef: null,
      error: 'not-configured',
    });
    throw new UseCaseError('PRINTER_NOT_CONFIGURED');
  }
  const pdf = await renderCaseDocument(ctx, record, input.kind, copyNumber);
  const title = `${FORM_TITLES[input.kind]} ${record.caseNumber}`;
  let outcome: { jobRef: string; refusal: null } | { jobRef: null; refusal: PrintRefused };
  try {
    outcome = { jobRef: await ctx.printing.printer.print(printerName, pdf, title), refusal: null };
  } catch (error) {
    const refusal =
      error instanceof PrintRefused ? error : new PrintRefused('failed', String(error));
    outcome = { jobRef: null, refusal };
  }
  recordAttempt(ctx, actor, record, input.kind, copyNumber, {
    printer: printerName,
    jobRef: outcome.jobRef,
    error: outcome.refusal ? outcome.refusal.reason : null,
  });
  if (outcome.refusal) {
    const detail = outcome.refusal.detail ? `（${outcome.refusal.detail}）` : '';
    throw new UseCaseError(PRINT_REFUSAL_CODES[outcome.refusal.reason], {
      message: `${FORM_TITLES[input.kind]}未能打印：打印机“${printerName}”${outcome.refusal.reason === 'stopped' ? '已暂停' : outcome.refusal.reason === 'failed' ? '报告错误' : '不存在'}${detail}。`,
    });
  }
  const documents = listCaseDocuments(ctx, { caseNumber: record.caseNumber });
  const printed = documents.find((document) => document.kind === input.kind);
  if (!printed) throw new UseCaseError('FORM_NOT_IN_CASE');
  return printed;
}

/** The printers the operating system offers, for the settings screen. */
export async function listPrinters(ctx: ServiceContext): Promise<PrinterChoice[]> {
  try {
    return await ctx.printing.printer.list();
  } catch {
    return [];
  }
}

/** The printer's line in the device status area. */
export async function printerStatus(ctx: ServiceContext): Promise<DeviceStatus> {
  const { printerName } = getSettings(ctx);
  const base = { kind: 'printer' as const, label: '打印机' };
  if (!printerName) return { ...base, state: 'not-configured', detail: '未选择打印机' };
  const printer = (await listPrinters(ctx)).find((candidate) => candidate.name === printerName);
  if (!printer) return { ...base, state: 'absent', detail: `找不到“${printerName}”` };
  if (printer.state === 'stopped') {
    return { ...base, state: 'error', detail: `“${printerName}”已暂停` };
  }
  return { ...base, state: 'ready', detail: printerName };
}
