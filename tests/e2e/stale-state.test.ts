import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { SyncDesk } from '../../src-main/services/sync/sync';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
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
let supervisor: CallerSession;

/** The UI polls the core every few seconds; the outbox sends on its own timers. */
const SLOW = { timeout: 30_000, interval: 250 };

beforeAll(async () => {
  e2e = await startE2eShell({ syncDesk: new SyncDesk() });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  supervisor = staff.supervisor;
  clerk = await signInClerk(e2e.harness.core, clerkPassword);
  await call(e2e.harness.core, supervisor, 'settings:update', { platformUrl: central.url });
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

async function login(page: Page, username: string, password: string, name: string) {
  await signInOnPage(page, e2e.shell.url, {
    username,
    password,
    shownAs: name,
  });
}

/**
 * A person's own registration submitted under the supervisor's exception while its signed
 * form is still out (the applicant brings it later).
 */
async function submittedWithoutSignedForm(seed: number): Promise<string> {
  const core = e2e.harness.core;
  const profile = await call(core, clerk, 'profile:current', {});
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
  );
  await call(core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened, seed),
  });
  await call(core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  for (const item of opened.materials) {
    await call(core, clerk, 'case:recordMaterial', {
      caseNumber: opened.caseNumber,
      code: item.code,
      originalSeen: item.needsOriginal,
      copyArchived: item.needsCopy,
      attested: item.attestation !== 'none',
      signedOriginalArchived: false,
    });
  }
  await call(core, clerk, 'case:approveException', {
    caseNumber: opened.caseNumber,
    supervisorUsername: SUPERVISOR.username,
    supervisorPassword: SUPERVISOR.password,
    reason: '申请人次日送回签字件',
  });
  await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
  return opened.caseNumber;
}

describe('what the screen says is what is true now', () => {
  it('a red toast of a failed registration goes once registration succeeds; home shows the real line', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, SUPERVISOR.username, SUPERVISOR.password, SUPERVISOR.displayName);
    const platformRow = page.locator('.device', { hasText: '中心平台' });
    await expect.poll(() => platformRow.textContent(), SLOW).toContain('柜台未登记');

    await page.getByTestId('sync-indicator').click();
    await page.getByRole('heading', { name: '中心平台同步' }).waitFor();
    await page.getByLabel('平台登记码').fill('WRONG-CODE');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const refusal = page.locator('.el-message--error', { hasText: '平台拒绝登记' });
    await refusal.waitFor();
    await page.getByLabel('平台登记码').fill(ENROLMENT_CODE);
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.getByLabel('平台登记码').count(), SLOW).toBe(0);
    // Gone at once, not six seconds later.
    await expect.poll(() => refusal.count()).toBe(0);
    await shot(page, '80-registered-no-stale-toast');

    await page.goto(`${e2e.shell.url}#/`);
    await expect.poll(() => platformRow.textContent(), SLOW).not.toContain('未登记');
    expect(await platformRow.textContent()).not.toContain('未配置');
    await page.context().close();
  });

  it('a platform that answers HTTP 500 is not shown as 在线', async () => {
    const first = await submittedWithoutSignedForm(11);
    // A first case goes through: the line has worked.
    await expect
      .poll(
        async () =>
          (await call(e2e.harness.core, clerk, 'case:get', { caseNumber: first, reveal: false }))
            .state,
        SLOW,
      )
      .toBe('accepted');
    const stuck = await submittedWithoutSignedForm(12);
    central.faults.stuckCases.push(stuck);
    try {
      const page = await newCounterPage(e2e.browser, 900);
      await login(page, CLERK.username, clerkPassword, CLERK.displayName);
      const indicator = page.getByTestId('sync-indicator');
      await expect.poll(() => indicator.textContent(), SLOW).toContain('发送出错');
      expect(await indicator.textContent()).not.toContain('在线');
      const platformRow = page.locator('.device', { hasText: '中心平台' });
      await expect.poll(() => platformRow.textContent(), SLOW).toContain('故障');
      await shot(page, '81-platform-answers-500');
      await page.context().close();
    } finally {
      central.faults.stuckCases.length = 0;
    }
    await call(e2e.harness.core, clerk, 'sync:retryNow', {});
  });

  it('after 登记签字原件已存档 the print panel says the signed copy is back, without a reload', async () => {
    const caseNumber = await submittedWithoutSignedForm(13);
    await expect
      .poll(
        async () =>
          (await call(e2e.harness.core, clerk, 'case:get', { caseNumber, reveal: false })).state,
        SLOW,
      )
      .toBe('accepted');
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, CLERK.username, clerkPassword, CLERK.displayName);
    await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
    const printPanel = page.getByTestId('print-panel');
    await expect.poll(() => printPanel.textContent(), SLOW).toContain('待收回签字件');
    await page.getByRole('button', { name: '登记签字原件已存档' }).click();
    await page.getByRole('button', { name: '已收到并存档' }).click();
    await page.getByText('已登记签字原件已存档。').waitFor();
    await expect.poll(() => printPanel.textContent()).toContain('签字件已收回');
    expect(await printPanel.textContent()).not.toContain('待收回签字件');
    await page.context().close();
  });
});
