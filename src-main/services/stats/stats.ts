import type { StatsReport } from '../../contract/stats-channels';
import { daysBetween } from '../../contract/stats-channels';
import { caseStateLabels, caseStates } from '../../domain/case-state';
import { caseTypeKeyToString } from '../../domain/case-type';
import type { ProvinceProfile } from '../../domain/profile';
import type { StatsFilter } from '../../store/repositories/stats';
import {
  countCasesByClerkAndDay,
  countCasesByState,
  countCasesByType,
  countRefusals,
  sumCounterTime,
} from '../../store/repositories/stats';
import type { ServiceContext } from '../shared/service-context';
import { activeProfile } from '../shared/profiles';
import { applicantSatisfaction } from '../applicant/applicant-stats';

/** YYYY-MM-DD as the case table's day column has it (YYYYMMDD, the counter's local day). */
function toCaseDay(day: string): string {
  return day.replaceAll('-', '');
}

function fromCaseDay(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

function everyDay(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The profile's words for refusal codes; none when the profile cannot be loaded. */
function refusalWords(ctx: ServiceContext): ProvinceProfile['refusals'] {
  try {
    return activeProfile(ctx).refusals;
  } catch {
    return [];
  }
}

/**
 * The statistics of the cases opened on the days `from` to `to` (the hall's local days,
 * as in the case number), for the whole counter or one clerk. Outcome is each case's state
 * now; refusals count every refused attempt; the time at the counter runs from opening a
 * case to its first submission (see store/repositories/stats.ts), cases never submitted
 * having none.
 */
export function statsReport(
  ctx: ServiceContext,
  input: { from: string; to: string; clerkId?: number },
): StatsReport {
  const filter: StatsFilter = {
    fromDay: toCaseDay(input.from),
    toDay: toCaseDay(input.to),
    clerkId: input.clerkId ?? null,
  };
  const perClerkDay = countCasesByClerkAndDay(ctx.db, filter).map((row) => ({
    ...row,
    day: fromCaseDay(row.day),
  }));
  const times = sumCounterTime(ctx.db, filter);
  const clerks = new Map<number, { clerkName: string; count: number }>();
  for (const row of perClerkDay) {
    const clerk = clerks.get(row.clerkId) ?? { clerkName: row.clerkName, count: 0 };
    clerk.count += row.count;
    clerks.set(row.clerkId, clerk);
  }
  const perClerk = [...clerks.entries()]
    .map(([clerkId, clerk]) => {
      const time = times.find((item) => item.clerkId === clerkId);
      return {
        clerkId,
        clerkName: clerk.clerkName,
        count: clerk.count,
        submitted: time?.submitted ?? 0,
        averageCounterSeconds: time ? Math.round(time.totalSeconds / time.submitted) : null,
      };
    })
    .sort((a, b) => b.count - a.count || a.clerkName.localeCompare(b.clerkName, 'zh-CN'));
  const byState = countCasesByState(ctx.db, filter);
  const words = refusalWords(ctx);
  const submitted = times.reduce((sum, item) => sum + item.submitted, 0);
  const totalSeconds = times.reduce((sum, item) => sum + item.totalSeconds, 0);
  return {
    from: input.from,
    to: input.to,
    clerkId: filter.clerkId,
    days: everyDay(input.from, daysBetween(input.from, input.to)),
    total: perClerkDay.reduce((sum, row) => sum + row.count, 0),
    perClerkDay,
    perClerk,
    byType: countCasesByType(ctx.db, filter).map((row) => ({
      key: caseTypeKeyToString(row),
      label: row.title,
      count: row.count,
    })),
    // In the order a case moves through, not by count, so two reports read alike.
    byOutcome: caseStates.flatMap((state) => {
      const count = byState.find((row) => row.state === state)?.count ?? 0;
      return count > 0 ? [{ state, label: caseStateLabels[state], count }] : [];
    }),
    refusals: countRefusals(ctx.db, filter).map((row) => ({
      code: row.code,
      label:
        words.find((word) => word.code === row.code)?.platformMessage ?? (row.message || row.code),
      count: row.count,
    })),
    counterTime: {
      submitted,
      averageSeconds: submitted > 0 ? Math.round(totalSeconds / submitted) : null,
    },
    satisfaction: applicantSatisfaction(ctx, input),
  };
}
