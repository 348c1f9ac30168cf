import { call, withSupervisorAndClerk } from '../../tests/helpers/core-harness';
import { companyDelegatedActions, loginClerk } from '../../tests/helpers/clerk-actions';
import { newCounterPage, startE2eShell } from '../../tests/helpers/e2e-shell';
import type { Figure } from '../results';

/**
 * What the clerk does for one case, counted through the real UI in Chromium:
 * clerk_actions_company_delegated, every click and key press (Tab and Enter included, a
 * Chinese character typed as one) of a delegated company registration from 新建办件 to
 * submitted. Goal <= 70.
 */
export async function runClerkSuite(): Promise<Figure[]> {
  const e2e = await startE2eShell();
  try {
    const staff = await withSupervisorAndClerk(e2e.harness.core);
    await call(e2e.harness.core, staff.supervisor, 'settings:update', {
      cakeyMode: 'training',
      idcardReader: 'training',
    });
    const page = await newCounterPage(e2e.browser, 768);
    await loginClerk(page, e2e.shell.url, staff.clerkPassword);
    await page.getByText('培训 UKey（模拟）已就绪').waitFor();
    const actions = await companyDelegatedActions(page, 'xiaoke_01');
    await page.context().close();
    return [{ name: 'clerk_actions_company_delegated', value: actions.total, unit: 'actions' }];
  } finally {
    await e2e.close();
  }
}
