import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, withSupervisorAndClerk } from '../helpers/core-harness';
import { companyDelegatedActions, loginClerk } from '../helpers/clerk-actions';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let clerkPassword: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, staff.supervisor, 'settings:update', {
    cakeyMode: 'training',
    idcardReader: 'training',
  });
});

afterAll(async () => {
  await e2e?.close();
});

describe('what a delegated company registration costs the clerk', () => {
  it('takes at most 70 clicks and key presses from 新建办件 to submitted', async () => {
    const page = await newCounterPage(e2e.browser, 768);
    await loginClerk(page, e2e.shell.url, clerkPassword);
    await page.getByText('培训 UKey（模拟）已就绪').waitFor();
    const actions = await companyDelegatedActions(page, 'xiaoke_01');
    await shot(page, '45-company-delegated-submitted');
    console.log(
      `clerk_actions_company_delegated: ${actions.total} (${actions.clicks} clicks, ${actions.keys} keys)`,
    );
    expect(actions.total).toBeLessThanOrEqual(70);
    await page.context().close();
  });
});
