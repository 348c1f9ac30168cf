import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { Printer } from '../../src-main/domain/ports/printer';
import { migrate } from '../../src-main/store/migrations';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import { pdfPageCount, pdfText } from '../helpers/pdf-tools';
import type { SeedCase } from '../helpers/stats-fixtures';
import { openSeedConnection, seedCases } from '../helpers/stats-fixtures';

const person = { operation: 'register', subjectType: 'person', delegated: false };
const company = { operation: 'register', subjectType: 'enterprise', delegated: false };
const companyChange = { operation: 'modify', subjectType: 'enterprise', delegated: false };

const USCC_TAKEN = { code: 'USCC_ALREADY_CERTIFIED', message: '该统一社会信用代码已被认证' };
const MOBILE_TAKEN = {
  code: 'MOBILE_TAKEN_IN_COMPANY',
  message: '同一企业/组织下的账号绑定的手机号不可重复',
};
const ID_TAKEN = { code: 'ID_ALREADY_CERTIFIED', message: '该身份证号已被认证' };

/** Beijing time of a day, as stored (UTC ISO). */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();

let harness: CoreHarness;
let supervisor: CallerSession;
let clerkPassword: string;
let li: number;
let zhao: number;
const printed: { printer: string; title: string; pdf: Uint8Array }[] = [];

const recordingPrinter: Printer = {
  list: () =>
    Promise.resolve([{ name: '柜台打印机', state: 'ready', isDefault: true, detail: '' }]),
  print: (printer, pdf, title) => {
    printed.push({ printer, title, pdf });
    return Promise.resolve(`job-${printed.length}`);
  },
};

/**
 * Two clerks over two days, every outcome, refusals (one case refused twice), and a case the
 * day before the period that must not count. The times at the counter, opening to first
 * submission: 李 600, 900, 300 s; 赵 1200, 1800, 1200 s.
 */
function dataset(): SeedCase[] {
  const d1 = '2026-11-24';
  const d2 = '2026-11-25';
  return [
    {
      clerkId: li,
      day: '2026-11-23',
      type: person,
      state: 'accepted',
      createdAt: at('2026-11-23', '09:00'),
      attempts: [{ at: at('2026-11-23', '09:01'), answer: { status: 'accepted' } }],
    },
    {
      clerkId: li,
      day: d1,
      type: person,
      state: 'accepted',
      createdAt: at(d1, '09:00'),
      attempts: [{ at: at(d1, '09:10'), answer: { status: 'accepted' } }],
    },
    {
      clerkId: li,
      day: d1,
      type: company,
      state: 'refused',
      createdAt: at(d1, '09:20'),
      attempts: [{ at: at(d1, '09:35'), answer: { status: 'refused', ...USCC_TAKEN } }],
    },
    { clerkId: li, day: d1, type: person, state: 'collecting', createdAt: at(d1, '10:00') },
    {
      clerkId: zhao,
      day: d1,
      type: person,
      state: 'manual-review',
      createdAt: at(d1, '09:05'),
      attempts: [{ at: at(d1, '09:25'), answer: { status: 'manual-review' } }],
    },
    { clerkId: zhao, day: d1, type: companyChange, state: 'cancelled', createdAt: at(d1, '11:00') },
    {
      clerkId: zhao,
      day: d1,
      type: company,
      state: 'accepted',
      createdAt: at(d1, '13:00'),
      attempts: [
        { at: at(d1, '13:30'), answer: { status: 'refused', ...MOBILE_TAKEN } },
        { at: at(d1, '14:00'), answer: { status: 'accepted' } },
      ],
    },
    {
      clerkId: li,
      day: d2,
      type: person,
      state: 'accepted',
      createdAt: at(d2, '09:00'),
      attempts: [{ at: at(d2, '09:05'), answer: { status: 'accepted' } }],
    },
    {
      clerkId: zhao,
      day: d2,
      type: person,
      state: 'refused',
      createdAt: at(d2, '10:00'),
      attempts: [
        { at: at(d2, '10:20'), answer: { status: 'refused', ...ID_TAKEN } },
        { at: at(d2, '10:40'), answer: { status: 'refused', ...ID_TAKEN } },
      ],
    },
  ];
}

