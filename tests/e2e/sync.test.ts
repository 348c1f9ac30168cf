import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { SyncDesk } from '../../src-main/services/sync/sync';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import {
  call,
  CLERK,
  signInClerk,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { ENROLMENT_CODE } from '../helpers/sync-harness';
import { CentralSimulator } from '../simulators/central/central-simulator';

let e2e: E2eShell;
let central: CentralSimulator;
let clerkPassword: string;
let clerk: CallerSession;

/** Waits for the UI, which polls the core every few seconds, to catch up. */
const SLOW = { timeout: 20_000, interval: 250 };

beforeAll(async () => {
  e2e = await startE2eShell({ syncDesk: new SyncDesk() });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  clerk = await signInClerk(e2e.harness.core, clerkPassword);
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

/** A person's registration typed in and its materials recorded: ready for 提交办件. */
async function readyCase(seed: number): Promise<{ caseNumber: string; username: string }> {
  const core = e2e.harness.core;
  const profile = await call(core, clerk, 'profile:current', {});
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
  );
  const values = validValuesFor(opened, seed);
  await call(core, clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
  await call(core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  await recordAllMaterials(core, clerk, opened);
  return { caseNumber: opened.caseNumber, username: values['account.username'] ?? '' };
}

async function login(page: Page, username: string, password: string, name: string) {
  await signInOnPage(page, e2e.shell.url, {
    username,
    password,
    shownAs: name,
  });
}

function loginAsClerk(page: Page): Promise<void> {
  return login(page, CLERK.username, clerkPassword, CLERK.displayName);
}

async function submitInUi(page: Page, caseNumber: string): Promise<void> {
  await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
  await page.getByRole('button', { name: '提交办件' }).click();
  await page.getByText(`办件 ${caseNumber} 已提交`).waitFor();
}

describe('sync with the central platform in Chromium', () => {
  it('the supervisor sets the platform address and registers the counter with the enrolment code', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, SUPERVISOR.username, SUPERVISOR.password, SUPERVISOR.displayName);
    const indicator = page.getByTestId('sync-indicator');
    await expect.poll(() => indicator.textContent(), SLOW).toContain('未连接平台');

    await page.goto(`${e2e.shell.url}#/settings`);
    await page.getByLabel('中心平台地址').fill(central.url);
    await page.getByRole('button', { name: '保存平台设置' }).click();
    await page.getByText('设置已保存').waitFor();

    await indicator.click();
    await page.getByRole('heading', { name: '中心平台同步' }).waitFor();
    const status = page.getByTestId('sync-status');
    await expect.poll(() => status.textContent(), SLOW).toContain('柜台未登记');
    await page.getByLabel('平台登记码').fill('WRONG-CODE');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('平台拒绝登记：登记码无效。请核对').waitFor();
    await shot(page, '58-sync-register-refused');

    await page.getByLabel('平台登记码').fill(ENROLMENT_CODE);
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => status.textContent(), SLOW).toContain('在线');
    await expect.poll(() => page.getByLabel('平台登记码').count()).toBe(0);
    await shot(page, '59-sync-registered');
    await page.context().close();
  });

  it('a case submitted while the platform is down waits with its error, and is accepted after retry now', async () => {
    const { caseNumber } = await readyCase(1);
    // The line drops: the platform stops answering on its address.
    await central.stop();

    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page);
    await submitInUi(page, caseNumber);
    const state = page.getByTestId('case-state');
    await expect.poll(() => state.textContent()).toContain('已提交');
    const outbox = page.getByTestId('case-outbox');
    await expect.poll(() => outbox.textContent(), SLOW).toContain('待发送');
    await expect.poll(() => outbox.textContent(), SLOW).toContain('无法连接');
    const indicator = page.getByTestId('sync-indicator');
    await expect.poll(() => indicator.textContent(), SLOW).toContain('离线');
    await expect.poll(() => indicator.textContent(), SLOW).toContain('待发送 1');
    await shot(page, '60-sync-case-waiting-offline');

    await indicator.click();
    await page.getByRole('heading', { name: '中心平台同步' }).waitFor();
    const row = page.getByTestId('sync-queue').locator('tr', { hasText: caseNumber });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('待发送');
    await expect.poll(() => row.textContent()).toContain('无法连接');
    await shot(page, '61-sync-queue-offline');

    // The platform is back on the same address; the clerk does not wait for the backoff.
    await central.start();
    await row.getByRole('button', { name: '立即重试' }).click();
    await expect
      .poll(() => page.getByTestId('sync-queue').textContent(), SLOW)
      .toContain('没有等待发送的办件');
    await expect.poll(() => indicator.textContent(), SLOW).toContain('在线');
    await shot(page, '62-sync-queue-drained');

    await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
    await expect.poll(() => state.textContent(), SLOW).toContain('已受理');
    await expect
      .poll(() => page.getByTestId('platform-message').textContent())
      .toContain('平台已受理');
    await shot(page, '63-sync-case-accepted');
    expect(central.submissionsOf(caseNumber)).toEqual([
      { attempt: 1, status: 'accepted', code: null },
    ]);
    await page.context().close();
  });

  it('a refused case shows the platform message and next step, waits under 被退回, and goes through after the fix', async () => {
    const { caseNumber, username } = await readyCase(2);
    // Someone registered that login name on the platform meanwhile.
    central.seedAccount('login', username);

    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page);
    await submitInUi(page, caseNumber);
    const state = page.getByTestId('case-state');
    await expect.poll(() => state.textContent(), SLOW).toContain('被退回');
    await expect
      .poll(() => page.getByTestId('platform-message').textContent())
      .toContain('登录账号已注册');
    await expect
      .poll(() => page.getByTestId('platform-next-step').textContent())
      .toContain('重新设置一个账号');
    // The refusal shows next to the buttons, and no green 已提交 stays over a refused case.
    await expect.poll(() => page.getByText(`办件 ${caseNumber} 已提交`).count()).toBe(0);
    expect(
      await page
        .getByTestId('platform-answer')
        .locator('xpath=following-sibling::div[contains(@class, "button-row")]')
        .count(),
    ).toBe(1);
    await shot(page, '64-sync-case-refused');

    // The refused-cases work queue lists it; the clerk opens it from there.
    await page.goto(`${e2e.shell.url}#/cases`);
    await page.getByRole('tab', { name: '被退回' }).click();
    await page.getByRole('table').getByText(caseNumber).click();
    await expect.poll(() => state.textContent()).toContain('被退回');

    await page.getByRole('button', { name: '退回后重新修改' }).click();
    await expect.poll(() => state.textContent(), SLOW).not.toContain('被退回');
    await page.getByRole('button', { name: '修改信息' }).click();
    await page.getByLabel('平台登录名', { exact: true }).fill(`${username}x`);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '提交办件' }).click();
    await expect.poll(() => state.textContent(), SLOW).toContain('已受理');
    await shot(page, '65-sync-resubmitted-accepted');
    expect(central.submissionsOf(caseNumber).map((item) => item.status)).toEqual([
      'refused',
      'accepted',
    ]);
    await page.context().close();
  });

  it('a counter offline past the limits warns first, then refuses new cases until the line is back', async () => {
    const core = e2e.harness.core;
    const { caseNumber } = await readyCase(3);
    await central.stop();
    await call(core, clerk, 'case:submit', { caseNumber });
    await expect
      .poll(async () => (await call(core, clerk, 'sync:status', {})).state, SLOW)
      .toBe('offline');
    const offlineAt = e2e.harness.clock.now().getTime();
    const hour = 3_600_000;

    // Past the warning limit (4 hours by default): a warning, new work still allowed.
    e2e.harness.clock.set(new Date(offlineAt + 5 * hour));
    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page);
    const indicator = page.getByTestId('sync-indicator');
    await expect.poll(() => indicator.textContent(), SLOW).toContain('离线过久');
    await indicator.click();
    const status = page.getByTestId('sync-status');
    await expect.poll(() => status.textContent(), SLOW).toContain('本柜台已离线 5 小时');
    await expect.poll(() => status.textContent()).toContain('将暂停新建办件');
    await shot(page, '66-sync-offline-warning');

    // Past the freeze limit (7 days): new cases are refused, with what to do.
    e2e.harness.clock.set(new Date(offlineAt + 8 * 24 * hour));
    await page.context().close();
    const frozen = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(frozen);
    const frozenIndicator = frozen.getByTestId('sync-indicator');
    await expect.poll(() => frozenIndicator.textContent(), SLOW).toContain('已暂停新建');
    await frozen.getByRole('button', { name: '新建办件' }).click();
    for (const choice of ['注册', '自然人', '本人办理']) {
      await frozen.getByRole('radio', { name: choice }).check({ force: true });
    }
    await frozen.getByRole('button', { name: '开始填写' }).click();
    await frozen.getByText('暂停新建办件').first().waitFor();
    await shot(frozen, '67-sync-offline-frozen');

    // The line is back: the waiting case goes, the notice and the freeze end.
    await central.start();
    await frozenIndicator.click();
    await frozen.getByRole('button', { name: '立即重试全部' }).click();
    await expect.poll(() => frozenIndicator.textContent(), SLOW).toContain('在线');
    expect(await frozenIndicator.textContent()).not.toContain('已暂停新建');
    expect(central.submissionsOf(caseNumber)).toEqual([
      { attempt: 1, status: 'accepted', code: null },
    ]);
    await frozen.context().close();
  });
});
