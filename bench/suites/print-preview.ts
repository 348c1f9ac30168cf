import type { Page } from 'playwright-core';
import { caseTypeKeyByNames, validValuesFor } from '../../tests/helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../../tests/helpers/core-harness';
import { newCounterPage, startE2eShell } from '../../tests/helpers/e2e-shell';

const RUNS = 3;

/** The page pdf.js has drawn into carries ink (not only the white of a fresh canvas). */
const FIRST_PAGE_DRAWN = '[data-testid="preview-page"][data-drawn="true"]';

async function openCaseAsClerk(page: Page, url: string, password: string, caseNumber: string) {
  await page.goto(url);
  await page.getByLabel('登录名').fill(CLERK.username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByText(`当前用户：${CLERK.displayName}`).waitFor();
  await page.goto(`${url}#/cases/${caseNumber}`);
  await page.locator('[data-testid="print-document"][data-kind="letter-legal"]').waitFor();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * The first print preview a clerk opens: a fresh core and a fresh browser context each run
 * (nothing cached), the clerk on the case page for as long as typing a form takes at least
 * (two seconds), then from the click on 预览 to the first page drawn in Chromium.
 */
export async function measurePreviewFirstMs(): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const e2e = await startE2eShell();
    try {
      const staff = await withSupervisorAndClerk(e2e.harness.core);
      const clerk = await signInClerk(e2e.harness.core, staff.clerkPassword);
      const profile = await call(e2e.harness.core, clerk, 'profile:current', {});
      const opened = await call(
        e2e.harness.core,
        clerk,
        'case:create',
        caseTypeKeyByNames(profile, {
          operation: '注册',
          subjectType: '企业法人',
          delegated: true,
        }),
      );
      await call(e2e.harness.core, clerk, 'case:saveValues', {
        caseNumber: opened.caseNumber,
        values: validValuesFor(opened),
      });
      await call(e2e.harness.core, clerk, 'case:startCollecting', {
        caseNumber: opened.caseNumber,
      });
      const page = await newCounterPage(e2e.browser, 900);
      await openCaseAsClerk(page, e2e.shell.url, staff.clerkPassword, opened.caseNumber);
      // The clerk reads and fills in the case before printing; a real wait, not a clock.
      await page.waitForTimeout(2000);
      const letter = page.locator('[data-testid="print-document"][data-kind="letter-legal"]');
      const started = performance.now();
      await letter.getByRole('button', { name: '预览' }).click();
      await page.locator(FIRST_PAGE_DRAWN).first().waitFor({ timeout: 60_000 });
      times.push(performance.now() - started);
      await page.context().close();
    } finally {
      await e2e.close();
    }
  }
  return Math.round(median(times));
}
