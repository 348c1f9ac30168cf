import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseMaterial } from '../../contract/case-schemas';
import type { ExportFilter, ExportJob, ExportVerification } from '../../contract/export-channels';
import { contractError } from '../../contract/errors';
import { caseStateLabels } from '../../domain/case-state';
import type { ExportFilterRecord, ExportManifest } from '../../domain/export-manifest';
import {
  describeMismatch,
  EXPORT_MANIFEST_FORMAT,
  EXPORT_MANIFEST_NAME,
} from '../../domain/export-manifest';
import { maskCaseValues, maskCreditCode, maskIdNumber, maskPersonName } from '../../domain/masking';
import { missingPartLabels } from '../../domain/materials';
import type { ExportIndexRow } from '../../export/xlsx-index';
import { ratingCell } from '../applicant/applicant-stats';
import { signaturePngOf } from '../applicant/applicant-signature-step';
import type { IndexWriter } from '../../export/xlsx-index-thread';
import { XlsxIndexThread } from '../../export/xlsx-index-thread';
import type { StreamingZipWriter } from '../../export/zip-writer';
import { PdfRenderPool } from '../../print/pdf-render-pool';
import type { RenderMeta } from '../../print/render-pdf';
import type { DocumentData } from '../../domain/print/document-data';
import type { PrintTemplate } from '../../domain/print/print-template';
import { appendAudit, hasAuditDetail } from '../../store/repositories/audit-log';
import { listAttachmentsOfCases, listCaseItemsOfCases } from '../../store/repositories/case-items';
import type { CaseExportFilter, CaseRecord } from '../../store/repositories/cases';
import {
  countExportCases,
  findCasesByIds,
  listExportCaseIds,
} from '../../store/repositories/cases';
import { lastCaseId } from '../../store/repositories/archive';
import { findUserById } from '../../store/repositories/users';
import { caseDisplay } from '../shared/case-keys';
import { caseMaterials } from '../shared/case-view';
import { buildDocumentData, formatPrintTime } from '../printing/print-data';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { Slicer, yieldToEventLoop } from '../shared/slices';
import { UseCaseError } from '../shared/use-case-error';
import type { ExportDeskPort, RunningExport } from '../shared/service-context';
import { checkExportFolder, checkVerifyPath } from './export-paths';
import { errorKind, recordJobFailure } from '../shared/job-failure';

// Cases are read in batches by id: never one long-lived cursor, which would keep the
// connection busy while other requests of the counter need it between two cases.
const BATCH = 50;

/** The app name the manifest carries. */
const APP_NAME = '柜台办件台';

/** The export jobs of one core; a job lives in memory only (a restart stops it cleanly). */
export class ExportDesk implements ExportDeskPort {
  private readonly jobs = new Map<string, RunningExport>();

  constructor(
    readonly options: {
      appVersion: string;
      /** Offered as the folder to save to; the supervisor may type another. */
      defaultFolder: string;
      /**
       * The built PDF render thread (out/main/pdf-worker.js) and how many to start; without
       * it (tests run from source) the checklists render on the core's own thread.
       */
      pdfWorker?: { script: string; threads: number };
      /**
       * The built XLSX index thread (out/main/xlsx-worker.js): exceljs loads and the index is
       * built there, off the core's thread. Without it (tests from source) the core builds it.
       */
      indexWorker?: { script: string };
      /** The app's data folder (database, keys): never an export's folder. */
      dataDir: string;
    },
  ) {}

  /** A job by id. */
  find(jobId: string): RunningExport | undefined {
    return this.jobs.get(jobId);
  }

  /** The job still writing, if any: one export at a time keeps the counter responsive. */
  running(): RunningExport | undefined {
    return [...this.jobs.values()].find((entry) => entry.job.state === 'running');
  }

  /** True while a start lists its cases: one export at a time. */
  starting = false;

  /** Remembers a job. */
  add(entry: RunningExport): void {
    this.jobs.set(entry.job.jobId, entry);
  }