beforeAll(async () => {
  harness = openTestCore(undefined, { printer: recordingPrinter });
  harness.clock.set(new Date('2026-11-26T17:30:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  clerkPassword = staff.clerkPassword;
  li = staff.clerkId;
  zhao = (
    await call(harness.core, supervisor, 'clerks:create', {
      username: 'guiyuan2',
      displayName: '赵柜员',
      role: 'clerk',
      initialPassword: 'Start#2026b',
    })
  ).id;
  await call(harness.core, supervisor, 'settings:update', { hallName: '太原市政务服务中心' });
  const profile = await call(harness.core, supervisor, 'profile:current', {});
  const db = openSeedConnection(harness.dataDir);
  try {
    seedCases(db, profile, dataset());
  } finally {
    db.close();
  }
});

afterAll(() => harness.dispose());

describe('statistics of a period', () => {
  it('counts the cases per clerk per day, leaving out days outside the period', async () => {
    const report = await call(harness.core, supervisor, 'stats:report', {
      from: '2026-11-24',
      to: '2026-11-25',
    });
    expect(report.total).toBe(8);
    expect(report.days).toEqual(['2026-11-24', '2026-11-25']);
    expect(report.perClerkDay).toEqual([
      { day: '2026-11-24', clerkId: li, clerkName: '李柜员', count: 3 },
      { day: '2026-11-24', clerkId: zhao, clerkName: '赵柜员', count: 3 },
      { day: '2026-11-25', clerkId: li, clerkName: '李柜员', count: 1 },
      { day: '2026-11-25', clerkId: zhao, clerkName: '赵柜员', count: 1 },
    ]);
  });

  it('counts by case type with the profile names, by outcome and by refusal reason', async () => {
    const report = await call(harness.core, supervisor, 'stats:report', {
      from: '2026-11-24',
      to: '2026-11-25',
    });
    expect(report.byType).toEqual([
      { key: 'register/person/self', label: '自然人用户注册（本人办理）', count: 5 },
      { key: 'register/enterprise/self', label: '企业法人用户注册（本人办理）', count: 2 },
      { key: 'modify/enterprise/self', label: '企业法人信息修改（本人办理）', count: 1 },
    ]);
    expect(report.byOutcome).toEqual([
      { state: 'collecting', label: '收件中', count: 1 },
      { state: 'accepted', label: '已受理', count: 3 },
      { state: 'refused', label: '被退回', count: 2 },
      { state: 'manual-review', label: '人工核验中', count: 1 },
      { state: 'cancelled', label: '已撤销', count: 1 },
    ]);
    // A case refused twice counts twice; a refusal later fixed and accepted still counts.
    expect(report.refusals).toEqual([
      { code: 'ID_ALREADY_CERTIFIED', label: '该身份证号已被认证', count: 2 },
      { code: 'MOBILE_TAKEN_IN_COMPANY', label: MOBILE_TAKEN.message, count: 1 },
      { code: 'USCC_ALREADY_CERTIFIED', label: '该统一社会信用代码已被认证', count: 1 },
    ]);
  });

  it('averages the time from opening a case to its first submission, per clerk and overall', async () => {
    const report = await call(harness.core, supervisor, 'stats:report', {
      from: '2026-11-24',
      to: '2026-11-25',
    });
    expect(report.counterTime).toEqual({ submitted: 6, averageSeconds: 1000 });
    expect(report.perClerk).toEqual([
      { clerkId: li, clerkName: '李柜员', count: 4, submitted: 3, averageCounterSeconds: 600 },
      { clerkId: zhao, clerkName: '赵柜员', count: 4, submitted: 3, averageCounterSeconds: 1400 },
    ]);
  });

  it("narrows every figure to one clerk's cases", async () => {
    const report = await call(harness.core, supervisor, 'stats:report', {
      from: '2026-11-24',
      to: '2026-11-25',
      clerkId: zhao,
    });
    expect(report.total).toBe(4);
    expect(report.perClerk.map((clerk) => clerk.clerkName)).toEqual(['赵柜员']);
    expect(report.byOutcome.map((row) => [row.state, row.count])).toEqual([
      ['accepted', 1],
      ['refused', 1],
      ['manual-review', 1],
      ['cancelled', 1],
    ]);
    expect(report.refusals.map((row) => [row.code, row.count])).toEqual([
      ['ID_ALREADY_CERTIFIED', 2],
      ['MOBILE_TAKEN_IN_COMPANY', 1],
    ]);
    expect(report.counterTime).toEqual({ submitted: 3, averageSeconds: 1400 });
  });

  it('shows an empty period as zeros, not an error', async () => {
    const report = await call(harness.core, supervisor, 'stats:report', {
      from: '2026-10-01',
      to: '2026-10-07',
    });
    expect(report.total).toBe(0);
    expect(report.days).toHaveLength(7);
    expect(report.byOutcome).toEqual([]);
    expect(report.counterTime).toEqual({ submitted: 0, averageSeconds: null });
  });

  it('refuses a period that ends before it starts or spans more than a year, saying why', async () => {
    const backwards = await callFails(harness.core, supervisor, 'stats:report', {
      from: '2026-11-25',
      to: '2026-11-24',
    });
    expect(backwards.code).toBe('BAD_REQUEST');
    expect(backwards.fields?.to).toBe('结束日期不能早于开始日期');
    const tooLong = await callFails(harness.core, supervisor, 'stats:report', {
      from: '2025-01-01',
      to: '2026-11-24',
    });
    expect(tooLong.fields?.to).toMatch(/最长一年/);
  });
});

describe('who may see the statistics', () => {
  it('keeps the statistics and the daily report from a clerk', async () => {
    const clerk = await signInClerk(harness.core, clerkPassword);
    for (const [channel, request] of [
      ['stats:report', { from: '2026-11-24', to: '2026-11-24' }],
      ['stats:dailyReport', { day: '2026-11-24' }],
      ['stats:printDailyReport', { day: '2026-11-24' }],
    ] as const) {
      expect((await callFails(harness.core, clerk, channel, request)).code).toBe('FORBIDDEN');
    }
  });
});

describe('the printed daily report', () => {
  const squeeze = (text: string) => text.replace(/\s+/g, '');

  it("prints one day's figures on one page", async () => {
    const preview = await call(harness.core, supervisor, 'stats:dailyReport', {
      day: '2026-11-24',
    });
    expect(preview.title).toBe('办件日报表（2026年11月24日）');
    const pdf = Buffer.from(preview.pdfBase64, 'base64');
    expect(pdfPageCount(pdf)).toBe(1);
    const text = squeeze(pdfText(pdf));
    for (const expected of [
      '太原市政务服务中心窗口办件日报表',
      '统计日期：2026年11月24日',
      '当日新建办件：6件',
      '已提交平台：4件',
      // (600 + 900 + 1200 + 1800) / 4 = 1125 s
      '平均办理时长：18分45秒',
      '李柜员3212分30秒',
      '赵柜员3225分00秒',
      '自然人用户注册（本人办理）3',
      '企业法人用户注册（本人办理）2',
      '企业法人信息修改（本人办理）1',
      '收件中1',
      '已受理2',
      '被退回1',
      '人工核验中1',
      '已撤销1',
      '同一企业/组织下的账号绑定的手机号不可重复1',
      '该统一社会信用代码已被认证1',
    ]) {
      expect(text).toContain(expected);
    }
    // The next day's refusals are not on this day's report.
    expect(text).not.toContain('该身份证号已被认证');
  });

  it('says "无" for a day without refusals rather than leaving the table blank', async () => {
    const preview = await call(harness.core, supervisor, 'stats:dailyReport', {
      day: '2026-10-01',
    });
    const text = squeeze(pdfText(Buffer.from(preview.pdfBase64, 'base64')));
    expect(text).toContain('当日新建办件：0件');
    expect(text).toContain('平台退回原因次数无—');
  });

  it("asks for a printer first, then prints on the counter's printer and audits it", async () => {
    const refused = await callFails(harness.core, supervisor, 'stats:printDailyReport', {
      day: '2026-11-24',
    });
    expect(refused.code).toBe('PRINTER_NOT_CONFIGURED');
    await call(harness.core, supervisor, 'settings:update', { printerName: '柜台打印机' });
    const result = await call(harness.core, supervisor, 'stats:printDailyReport', {
      day: '2026-11-24',
    });
    expect(result.printer).toBe('柜台打印机');
    expect(printed).toHaveLength(1);
    expect(squeeze(pdfText(printed[0]?.pdf ?? new Uint8Array()))).toContain('当日新建办件：6件');
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(audit.map((entry) => entry.action)).toContain('stats.daily-report-printed');
  });
});

describe('migration 0008', () => {
  it("answers a period's counts per clerk, state and type from the index alone", () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT c.day, c.clerk_id, c.state, c.operation, c.subject_type,
           c.delegated, COUNT(*) FROM cases c
         WHERE c.day BETWEEN ? AND ? AND (? IS NULL OR c.clerk_id = ?)
         GROUP BY c.day, c.clerk_id, c.state, c.operation, c.subject_type, c.delegated`,
      )
      .all('20261101', '20261130', null, null) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING COVERING INDEX cases_day_stats/);
  });
});
