import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
import {
  call,
  CLERK,
  signInClerk,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import type { PdfQueue } from '../helpers/cups';
import { addPdfQueue, ensureCupsd } from '../helpers/cups';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let queue: PdfQueue;
let caseNumber: string;
let unprintedCaseNumber: string;
let clerkPassword: string;

beforeAll(async () => {
  await ensureCupsd();
  queue = addPdfQueue(`CounterE2e${process.pid}`);
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, staff.supervisor, 'settings:update', {
    hallPhone: '0351-1234567',
  });
  // The case was typed in already: this test is about what the counter prints.
  const clerk = await signInClerk(e2e.harness.core, clerkPassword);
  const profile = await call(e2e.harness.core, clerk, 'profile:current', {});
  const opened = await call(
    e2e.harness.core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '企业法人', delegated: true }),
  );
  await call(e2e.harness.core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened),
  });
  await call(e2e.harness.core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  caseNumber = opened.caseNumber;
  const second = await call(
    e2e.harness.core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '企业法人', delegated: true }),
  );
  await call(e2e.harness.core, clerk, 'case:saveValues', {
    caseNumber: second.caseNumber,
    values: validValuesFor(second, 2),
  });
  await call(e2e.harness.core, clerk, 'case:startCollecting', { caseNumber: second.caseNumber });
  unprintedCaseNumber = second.caseNumber;
});

afterAll(async () => {
  await e2e?.close();
  queue?.remove();
});

async function login(page: Page, username: string, password: string, name: string) {
  await signInOnPage(page, e2e.shell.url, {
    username,
    password,
    shownAs: name,
  });
}

/** The first page pdf.js has finished drawing in the preview dialog. */
const DRAWN_PAGE = '[data-testid="preview-page"][data-drawn="true"]';

describe('printing in Chromium', () => {
  it('loads the preview while the clerk is on the case, before 预览 is pressed', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, CLERK.username, clerkPassword, CLERK.displayName);
    const workerRequested = page.waitForRequest(/pdf\.worker/);
    await page.goto(`${e2e.shell.url}#/cases/${unprintedCaseNumber}`);
    await page.locator('[data-testid="print-document"][data-kind="letter-legal"]').waitFor();
    // Nobody has touched 预览: the worker script was fetched for the page alone.
    await workerRequested;
    await page.context().close();
  });

  it('with no printer chosen, 打印 in the preview shows the refusal there and keeps the attempt', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, CLERK.username, clerkPassword, CLERK.displayName);
    await page.goto(`${e2e.shell.url}#/cases/${unprintedCaseNumber}`);
    const letter = page.locator('[data-testid="print-document"][data-kind="letter-legal"]');
    await letter.getByRole('button', { name: '预览' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator(DRAWN_PAGE).first().waitFor();
    await dialog.getByRole('button', { name: '打印', exact: true }).click();
    await dialog.getByText('尚未选择打印机').waitFor();
    await expect.poll(() => dialog.textContent()).toContain('本柜台设置');
    await shot(page, '32-print-refused-in-dialog');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await expect.poll(() => letter.textContent()).toContain('最近一次未打印成功');
    await expect.poll(() => letter.textContent()).toContain('尚未选择打印机');
    await expect.poll(() => letter.getByRole('button', { name: '重新打印' }).count()).toBe(1);
    await expect.poll(() => page.getByText('打印未成功').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('the supervisor chooses the counter printer from the system list', async () => {
    const page = await newCounterPage(e2e.browser);
    await login(page, SUPERVISOR.username, SUPERVISOR.password, SUPERVISOR.displayName);
    await page.goto(`${e2e.shell.url}#/settings`);
    await page.getByRole('combobox', { name: '打印机' }).click();
    await page.getByRole('option', { name: queue.name }).click();
    await page.getByRole('button', { name: '保存设备设置' }).click();
    await page.getByText('设置已保存').waitFor();
    await page.context().close();
  });

  it('the clerk previews the letter page by page, prints it, and the checklist asks for the signed copy', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await login(page, CLERK.username, clerkPassword, CLERK.displayName);
    await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
    const letter = page.locator('[data-testid="print-document"][data-kind="letter-legal"]');
    await letter.waitFor();
    await expect.poll(() => letter.textContent()).toContain('尚未打印');

    await letter.getByRole('button', { name: '预览' }).click();
    await page.getByText('打印预览：法人授权委托书（附录2）').waitFor();
    // The dialog marks a page once pdf.js has drawn it; Playwright waits for that mark (a
    // one-second poll was shorter than a cold pdf.js load on a busy machine).
    await page.locator(DRAWN_PAGE).first().waitFor();
    expect(await page.getByTestId('preview-page').count()).toBe(1);
    // pdf.js has drawn the page: the canvas is A4-shaped and not blank.
    // Runs in the page (the node-side tsconfig has no DOM types, hence the source string).
    const measure = async () => {
      const measured: unknown = await page.evaluate(`(() => {
        const canvas = document.querySelector('[data-testid="preview-page"]');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let dark = 0;
        for (let index = 0; index < pixels.length; index += 4) if (pixels[index] < 128) dark += 1;
        return { ratio: canvas.height / canvas.width, dark };
      })()`);
      return measured as { ratio: number; dark: number };
    };
    // pdf.js has drawn the page: the canvas is A4-shaped and carries ink.
    await expect.poll(async () => (await measure()).dark).toBeGreaterThan(1000);
    expect((await measure()).ratio).toBeCloseTo(297 / 210, 1);
    await shot(page, '30-print-preview');

    const before = queue.outputs().length;
    await page.getByRole('dialog').getByRole('button', { name: '打印', exact: true }).click();
    await page.getByText('已发送到打印机').waitFor();
    await queue.waitForOutput(before + 1);
    await expect.poll(() => letter.textContent()).toContain('已打印 1 份');
    await expect.poll(() => letter.textContent()).toContain('待收回签字件');
    await expect.poll(() => letter.getByRole('button', { name: '补打' }).count()).toBe(1);

    const material = page.locator('[data-testid="material"][data-code="letter-legal"]');
    await expect.poll(() => material.textContent()).toContain('签字件未收回');
    await material.getByText('签字原件已存档').click();
    await expect.poll(() => letter.textContent()).toContain('签字件已收回');
    await shot(page, '31-printed-signed-returned');
    await page.context().close();
  });
});
