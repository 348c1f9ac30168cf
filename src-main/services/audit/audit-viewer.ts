import type { AuditFilter, AuditRow } from '../../contract/archive-channels';
import { auditActionLabel } from '../../domain/audit-actions';
import { chainSummary } from '../../domain/audit-chain-text';
import { caseEventLabels, caseStateLabels } from '../../domain/case-state';
import type { CaseEvent, CaseState } from '../../domain/case-state';
import { maskPersonalText } from '../../domain/retention';
import { appendAudit, verifyAuditChain } from '../../store/repositories/audit-log';
import type { AuditChainRow, AuditQuery } from '../../store/repositories/audit-query';
import { iterateAuditPeriod, queryAuditPage } from '../../store/repositories/audit-query';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/** Midnight at the start of a local YYYY-MM-DD day, as ISO-8601 UTC. */
function localMidnight(day: string, plusDays = 0): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

function toQuery(filter: AuditFilter): AuditQuery {
  return {
    actorId: filter.actorId,
    action: filter.action || undefined,
    subject: filter.caseNumber,
    fromIso: filter.from ? localMidnight(filter.from) : undefined,
    toIso: filter.to ? localMidnight(filter.to, 1) : undefined,
  };
}

/** The words for the detail keys the app writes; a key not listed shows as written. */
const DETAIL_LABELS: Record<string, string> = {
  event: '事件',
  from: '原状态',
  to: '新状态',
  reason: '理由',
  item: '材料',
  fileName: '文件',
  document: '文件',
  copy: '份次',
  printer: '打印机',
  batch: '批量',
  archived: '归档件数',
  skipped: '未归档件数',
  fields: '字段数',
  rows: '记录数',
  files: '文件数',
  changed: '修改项',
  approvedBy: '批准人',
  clerk: '柜员',
  missing: '缺件',
};

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if ((key === 'from' || key === 'to') && typeof value === 'string') {
    return caseStateLabels[value as CaseState] ?? value;
  }
  if (key === 'event' && typeof value === 'string') {
    return caseEventLabels[value as CaseEvent] ?? value;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * An entry's detail in plain words, personal data masked: the log should hold none, but an
 * older entry or a free-text reason might, and the viewer shows it to anyone at the screen.
 */
export function auditDetailText(detailJson: string): string {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(detailJson) as Record<string, unknown>;
  } catch {
    return maskPersonalText(detailJson);
  }
  const parts = Object.entries(detail).map(
    ([key, value]) => `${DETAIL_LABELS[key] ?? key}：${detailValue(key, value)}`,
  );
  return maskPersonalText(parts.join('；'));
}

function toAuditRow(row: AuditChainRow): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actorName: row.actorName,
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    subject: row.subject === null ? null : maskPersonalText(row.subject),
    detail: auditDetailText(row.detail),
  };
}

/** One page of the audit log under the viewer's filters. */
export function queryAudit(
  ctx: ServiceContext,
  input: AuditFilter & { limit: number; offset: number },
): { total: number; rows: AuditRow[] } {
  const page = queryAuditPage(ctx.db, toQuery(input), { limit: input.limit, offset: input.offset });
  return { total: page.total, rows: page.rows.map(toAuditRow) };
}

/** A CSV cell: quoted when it holds a separator, a quote or a line break. */
function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The audit log of a period as a CSV file (UTF-8 with BOM, so Excel opens the Chinese
 * right). Each row carries its own hash and the previous row's, so an inspector can follow
 * the chain across the file and into the export of the next period; the head states the
 * whole chain's verification at export time and the first and last hashes. Audited.
 */
export function exportAudit(
  ctx: ServiceContext,
  actor: Actor,
  input: { from: string; to: string },
): {
  fileName: string;
  dataBase64: string;
  rows: number;
  intact: boolean;
  firstHash: string | null;
  lastHash: string | null;
} {
  if (input.from > input.to) {
    throw new UseCaseError('BAD_REQUEST', {
      message: '开始日期晚于结束日期。',
      fields: { from: '开始日期不能晚于结束日期' },
    });
  }
  const verification = verifyAuditChain(ctx.db);
  const lines: string[] = [];
  let firstHash: string | null = null;
  let firstPrev: string | null = null;
  let lastHash: string | null = null;
  let count = 0;
  for (const row of iterateAuditPeriod(
    ctx.db,
    localMidnight(input.from),
    localMidnight(input.to, 1),
  )) {
    firstHash ??= row.hash;
    firstPrev ??= row.prevHash;
    lastHash = row.hash;
    count += 1;
    lines.push(
      [
        row.id,
        row.at,
        row.actorName,
        auditActionLabel(row.action),
        row.action,
        row.subject === null ? null : maskPersonalText(row.subject),
        auditDetailText(row.detail),
        row.prevHash,
        row.hash,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  const head = [
    ['审计日志导出', `${input.from} 至 ${input.to}`],
    ['导出时间', nowIso(ctx)],
    ['导出人', actor.displayName],
    ['哈希链校验', chainSummary(verification)],
    ['本期记录数', String(count)],
    ['本期首条的上一条哈希', firstPrev ?? ''],
    ['本期首条哈希', firstHash ?? ''],
    ['本期末条哈希', lastHash ?? ''],
    [
      '说明',
      '个人信息已脱敏；每行“上一条哈希”应等于前一行“本条哈希”，可与相邻期间的导出文件衔接核对。',
    ],
    [],
    ['序号', '时间', '操作人', '操作', '操作代码', '对象', '详情', '上一条哈希', '本条哈希'],
  ].map((cells) => cells.map(csvCell).join(','));
  const csv = `\uFEFF${[...head, ...lines].join('\r\n')}\r\n`;
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'audit.exported',
    detail: { from: input.from, to: input.to, rows: count, intact: verification.intact },
  });
  return {
    fileName: `审计日志_${input.from}_${input.to}.csv`,
    dataBase64: Buffer.from(csv, 'utf8').toString('base64'),
    rows: count,
    intact: verification.intact,
    firstHash,
    lastHash,
  };
}