  /** Cancels whatever runs and waits for its partial file to be deleted (core closing). */
  async close(): Promise<void> {
    const running = this.running();
    if (!running) return;
    running.cancelRequested = true;
    await running.finished;
  }
}

/** The local day 'YYYY-MM-DD' as an ISO-8601 UTC instant: its midnight, plus `days`. */
function localMidnight(day: string, days = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + days).toISOString();
}

function toRepositoryFilter(filter: ExportFilter): CaseExportFilter {
  return {
    createdFrom: filter.from ? localMidnight(filter.from) : null,
    createdBefore: filter.to ? localMidnight(filter.to, 1) : null,
    clerkId: filter.clerkId,
    caseType: filter.caseType,
    states: filter.states,
  };
}

/** The folder the export screen offers first. */
export function exportDefaults(ctx: ServiceContext): { folder: string } {
  return { folder: ctx.exports.options.defaultFolder };
}

/** How many cases a filter takes, shown before the supervisor starts. */
export function countExport(ctx: ServiceContext, filter: ExportFilter): { count: number } {
  return { count: countExportCases(ctx.db, toRepositoryFilter(filter)) };
}

/** Person parties' names are masked too in an export; organisations' stay (public registry). */
const ORGANISATION_PARTIES = new Set(['company', 'headOffice']);

function maskValuesForExport(values: Readonly<Record<string, string>>): Record<string, string> {
  const masked = maskCaseValues(values);
  for (const [key, value] of Object.entries(masked)) {
    const [party, field] = key.split('.');
    if ((field === 'name' || field === 'nameEn') && party && !ORGANISATION_PARTIES.has(party))
      masked[key] = maskPersonName(value);
  }
  return masked;
}

/** The subject of a case as the index shows it, masked unless full data was chosen. */
function subjectOf(record: CaseRecord, fullData: boolean): { name: string; key: string } {
  const display = caseDisplay(record.values);
  // A case whose values were purged by retention still has its (masked) list name.
  const name = display.name || record.displayName;
  if (fullData) return { name, key: display.key };
  return {
    name: display.isOrganisation ? name : maskPersonName(name),
    key: display.key ? (display.isOrganisation ? maskCreditCode : maskIdNumber)(display.key) : '',
  };
}

function indexRow(
  record: CaseRecord,
  materials: readonly CaseMaterial[],
  fullData: boolean,
  pdfPath: string,
): ExportIndexRow {
  const subject = subjectOf(record, fullData);
  const count = (test: (item: CaseMaterial) => boolean) => materials.filter(test).length;
  const missing = materials
    .filter((item) => item.missing.length > 0)
    .map(
      (item) =>
        `${item.label}（${item.missing.map((part) => missingPartLabels[part]).join('、')}）`,
    );
  return {
    caseNumber: record.caseNumber,
    caseType: record.title,
    state: caseStateLabels[record.state],
    clerk: record.clerkName,
    subject: subject.name,
    subjectKey: subject.key,
    createdAt: formatPrintTime(new Date(record.createdAt)),
    updatedAt: formatPrintTime(new Date(record.updatedAt)),
    materials: materials.length,
    originalsSeen: count((item) => item.originalSeen),
    copiesArchived: count((item) => item.copyArchived),
    signed: count((item) => item.attested),
    missing: missing.join('；') || '无',
    exception: record.exception
      ? `${record.exception.approvedByName}：${record.exception.reason}`
      : '无',
    platformAnswer:
      [record.platformMessage, record.platformNextStep].filter(Boolean).join('；') ||
      (record.state === 'accepted' || record.state === 'archived' ? '平台已受理' : '—'),
    checklistPdf: pdfPath,
    rating: '',
  };
}

/** The export's file name from the local time, never one that exists already. */
function exportFileName(folder: string, at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  for (let attempt = 1; ; attempt += 1) {
    const name = `办件核验清单导出-${stamp}${attempt > 1 ? `-${attempt}` : ''}.zip`;
    if (!existsSync(join(folder, name)) && !existsSync(join(folder, `.${name}.part`))) return name;
  }
}

