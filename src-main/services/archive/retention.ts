import { randomUUID } from 'node:crypto';
import type {
  PurgePreview,
  PurgeProgress,
  RetentionOverview,
  RetentionSettingsView,
} from '../../contract/archive-channels';
import { retentionSettingsSchema } from '../../contract/archive-channels';
import { maskCreditCode, maskIdNumber, maskPersonName } from '../../domain/masking';
import { purgeCaseValues, retentionCutoff, retentionPeriodProblem } from '../../domain/retention';
import type { CaseRef, DueCaseRef, PurgeKind } from '../../store/repositories/archive';
import {
  attachmentsOfCases,
  casesDueForPurge,
  casesUsingFile,
  countCasesInState,
  lastCaseId,
  optimizeNameIndex,
  purgeCaseAttachmentRows,
  purgeCasePersonalRows,
  readArchiveInfo,
} from '../../store/repositories/archive';
import { appendAudit } from '../../store/repositories/audit-log';
import { purgeCaseCardPhotos } from '../../store/repositories/card-photos';
import { purgeCaseSignature } from '../../store/repositories/case-signatures';
import { findCaseByNumber } from '../../store/repositories/cases';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import { lastArchiveBatch } from './archive';
import { caseDisplay } from '../shared/case-keys';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { Slicer, yieldToEventLoop } from '../shared/slices';
import { UseCaseError } from '../shared/use-case-error';

const SETTINGS_KEY = 'retention';
const LAST_RUN_KEY = 'retention-last-daily-run';

/**
 * Defaults: the daily archive on at 18:00 (the hall's closing time, when the counter is still
 * on); files kept one year and personal data three years after archiving; the daily purge off
 * until the supervisor has set the periods the hall's rules require.
 */
export const defaultRetentionSettings: RetentionSettingsView = {
  dailyArchive: true,
  dailyPurge: false,
  dailyRunHour: 18,
  attachmentDays: 365,
  personalDataDays: 1095,
};

/** The settings as saved, defaults filled in. */
export function getRetentionSettings(ctx: ServiceContext): RetentionSettingsView {
  const parsed = retentionSettingsSchema
    .partial()
    .safeParse(readSetting(ctx.db, SETTINGS_KEY) ?? {});
  return { ...defaultRetentionSettings, ...(parsed.success ? parsed.data : {}) };
}

/** The local day the daily run last happened (YYYY-MM-DD), or null. */
export function lastDailyRunDay(ctx: ServiceContext): string | null {
  const value = readSetting(ctx.db, LAST_RUN_KEY);
  return typeof value === 'string' ? value : null;
}

/** Records that the daily run happened on this local day. */
export function recordDailyRun(ctx: ServiceContext, day: string): void {
  writeSetting(ctx.db, LAST_RUN_KEY, day, nowIso(ctx));
}

/** The retention screen's data. */
export function retentionOverview(ctx: ServiceContext): RetentionOverview {
  return {
    settings: getRetentionSettings(ctx),
    lastDailyRunDay: lastDailyRunDay(ctx),
    lastBatch: lastArchiveBatch(ctx),
    archivedCount: countCasesInState(ctx.db, 'archived'),
    awaitingArchiveCount: countCasesInState(ctx.db, 'accepted'),
  };
}

/** Saves the given settings; personal data is never kept for less time than the files. */
export function updateRetentionSettings(
  ctx: ServiceContext,
  actor: Actor,
  changes: Partial<RetentionSettingsView>,
): RetentionOverview {
  const before = getRetentionSettings(ctx);
  const next = { ...before, ...changes };
  const problem = retentionPeriodProblem(next.attachmentDays, next.personalDataDays);
  if (problem) {
    throw new UseCaseError('BAD_REQUEST', {
      message: problem,
      nextStep: '请把个人信息保存期限设为不短于附件保存期限的天数。',
      fields: { personalDataDays: `至少 ${next.attachmentDays} 天` },
    });
  }
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTINGS_KEY, next, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'retention.settings-updated',
      detail: {
        dailyArchive: next.dailyArchive,
        dailyPurge: next.dailyPurge,
        dailyRunHour: next.dailyRunHour,
        attachmentDays: next.attachmentDays,
        personalDataDays: next.personalDataDays,
      },
    });
  })();
  return retentionOverview(ctx);
}

