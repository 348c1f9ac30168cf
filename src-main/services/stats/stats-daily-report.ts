import type { DocumentData, DocumentTable } from '../../domain/print/document-data';
import { PrintRefused } from '../../domain/ports/printer';
import { formatDay, formatDuration } from '../../domain/stats-format';
import { appendAudit } from '../../store/repositories/audit-log';
import { formatPrintTime } from '../printing/print-data';
import { PRINT_REFUSAL_CODES } from '../printing/printing';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { statsReport } from './stats';
import { UseCaseError } from '../shared/use-case-error';

const TITLE = '办件日报表';

/** A table that says "none" rather than printing only its title row. */
function table(columns: DocumentTable['columns'], rows: string[][]): DocumentTable {
  return {
    columns,
    rows: rows.length > 0 ? rows : [columns.map((_, index) => (index ? '—' : '无'))],
  };
}

/** The daily report's figures as the template's placeholders and tables. */
function dailyReportData(ctx: ServiceContext, day: string, printedAt: Date): DocumentData {
  const report = statsReport(ctx, { from: day, to: day });
  return {
    values: {
      'hall.name': getSettings(ctx).hallName,
      'report.day': formatDay(day),
      'report.total': `${report.total} 件`,
      'report.submitted': `${report.counterTime.submitted} 件`,
      'report.averageTime': formatDuration(report.counterTime.averageSeconds),
      'print.at': formatPrintTime(printedAt),
    },
    checklist: [],
    nextSteps: [],
    tables: {
      perClerk: table(
        [
          { title: '柜员', share: 0.34 },
          { title: '新建办件', share: 0.22 },
          { title: '已提交平台', share: 0.22 },
          { title: '平均办理时长', share: 0.22 },
        ],
        report.perClerk.map((clerk) => [
          clerk.clerkName,
          String(clerk.count),
          String(clerk.submitted),
          formatDuration(clerk.averageCounterSeconds),
        ]),
      ),
      byType: table(
        [
          { title: '办理事项', share: 0.78 },
          { title: '件数', share: 0.22 },
        ],
        report.byType.map((row) => [row.label, String(row.count)]),
      ),
      byOutcome: table(
        [
          { title: '办理结果', share: 0.78 },
          { title: '件数', share: 0.22 },
        ],
        report.byOutcome.map((row) => [row.label, String(row.count)]),
      ),
      refusals: table(
        [
          { title: '平台退回原因', share: 0.78 },
          { title: '次数', share: 0.22 },
        ],
        report.refusals.map((row) => [row.label, String(row.count)]),
      ),
      satisfaction: table(
        [
          { title: '柜员', share: 0.34 },
          { title: '评价数', share: 0.22 },
          { title: '好评（基本满意及以上）', share: 0.22 },
          { title: '平均分（满分 5）', share: 0.22 },
        ],
        report.satisfaction.map((row) => [
          row.clerkName,
          String(row.rated),
          String(row.good),
          row.average.toFixed(2),
        ]),
      ),
    },
  };
}

/** Renders one day's report with the active profile's template set. */
async function renderDailyReport(ctx: ServiceContext, day: string): Promise<Uint8Array> {
  let template;
  try {
    template = ctx.printing.templates.template(getSettings(ctx).profileId, 'daily-report');
  } catch (error) {
    throw new UseCaseError('TEMPLATE_INVALID', {
      message: error instanceof Error ? error.message : undefined,
    });
  }
  const printedAt = ctx.clock.now();
  return ctx.printing.render(template, dailyReportData(ctx, day, printedAt), {
    title: `${TITLE} ${day}`,
    createdAt: printedAt,
  });
}

/** The daily report of one day as a PDF, for the preview. It holds no personal data. */
export async function previewDailyReport(
  ctx: ServiceContext,
  input: { day: string },
): Promise<{ title: string; pdfBase64: string }> {
  const pdf = await renderDailyReport(ctx, input.day);
  return {
    title: `${TITLE}（${formatDay(input.day)}）`,
    pdfBase64: Buffer.from(pdf).toString('base64'),
  };
}

/** Prints one day's report on the counter's printer; the print is audited. */
export async function printDailyReport(
  ctx: ServiceContext,
  actor: Actor,
  input: { day: string },
): Promise<{ printer: string }> {
  const { printerName } = getSettings(ctx);
  if (!printerName) throw new UseCaseError('PRINTER_NOT_CONFIGURED');
  const pdf = await renderDailyReport(ctx, input.day);
  try {
    await ctx.printing.printer.print(printerName, pdf, `${TITLE} ${input.day}`);
  } catch (error) {
    const reason = error instanceof PrintRefused ? error.reason : 'failed';
    throw new UseCaseError(PRINT_REFUSAL_CODES[reason]);
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'stats.daily-report-printed',
    detail: { day: input.day, printer: printerName },
  });
  return { printer: printerName };
}
