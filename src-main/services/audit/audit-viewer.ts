import { chainSummary } from '../../domain/audit-chain-text';
import type { AuditFilter, AuditRow } from '../../contract/archive-channels';
import { auditActionLabel } from '../../domain/audit-actions';
import { caseTypeKeyToString } from '../../domain/case-type';
import { caseEventLabels, caseStateLabels } from '../../domain/case-state';
import type { CaseEvent, CaseState } from '../../domain/case-state';
import { maskPersonalText } from '../../domain/retention';
import { appendAudit, verifyAuditChain } from '../../store/repositories/audit-log';
import type { AuditChainRow, AuditQuery } from '../../store/repositories/audit-query';
import { iterateAuditPeriod, queryAuditPage } from '../../store/repositories/audit-query';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
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
  items: '材料',
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
  originalSeen: '原件已核验',
  copyArchived: '复印件已存档',
  attested: '已签字·盖章',
  signedOriginalArchived: '签字原件已存档',
  sha256: '文件指纹',
  cardKind: '证件',
  expired: '已过期',
  caseType: '办件类型',
  ruleVersion: '规则版本',
  counterId: '柜台编号',
  day: '日期',
  failedAttempts: '连续失败次数',
  field: '字段',
  cases: '办件数',
  done: '已完成',
  total: '总数',
  fingerprint: '证书指纹',
  outcome: '结果',
  validity: '证书有效期',
  intact: '哈希链完整',
  role: '角色',
  until: '锁定至',
};

/** The settings' names as the settings screen shows them (detail `changed`). */
const SETTING_WORDS: Record<string, string> = {
  hallName: '大厅名称',
  hallCode: '大厅编码',
  idleLockMinutes: '自动锁屏（分钟）',
  hallPhone: '咨询电话',
  profileId: '省份配置',
  idcardReader: '身份证读卡器',
  idcardPort: '读卡器端口',
  idcardSdkLibrary: '读卡器厂商接口库',
  idcardPhotoDecoder: '照片解码库',
  printerName: '打印机',
  idcardBaudRate: '波特率',
  cakeyMode: 'CA 证书 UKey',
  cakeyModules: 'UKey 驱动',
  cakeyUsbIds: 'UKey USB 标识',
  platformUrl: '中心平台地址',
  offlineWarnHours: '离线提醒（小时）',
  offlineFreezeDays: '离线暂停新建（天）',
};

/** Values the app writes as codes, in words. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  cardKind: {
    resident: '居民身份证',
    'hk-mo-tw-permit': '港澳台居民居住证',
    foreigner: '外国人永久居留身份证',
  },
  role: { clerk: '柜员', supervisor: '负责人' },
  validity: { valid: '有效', expired: '已过期', 'not-yet-valid': '尚未生效' },
  reason: { 'unknown-username': '登录名不存在' },
};

/** The Chinese names of the profiles' codes: materials, fields and case types. */
export interface AuditNames {
  material: ReadonlyMap<string, string>;
  field: ReadonlyMap<string, string>;
  caseType: ReadonlyMap<string, string>;
}

/**
 * The names of every loaded profile's materials, fields and case types; where provinces use
 * the same code, the hall's own profile (settings) names it.
 */
export function auditNames(ctx: ServiceContext): AuditNames {
  const material = new Map<string, string>();
  const field = new Map<string, string>();
  const caseType = new Map<string, string>();
  const { profileId } = getSettings(ctx);
  const ordered = [...ctx.profiles.profiles].sort(
    (a, b) => Number(b.id === profileId) - Number(a.id === profileId),
  );
  for (const profile of ordered) {
    for (const definition of profile.caseTypes) {
      caseType.set(caseTypeKeyToString(definition.key), definition.title);
      for (const item of definition.materials)
        if (!material.has(item.code)) material.set(item.code, item.label);
      for (const one of definition.fields) if (!field.has(one.key)) field.set(one.key, one.label);
    }
  }
  return { material, field, caseType };
}

const NO_NAMES: AuditNames = { material: new Map(), field: new Map(), caseType: new Map() };

function detailValue(key: string, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (key === 'from' || key === 'to') return caseStateLabels[value as CaseState] ?? value;
  if (key === 'event') return caseEventLabels[value as CaseEvent] ?? value;
  // Material codes (older entries wrote them, comma-separated), in the table's words.
  if (key === 'missing') {
    return value
      .split(/[,，]/)
      .filter(Boolean)
      .map((code) => names.material.get(code) ?? code)
      .join('、');
  }
  if (key === 'field') return names.field.get(value) ?? value;
  if (key === 'changed') {
    return value
      .split(',')
      .map((code) => SETTING_WORDS[code] ?? code)
      .join('、');
  }
  if (key === 'caseType') return names.caseType.get(value) ?? value;
  return VALUE_WORDS[key]?.[value] ?? value;
}

/**
 * An entry's detail in plain words, personal data masked: the log should hold none, but an
 * older entry or a free-text reason might, and the viewer shows it to anyone at the screen.
 * Codes (material, field, case type) are shown by their Chinese names.
 */
export function auditDetailText(detailJson: string, names: AuditNames = NO_NAMES): string {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(detailJson) as Record<string, unknown>;
  } catch {
    return maskPersonalText(detailJson);
  }
  const parts = Object.entries(detail).map(
    ([key, value]) => `${DETAIL_LABELS[key] ?? key}：${detailValue(key, value, names)}`,
  );
  return maskPersonalText(parts.join('；'));
}

function toAuditRow(row: AuditChainRow, names: AuditNames): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actorName: row.actorName,
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    subject: row.subject === null ? null : maskPersonalText(row.subject),
    detail: auditDetailText(row.detail, names),
  };
}

/** One page of the audit log under the viewer's filters. */
export function queryAudit(
  ctx: ServiceContext,
  input: AuditFilter & { limit: number; offset: number },
): { total: number; rows: AuditRow[] } {
  const page = queryAuditPage(ctx.db, toQuery(input), { limit: input.limit, offset: input.offset });
  const names = auditNames(ctx);
  return { total: page.total, rows: page.rows.map((row) => toAuditRow(row, names)) };
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
  const names = auditNames(ctx);
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
        auditDetailText(row.detail, names),
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