/** A preview and the settings it was computed with, so a changed setting makes it stale. */
export interface PurgePlan {
  preview: PurgePreview;
  settingsJson: string;
}

/** How many case ids the preview looks at in one read, and how many cases it sizes at once. */
const PREVIEW_PAGE = 500;
const PREVIEW_ID_WINDOW = 2000;

/**
 * Every case due for one kind of purge in archive order (oldest first), read a window of ids
 * at a time with the event loop turning between windows.
 */
async function allDueCases(
  ctx: ServiceContext,
  kind: PurgeKind,
  cutoff: string,
): Promise<CaseRef[]> {
  const due: DueCaseRef[] = [];
  const last = lastCaseId(ctx.db);
  for (let afterId = 0; afterId < last; afterId += PREVIEW_ID_WINDOW) {
    due.push(
      ...casesDueForPurge(ctx.db, kind, cutoff, {
        afterId,
        throughId: afterId + PREVIEW_ID_WINDOW,
      }),
    );
    await yieldToEventLoop();
  }
  due.sort((a, b) =>
    a.archivedAt === b.archivedAt ? a.id - b.id : a.archivedAt < b.archivedAt ? -1 : 1,
  );
  return due.map(({ id, caseNumber }) => ({ id, caseNumber }));
}

/**
 * What removing the attachments of these cases removes: the rows, their bytes, and the files
 * (the vault is content-addressed, so a file a case outside them still uses stays).
 */
async function attachmentPurgeSize(
  ctx: ServiceContext,
  caseIds: readonly number[],
): Promise<{ rows: number; files: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const files = new Set<string>();
  for (let start = 0; start < caseIds.length; start += PREVIEW_PAGE) {
    const page = attachmentsOfCases(ctx.db, caseIds.slice(start, start + PREVIEW_PAGE));
    rows += page.rows;
    bytes += page.bytes;
    for (const file of page.files) files.add(file);
    await yieldToEventLoop();
  }
  const purged = new Set(caseIds);
  const slicer = new Slicer();
  let removable = 0;
  for (const file of files) {
    if (casesUsingFile(ctx.db, file).every((id) => purged.has(id))) removable += 1;
    await slicer.next();
  }
  return { rows, files: removable, bytes };
}

/**
 * What a purge would remove now: counts per kind and the case numbers. Read in pages with the
 * event loop turning between them, so a preview over years of cases never freezes the windows.
 */
export async function planPurge(ctx: ServiceContext): Promise<PurgePlan> {
  const settings = getRetentionSettings(ctx);
  const now = ctx.clock.now();
  const attachmentCutoff = retentionCutoff(now, settings.attachmentDays);
  const personalDataCutoff = retentionCutoff(now, settings.personalDataDays);
  const attachmentCases = await allDueCases(ctx, 'attachments', attachmentCutoff);
  const personalCases = await allDueCases(ctx, 'personalData', personalDataCutoff);
  const size = await attachmentPurgeSize(
    ctx,
    attachmentCases.map((ref) => ref.id),
  );
  return {
    settingsJson: JSON.stringify(settings),
    preview: {
      previewId: randomUUID(),
      createdAt: now.toISOString(),
      attachmentCutoff,
      personalDataCutoff,
      attachments: {
        caseNumbers: attachmentCases.map((ref) => ref.caseNumber),
        ...size,
      },
      personalData: { caseNumbers: personalCases.map((ref) => ref.caseNumber) },
    },
  };
}

/** Whether a plan still describes what a purge would do with the settings as they are now. */
export function planStillValid(ctx: ServiceContext, plan: PurgePlan): boolean {
  return plan.settingsJson === JSON.stringify(getRetentionSettings(ctx));
}

/** What a purge removed. */
export type PurgeResult = NonNullable<PurgeProgress['result']>;