/** What the export was asked for, with the clerk's name, for the manifest and the audit log. */
function filterRecord(ctx: ServiceContext, filter: ExportFilter): ExportFilterRecord {
  return {
    from: filter.from,
    to: filter.to,
    clerkId: filter.clerkId,
    clerkName: filter.clerkId ? (findUserById(ctx.db, filter.clerkId)?.displayName ?? null) : null,
    caseType: filter.caseType,
    states: [...filter.states],
  };
}

/** A start request of the export screen. */
export interface ExportRequest {
  filter: ExportFilter;
  fullData: boolean;
  reason: string;
  includeAttachments: boolean;
  folder: string;
}

/**
 * Starts an export in the background and returns its job at once; the screen polls
 * `export:progress`. Audited at start (and full data with its reason), end or cancel.
 */
export async function startExport(
  ctx: ServiceContext,
  actor: Actor,
  request: ExportRequest,
): Promise<ExportJob> {
  if (ctx.exports.running() || ctx.exports.starting) {
    throw new UseCaseError('EXPORT_ALREADY_RUNNING');
  }
  const folder = checkExportFolder(request.folder, ctx.exports.options.dataDir);
  // Held while the cases are listed (in slices): a second start meanwhile is refused too.
  ctx.exports.starting = true;
  let ids: number[];
  try {
    ids = await exportCaseIds(ctx, toRepositoryFilter(request.filter));
  } finally {
    ctx.exports.starting = false;
  }
  if (ids.length === 0) throw new UseCaseError('EXPORT_NOTHING_TO_EXPORT');
  const startedAt = ctx.clock.now();
  const fileName = exportFileName(folder, startedAt);
  const job: ExportJob = {
    jobId: randomUUID(),
    state: 'running',
    done: 0,
    total: ids.length,
    fileName,
    path: null,
    error: null,
    startedAt: startedAt.toISOString(),
    finishedAt: null,
  };
  const filter = filterRecord(ctx, request.filter);
  const at = nowIso(ctx);
  ctx.db.transaction(() => {
    appendAudit(ctx.db, {
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'export.started',
      subject: job.jobId,
      detail: {
        fileName,
        folder,
        cases: ids.length,
        filter: JSON.stringify(filter),
        fullData: request.fullData,
        includeAttachments: request.includeAttachments,
      },
    });
    if (request.fullData) {
      appendAudit(ctx.db, {
        at,
        actorId: actor.id,
        actorName: actor.displayName,
        action: 'export.full-data',
        subject: job.jobId,
        detail: { fileName, cases: ids.length, reason: request.reason },
      });
    }
  })();
  const entry: RunningExport = { job, cancelRequested: false, finished: Promise.resolve() };
  // Nothing the export meets may end the core: whatever escapes runExport fails the job.
  entry.finished = runExport(ctx, actor, entry, {
    ids,
    folder,
    filter,
    request,
    startedAt,
  }).catch((error: unknown) => {
    failJob(job, ctx);
    recordJobFailure(ctx, 'export', error);
  });
  ctx.exports.add(entry);
  return { ...job };
}

/** How many case ids one read of the export's list looks at. */
const ID_WINDOW = 2000;

/**
 * The ids of the cases an export takes, oldest first: read a window of ids at a time with the
 * event loop turning between windows, then put in order of creation.
 */
async function exportCaseIds(ctx: ServiceContext, filter: CaseExportFilter): Promise<number[]> {
  const found: { id: number; createdAt: string }[] = [];
  const last = lastCaseId(ctx.db);
  for (let afterId = 0; afterId < last; afterId += ID_WINDOW) {
    found.push(...listExportCaseIds(ctx.db, filter, { afterId, throughId: afterId + ID_WINDOW }));
    await yieldToEventLoop();
  }
  found.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1,
  );
  return found.map((row) => row.id);
}

/** A job's progress. */
export function exportProgress(ctx: ServiceContext, jobId: string): ExportJob {
  const entry = ctx.exports.find(jobId);
  if (!entry) throw new UseCaseError('EXPORT_JOB_NOT_FOUND');
  return { ...entry.job };
}

