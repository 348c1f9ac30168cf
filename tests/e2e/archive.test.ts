import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, SUPERVISOR, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { CentralSimulator } from '../simulators/central/central-simulator';

let e2e: E2eShell;
let central: CentralSimulator;
let clerk: CallerSession;
let caseNumber: string;

/** A person's own registration, recorded and submitted by the clerk, accepted by the platform. */
async function acceptedCase(): Promise<string> {
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
    values: validValuesFor(opened, 7),
  });
  await recordAllMaterials(core, clerk, opened);
  await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
  // The outbox worker sends on its own timers; wait for the platform's answer to land.
  for (let round = 0; round < 150; round += 1) {
    const detail = await call(core, clerk, 'case:get', {
      caseNumber: opened.caseNumber,
      reveal: false,
    });
    if (detail.state === 'accepted') return opened.caseNumber;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the platform did not accept ${opened.caseNumber}`);
}

beforeAll(async () => {
  e2e = await startE2eShell();
  central = new CentralSimulator();
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  await call(e2e.harness.core, staff.supervisor, 'settings:update', { platformUrl: central.url });
  await call(e2e.harness.core, staff.supervisor, 'sync:registerCounter', {
    enrolmentCode: 'TRAINING-0000',
  });
  clerk = await signInClerk(e2e.harness.core, staff.clerkPassword);
  caseNumber = await acceptedCase();
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

async function loginAsSupervisor(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: SUPERVISOR.username,
    password: SUPERVISOR.password,
    shownAs: `${SUPERVISOR.displayName}（负责人）`,
  });
}

describe('archive and audit viewer in Chromium', () => {
  it('the supervisor archives an accepted case, which then only shows, and finds it in the audit log by case number', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await loginAsSupervisor(page);
    await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
    await page.getByTestId('archive-button').click();
    await page.getByText('已归档：').waitFor();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toContain('已归档');
    // The forms still preview; nothing prints again from an archived case.
    await expect.poll(() => page.getByRole('button', { name: '预览' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^(打印|补打)$/ }).count()).toBe(0);
    await shot(page, '70-case-archived');

    await page.goto(`${e2e.shell.url}#/`);
    await page.getByRole('button', { name: '审计日志校验' }).click();
    await expect
      .poll(() => page.getByTestId('audit-verification').textContent())
      .toContain('哈希链完整');
    await page.getByTestId('audit-case').fill(caseNumber);
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('办件归档');
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    for (let index = 0; index < (await rows.count()); index += 1) {
      expect(await rows.nth(index).textContent()).toContain(caseNumber);
    }
    // Details in words: no field names or material codes of the program.
    const table = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(table).toContain('原件已核验：');
    for (const code of ['originalSeen', 'copyArchived', 'items：', 'fields：'])
      expect(table).not.toContain(code);
    expect(table).not.toMatch(/[a-z]+-[a-z]+(-[a-z]+)*/);
    await shot(page, '71-audit-filtered-by-case');

    await page.goto(`${e2e.shell.url}#/`);
    await page.getByRole('button', { name: '归档与保存期限' }).click();
    await page.getByTestId('purge-preview').click();
    await expect
      .poll(() => page.getByTestId('purge-preview-result').textContent())
      .toContain('附件：0 件办件');
    await shot(page, '72-retention-screen');
    await page.context().close();
  });
});