/** Masked list columns for a case whose values were purged. */
function purgedDisplay(
  values: Readonly<Record<string, string>>,
  original: Readonly<Record<string, string>>,
) {
  const display = caseDisplay(original);
  const masked = display.isOrganisation
    ? { name: display.name, key: maskCreditCode(display.key) }
    : { name: maskPersonName(display.name), key: maskIdNumber(display.key) };
  return { valuesJson: JSON.stringify(values), displayName: masked.name, displayKey: masked.key };
}

/** Yields to the event loop between cases, so the counter stays responsive during a purge. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs a previewed purge: exactly the announced cases, one transaction each. Files are deleted
 * after their rows' transaction commits; a crash in between leaves at most an unreferenced
 * encrypted file, never a row without its bytes. Every case and the whole run are audited.
 */
export async function executePurge(
  ctx: ServiceContext,
  actor: Actor | null,
  preview: PurgePreview,
  onProgress: (done: number, total: number) => void,
): Promise<PurgeResult> {
  const actorName = actor?.displayName ?? '系统（每日清除）';
  const audit = (
    action: Parameters<typeof appendAudit>[1]['action'],
    subject: string | null,
    detail: Record<string, string | number | boolean | null>,
  ) =>
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: actor?.id ?? null,
      actorName,
      action,
      subject,
      detail,
    });
  const attachmentSet = new Set(preview.attachments.caseNumbers);
  const personalSet = new Set(preview.personalData.caseNumbers);
  const all = [
    ...new Set([...preview.attachments.caseNumbers, ...preview.personalData.caseNumbers]),
  ];
  const result: PurgeResult = {
    attachmentCases: 0,
    attachmentRows: 0,
    files: 0,
    personalDataCases: 0,
  };
  audit('retention.purge-started', null, {
    attachmentCases: attachmentSet.size,
    files: preview.attachments.files,
    personalDataCases: personalSet.size,
  });
  // Freed pages are overwritten with zeros, so a purged ID number does not linger in them.
  ctx.db.pragma('secure_delete = ON');
  try {
    for (const [index, caseNumber] of all.entries()) {
      const record = findCaseByNumber(ctx.db, caseNumber);
      if (record?.state === 'archived') {
        const info = readArchiveInfo(ctx.db, record.id);
        const now = nowIso(ctx);
        const orphaned = ctx.db
          .transaction(() => {
            let files: string[] = [];
            if (
              (attachmentSet.has(caseNumber) || personalSet.has(caseNumber)) &&
              !info.attachmentsPurgedAt
            ) {
              const purged = purgeCaseAttachmentRows(ctx.db, record.id, now);
              // The applicant's drawn signature is kept like a scan and goes with them.
              files = [...purged.orphanedFiles, ...purgeCaseSignature(ctx.db, record.id, now)];
              result.attachmentCases += 1;
              result.attachmentRows += purged.rows;
              audit('retention.attachments-purged', caseNumber, {
                rows: purged.rows,
                files: files.length,
              });
            }
            if (personalSet.has(caseNumber) && !info.personalDataPurgedAt) {
              purgeCasePersonalRows(
                ctx.db,
                record.id,
                purgedDisplay(purgeCaseValues(record.values), record.values),
                now,
              );
              // The ID card photos are personal data too: they go with the values.
              files = [...files, ...purgeCaseCardPhotos(ctx.db, record.id)];
              result.personalDataCases += 1;
              audit('retention.personal-data-purged', caseNumber, {
                fields: Object.keys(record.values).length,
              });
            }
            return files;
          })
          .immediate();
        for (const sha256 of orphaned) ctx.vault.remove(sha256);
        result.files += orphaned.length;
      }
      onProgress(index + 1, all.length);
      await breathe();
    }
    if (result.personalDataCases > 0) optimizeNameIndex(ctx.db);
  } finally {
    // Old page versions in the WAL go too once the purge is done.
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    ctx.db.pragma('secure_delete = OFF');
  }
  audit('retention.purge-finished', null, { ...result });
  return result;
}
