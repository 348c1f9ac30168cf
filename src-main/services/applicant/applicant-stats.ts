import type { StatsReport } from '../../contract/stats-channels';
import { ratingLabels, ratingScore } from '../../domain/applicant';
import { ratingOfCase, ratingRows } from '../../store/repositories/case-applicant';
import type { ServiceContext } from '../shared/service-context';

/** The counter's local midnight of a YYYY-MM-DD day, as ISO UTC. */
function localMidnight(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

function localDay(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * The applicants' evaluations (好差评) per clerk and local day over a period: how many, how
 * many good (基本满意 or better) and the average on the 5-point scale.
 */
export function applicantSatisfaction(
  ctx: ServiceContext,
  input: { from: string; to: string; clerkId?: number },
): StatsReport['satisfaction'] {
  const rows = ratingRows(ctx.db, {
    from: localMidnight(input.from),
    to: localMidnight(input.to, 1),
  }).filter((row) => input.clerkId === undefined || row.clerkId === input.clerkId);
  const groups = new Map<string, StatsReport['satisfaction'][number] & { total: number }>();
  for (const row of rows) {
    const day = localDay(row.at);
    const key = `${day}|${row.clerkId}`;
    const group = groups.get(key) ?? {
      day,
      clerkId: row.clerkId,
      clerkName: row.clerkName,
      rated: 0,
      good: 0,
      average: 0,
      total: 0,
    };
    const score = ratingScore[row.rating];
    group.rated += 1;
    group.total += score;
    if (score >= 3) group.good += 1;
    group.average = Math.round((group.total / group.rated) * 100) / 100;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({
      day: group.day,
      clerkId: group.clerkId,
      clerkName: group.clerkName,
      rated: group.rated,
      good: group.good,
      average: group.average,
    }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.clerkName.localeCompare(b.clerkName, 'zh-CN'));
}

/** A case's evaluation for the export's XLSX index. */
export function ratingCell(ctx: ServiceContext, caseId: number): string {
  const rating = ratingOfCase(ctx.db, caseId);
  return rating ? ratingLabels[rating] : '未评价';
}