/** Asks a running job to stop; it deletes its partial file before it reports 'cancelled'. */
export async function cancelExport(ctx: ServiceContext, jobId: string): Promise<ExportJob> {
  const entry = ctx.exports.find(jobId);
  if (!entry) throw new UseCaseError('EXPORT_JOB_NOT_FOUND');
  entry.cancelRequested = true;
  await entry.finished;
  return { ...entry.job };
}

interface RunPlan {
  ids: readonly number[];
  folder: string;
  filter: ExportFilterRecord;
  request: ExportRequest;
  startedAt: Date;
}

async function runExport(
  ctx: ServiceContext,
  actor: Actor,
  entry: RunningExport,
  plan: RunPlan,
): Promise<void> {
  const { job } = entry;
  const finalPath = join(plan.folder, job.fileName);
  // The index is built beside the ZIP, not in the system's temp folder: personal data goes
  // nowhere the supervisor did not choose, and it is deleted with the partial ZIP.
  let scratch: string | null = null;
  let zip: StreamingZipWriter | null = null;
  let index: IndexWriter | null = null;
  const worker = ctx.exports.options.pdfWorker;
  const pool = worker
    ? new PdfRenderPool({
        script: worker.script,
        fontPath: ctx.printing.fontPath,
        size: worker.threads,
      })
    : null;
  const audit = (action: 'export.finished' | 'export.cancelled' | 'export.failed', detail = {}) => {
    // The core may be closing (it cancels the export first); a closed store records nothing.
    if (!ctx.db.open) return;
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: actor.id,
      actorName: actor.displayName,
      action,
      subject: job.jobId,
      detail: { fileName: job.fileName, done: job.done, total: job.total, ...detail },
    });
  };
  try {
    // Inside the try: a folder that passed the checks can still refuse a new entry (no free
    // inodes, a read-only mount, a name too long); that fails the job, never the core.
    scratch = mkdtempSync(join(plan.folder, `.${job.fileName}.index-`));
    const indexPath = join(scratch, 'index.xlsx');
    const { StreamingZipWriter } = await import('../../export/zip-writer');
    zip = new StreamingZipWriter(join(plan.folder, `.${job.fileName}.part`), finalPath);
    index = await openIndex(ctx, indexPath, `办件核验清单导出 ${job.fileName}`);
    const omitted = await writeCases(ctx, entry, plan, zip, index, pool);
    if (entry.cancelRequested) {
      await zip.abort();
      job.state = 'cancelled';
      audit('export.cancelled');
      return;
    }
    await index.finish();
    await zip.addFile('办件索引.xlsx', indexPath, false);
    const manifest: ExportManifest = {
      format: EXPORT_MANIFEST_FORMAT,
      app: { name: APP_NAME, version: ctx.exports.options.appVersion },
      createdAt: plan.startedAt.toISOString(),
      supervisor: { id: actor.id, name: actor.displayName },
      filter: plan.filter,
      fullData: plan.request.fullData,
      reason: plan.request.fullData ? plan.request.reason : null,
      includeAttachments: plan.request.includeAttachments,
      caseCount: job.done,
      omittedAttachments: omitted,
      files: [...zip.listed],
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await zip.finish(EXPORT_MANIFEST_NAME, manifestBytes);
    job.state = 'finished';
    job.path = finalPath;
    audit('export.finished', {
      files: manifest.files.length,
      manifestSha256: sha256Hex(manifestBytes),
      omittedAttachments: omitted.length,
    });
  } catch (error) {
    await zip?.abort().catch(() => undefined);
    failJob(job, ctx);
    // The class and system code only: a message can quote a path with a person's name.
    const { kind, code } = errorKind(error);
    audit('export.failed', { error: code ? `${kind} ${code}` : kind });
  } finally {
    await pool?.close();
    await index?.close();
    job.finishedAt = nowIso(ctx);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The index writer: in its own thread when the build has one. exceljs alone takes longer to
 * load than the rest of the core; on the core's thread (tests from source) it loads on the
 * first export.
 */
async function openIndex(ctx: ServiceContext, path: string, title: string): Promise<IndexWriter> {
  const worker = ctx.exports.options.indexWorker;
  if (worker) return new XlsxIndexThread(worker.script, path, title);
  const { XlsxIndexWriter } = await import('../../export/xlsx-index');
  return new XlsxIndexWriter(path, title);
}

function failJob(job: ExportJob, ctx: ServiceContext): void {
  job.state = 'failed';
  const payload = contractError('EXPORT_FAILED');
  job.error = { message: payload.message, nextStep: payload.nextStep };
  job.finishedAt ??= nowIso(ctx);
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes every case's checklist PDF (and attachments) and index row; stops on cancel. */
async function writeCases(
  ctx: ServiceContext,
  entry: RunningExport,
  plan: RunPlan,
  zip: StreamingZipWriter,
  index: IndexWriter,
  pool: PdfRenderPool | null,
): Promise<ExportManifest['omittedAttachments']> {
  const settings = getSettings(ctx);
  const omitted: ExportManifest['omittedAttachments'] = [];
  const { fullData, includeAttachments } = plan.request;
  const options = {
    fullData,
    hallName: settings.hallName,
    hallPhone: settings.hallPhone,
    at: plan.startedAt,
  };
  // The core's thread does only short slices of this: it lets the event loop turn every
  // 10 ms or 20 cases, so the windows' requests and the progress polls are answered.
  const slicer = new Slicer();
  // A batch is read and, with the thread pool, queued for rendering one batch ahead of the
  // one being written, so the threads never wait for the writer.
  const prepare = async (start: number) => {
    const ids = plan.ids.slice(start, start + BATCH);
    const records = findCasesByIds(ctx.db, ids);
    const items = listCaseItemsOfCases(ctx.db, ids);
    const attachments = listAttachmentsOfCases(ctx.db, ids);
    const materialsOf = (record: CaseRecord) =>
      caseMaterials(record, items.get(record.id) ?? [], attachments.get(record.id) ?? []);
    let queued: Promise<Uint8Array>[] | null = null;
    if (pool) {
      queued = [];
      for (const record of records) {
        if (entry.cancelRequested) break;
        const document = checklistDocument(ctx, record, materialsOf(record), options);
        const rendered = pool.render(document.template, document.data, document.meta);
        rendered.catch(() => undefined); // awaited below, or dropped on cancel
        queued.push(rendered);
        await slicer.next();
      }
    }
    return { records, attachments, materialsOf, queued };
  };
  let next = plan.ids.length > 0 ? prepare(0) : null;
  for (let start = 0; next && !entry.cancelRequested; start += BATCH) {
    const { records, attachments, materialsOf, queued } = await next;
    next = start + BATCH < plan.ids.length ? prepare(start + BATCH) : null;
    // Dropped on cancel: its reads are done, its renders fail with the closed pool.
    next?.catch(() => undefined);
    for (const [position, record] of records.entries()) {
      if (entry.cancelRequested) break;
      const files = attachments.get(record.id) ?? [];
      const materials = materialsOf(record);
      const pdfPath = `核验清单/${record.caseNumber}.pdf`;
      const pdf = queued?.[position]
        ? await queued[position]
        : await renderChecklist(ctx, checklistDocument(ctx, record, materials, options));
      await zip.addBuffer(pdfPath, pdf, false);
      if (includeAttachments) {
        for (const file of files) {
          let bytes: Buffer;
          try {
            bytes = ctx.vault.get(file.sha256);
          } catch {
            // Purged by retention or lost: the export goes on and says so in its manifest.
            omitted.push({
              caseNumber: record.caseNumber,
              fileName: file.fileName,
              why: '附件文件已清除或缺失',
            });
            continue;
          }
          // Named by the material's label, as the checklist says it (never its code).
          const label =
            materials.find((material) => material.code === file.itemCode)?.label ?? '其他材料';
          await zip.addBuffer(
            `附件/${record.caseNumber}/${safeName(label)}-${file.id}-${safeName(file.fileName)}`,
            bytes,
            !/\.(jpe?g|png|pdf|zip|docx|xlsx)$/i.test(file.fileName),
          );
        }
        // The applicant's drawn signature is kept like a scan: it travels only with them.
        const signature = signaturePngOf(ctx, record);
        if (signature) {
          await zip.addBuffer(`附件/${record.caseNumber}/申请人签名.png`, signature, false);
        }
      }
      index.add({
        ...indexRow(record, materials, fullData, pdfPath),
        rating: ratingCell(ctx, record.id),
      });
      entry.job.done += 1;
      await slicer.next();
    }
    // Between batches the core answers other requests (progress polls, the clerks' work).
    await yieldToEventLoop();
  }
  // Cancelled: the batch being prepared stops at its next slice, nothing is left running.
  await next?.catch(() => undefined);
  return omitted;
}

/** A file name safe inside a ZIP on Windows: no separators or reserved characters. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '_');
}

/** One case's checklist as the export stores it: template, data (masked unless full data). */
function checklistDocument(
  ctx: ServiceContext,
  record: CaseRecord,
  materials: readonly CaseMaterial[],
  options: { fullData: boolean; hallName: string; hallPhone: string; at: Date },
): { template: PrintTemplate; data: DocumentData; meta: RenderMeta } {
  const profile = profileById(ctx, record.profileId);
  const template = ctx.printing.templates.template(record.profileId, 'checklist');
  const shown: CaseRecord = options.fullData
    ? record
    : {
        ...record,
        values: maskValuesForExport(record.values),
        displayName: subjectOf(record, false).name,
      };
  const data = buildDocumentData(profile, shown, materials, {
    hallName: options.hallName,
    hallPhone: options.hallPhone,
    printedAt: options.at,
    copyNumber: 1,
  });
  const copy = options.fullData ? '导出存档（未脱敏）' : '导出存档（已脱敏）';
  return {
    template,
    data: { ...data, values: { ...data.values, 'print.copy': copy } },
    meta: { title: `材料核验清单 ${record.caseNumber}`, createdAt: options.at },
  };
}

/** Renders a checklist on the core's own thread. */
function renderChecklist(
  ctx: ServiceContext,
  document: { template: PrintTemplate; data: DocumentData; meta: RenderMeta },
): Promise<Uint8Array> {
  return ctx.printing.render(document.template, document.data, document.meta);
}

/** Checks an export ZIP file by file against its manifest; audited. */
export async function verifyExport(
  ctx: ServiceContext,
  actor: Actor,
  path: string,
): Promise<ExportVerification> {
  const real = checkVerifyPath(path, ctx.exports.options.dataDir);
  const { verifyExportZip } = await import('../../export/verify-zip');
  let result: Awaited<ReturnType<typeof verifyExportZip>>;
  try {
    result = await verifyExportZip(real);
  } catch {
    result = { kind: 'unreadable', detail: '' };
  }
  if (result.kind !== 'checked') {
    // Never Node's own error text: it is English, and names system calls, not what to do.
    throw new UseCaseError('EXPORT_FILE_UNREADABLE', {
      message:
        result.kind === 'no-manifest'
          ? '该压缩包中没有本程序的 manifest.json，无法校验。'
          : `无法读取“${real}”：它不是完整的 .zip 压缩包，或已损坏、无权读取。`,
    });
  }
  const recordedHere = hasAuditDetail(
    ctx.db,
    'export.finished',
    'manifestSha256',
    result.manifestSha256,
  );
  const problems = result.mismatches.map(describeMismatch);
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'export.verified',
    subject: null,
    detail: {
      path: real,
      intact: problems.length === 0,
      problems: problems.length,
      recordedHere,
    },
  });
  return {
    intact: problems.length === 0,
    filesChecked: result.filesChecked,
    caseCount: result.manifest.caseCount,
    createdAt: result.manifest.createdAt,
    supervisorName: result.manifest.supervisor.name,
    fullData: result.manifest.fullData,
    problems,
    recordedHere,
  };
}
