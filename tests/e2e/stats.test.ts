import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, CLERK, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';
import { openSeedConnection, seedCases } from '../helpers/stats-fixtures';

let e2e: E2eShell;
let clerkPassword: string;

/** Today as the counter's local day, YYYY-MM-DD, and a time of it `minutes` after 08:00. */
function today(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
function todayAt(minutes: number): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), 8, minutes).toISOString();
}

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  const profile = await call(e2e.harness.core, staff.supervisor, 'profile:current', {});
  const person = { operation: 'register', subjectType: 'person', delegated: false };
  const db = openSeedConnection(e2e.harness.dataDir);
  try {
    // Three cases today: two submitted after 10 and 20 minutes (average 15), one refused.
    seedCases(db, profile, [
      {
        clerkId: staff.clerkId,
        day: today(),
        type: person,
        state: 'accepted',
        createdAt: todayAt(0),
        attempts: [{ at: todayAt(10), answer: { status: 'accepted' } }],
      },
      {
        clerkId: staff.clerkId,
        day: today(),
        type: person,
        state: 'refused',
        createdAt: todayAt(30),
        attempts: [
          {
            at: todayAt(50),
            answer: {
              status: 'refused',
              code: 'ID_ALREADY_CERTIFIED',
              message: '该身份证号已被认证',
            },
          },
        ],
      },
      {
        clerkId: staff.clerkId,
        day: today(),
        type: person,
        state: 'collecting',
        createdAt: todayAt(60),
      },
    ]);
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await e2e?.close();
});

describe('statistics in Chromium', () => {
  it('the supervisor opens the statistics, sees the charts and figures, and previews the daily report', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await page.goto(e2e.shell.url);
    await page.getByLabel('登录名').fill(SUPERVISOR.username);
    await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.getByText(`当前用户：${SUPERVISOR.displayName}`).waitFor();

    await page.getByRole('button', { name: '统计', exact: true }).click();
    await page.getByRole('heading', { name: '统计', exact: true }).waitFor();
    // ECharts draws on a canvas inside each chart's box.
    await page.locator('[data-testid="stats-chart"] canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('stats-total').textContent()).toBe('3');
    expect(await page.getByTestId('stats-submitted').textContent()).toBe('2');
    expect(await page.getByTestId('stats-average').textContent()).toBe('15分00秒');
    expect(await page.getByTestId('stats-refusals').textContent()).toBe('1');
    await page.getByRole('cell', { name: '该身份证号已被认证' }).waitFor();
    await page.getByRole('cell', { name: '自然人用户注册（本人办理）' }).waitFor();
    await shot(page, 'stats-screen');

    await page.getByRole('button', { name: '预览日报表' }).click();
    await page.getByText(/打印预览：办件日报表/).waitFor();
    await page.locator('[data-testid="preview-page"]').first().waitFor();
    await expect.poll(() => page.getByText('共 1 页').isVisible()).toBe(true);
    await shot(page, 'stats-daily-report');
    await page.context().close();
  });

  it('a clerk who types the address of the statistics is sent to the home screen', async () => {
    const page = await newCounterPage(e2e.browser);
    await page.goto(e2e.shell.url);
    await page.getByLabel('登录名').fill(CLERK.username);
    await page.getByLabel('密码', { exact: true }).fill(clerkPassword);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.getByText(`当前用户：${CLERK.displayName}`).waitFor();
    await page.goto(`${e2e.shell.url}#/stats`);
    await page.getByRole('heading', { name: '首页' }).waitFor();
    expect(await page.getByRole('heading', { name: '统计', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '统计', exact: true }).count()).toBe(0);
    await page.context().close();
  });
});
