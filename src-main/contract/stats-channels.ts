import { z } from 'zod';
import { caseStates } from '../domain/case-state';
import { channel, supervisorOnly } from './define';

/** The longest period one statistics request may cover (a year and a leap day). */
export const STATS_MAX_DAYS = 366;

const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), '日期不存在');

/** The whole days from one date to another, both included (UTC arithmetic on plain dates). */
export function daysBetween(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

const periodSchema = z
  .object({
    from: daySchema,
    to: daySchema,
    /** Only this clerk's cases; absent for the whole counter. */
    clerkId: z.number().int().positive().optional(),
  })
  .superRefine((period, issues) => {
    const days = daysBetween(period.from, period.to);
    if (days < 1) {
      issues.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    } else if (days > STATS_MAX_DAYS) {
      issues.addIssue({
        code: 'custom',
        path: ['to'],
        message: '统计范围最长一年，请缩短日期范围',
      });
    }
  });

export const statsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  clerkId: z.number().int().nullable(),
  /** Every day of the period (YYYY-MM-DD), the x axis of the daily chart. */
  days: z.array(z.string()),
  /** Cases opened in the period. */
  total: z.number().int(),
  perClerkDay: z.array(
    z.object({
      day: z.string(),
      clerkId: z.number().int(),
      clerkName: z.string(),
      count: z.number().int(),
    }),
  ),
  perClerk: z.array(
    z.object({
      clerkId: z.number().int(),
      clerkName: z.string(),
      count: z.number().int(),
      submitted: z.number().int(),
      averageCounterSeconds: z.number().nullable(),
    }),
  ),
  byType: z.array(
    z.object({
      /** `operation/subjectType/delegated|self`, stable across label changes. */
      key: z.string(),
      label: z.string(),
      count: z.number().int(),
    }),
  ),
  byOutcome: z.array(
    z.object({ state: z.enum(caseStates), label: z.string(), count: z.number().int() }),
  ),
  refusals: z.array(
    z.object({
      code: z.string(),
      /** The platform's words (DOMAIN.md), as the clerk saw them on the case. */
      label: z.string(),
      count: z.number().int(),
    }),
  ),
  counterTime: z.object({
    /** Cases submitted to the platform: the ones with a time at the counter. */
    submitted: z.number().int(),
    averageSeconds: z.number().nullable(),
  }),
  /** The applicants' evaluations (好差评) per clerk and day (the day they rated). */
  satisfaction: z.array(
    z.object({
      day: z.string(),
      clerkId: z.number().int(),
      clerkName: z.string(),
      rated: z.number().int(),
      /** 非常满意, 满意 and 基本满意 count as 好评. */
      good: z.number().int(),
      /** Average on the 5-point scale (5 = 非常满意). */
      average: z.number(),
    }),
  ),
});
/** The statistics of a period, as the supervisor's screen and the daily report show them. */
export type StatsReport = z.infer<typeof statsReportSchema>;

const dailyReportRequest = z.object({ day: daySchema });

/**
 * The supervisor's statistics. Supervisor only, like the audit log: a
 * clerk's own day is on the home screen, and the comparison between clerks is the
 * supervisor's to see (DOMAIN.md, People).
 */
export const statsChannels = {
  'stats:report': channel({
    summary: '办件统计：按柜员、日期、事项、结果、平台退回原因和平均办理时长',
    request: periodSchema,
    response: statsReportSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'stats:dailyReport': channel({
    summary: '日报表预览：某一天的统计，一页 PDF',
    request: dailyReportRequest,
    response: z.object({ title: z.string(), pdfBase64: z.string() }),
    access: supervisorOnly,
    errors: ['TEMPLATE_INVALID'],
  }),
  'stats:printDailyReport': channel({
    summary: '在本柜台打印机上打印日报表（记入审计日志）',
    request: dailyReportRequest,
    response: z.object({ printer: z.string() }),
    access: supervisorOnly,
    errors: [
      'TEMPLATE_INVALID',
      'PRINTER_NOT_CONFIGURED',
      'PRINTER_NOT_FOUND',
      'PRINTER_STOPPED',
      'PRINT_FAILED',
    ],
  }),
} as const;
