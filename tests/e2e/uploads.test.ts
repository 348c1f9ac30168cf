import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let clerkPassword: string;
let caseNumber: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  clerkPassword = (await withSupervisorAndClerk(e2e.harness.core)).clerkPassword;
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
});

afterAll(async () => {
  await e2e?.close();
});

async function openCase(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
  await page.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
  await page.locator('[data-testid="material"]').first().waitFor();
}

const NOT_A_SCAN = { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') };

describe('upload refusals in Chromium', () => {
  it('one sentence per refusal, true to the material, gone after the next success', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await openCase(page);
    // The letter takes DOC/XLS too; a copy of an ID card does not.
    const letter = page.locator('[data-testid="material"][data-code="letter-legal"]');
    await letter.locator('input[type="file"]').setInputFiles(NOT_A_SCAN);
    const letterError = letter.locator('.upload-error');
    await letterError.waitFor();
    const letterText = (await letterError.textContent())?.trim() ?? '';
    expect(letterText).toContain('“说明.txt”');
    expect(letterText).toContain('DOC');
    expect(letterText).not.toContain('请上传 JPG、PNG 或 PDF');
    // One sentence: one full stop, at the end.
    expect(letterText.match(/。/g)).toHaveLength(1);
    expect(letterText.endsWith('。')).toBe(true);

    const copy = page
      .locator('[data-testid="material"]')
      .filter({ hasText: '身份证复印件' })
      .first();
    await copy.locator('input[type="file"]').setInputFiles(NOT_A_SCAN);
    const copyError = copy.locator('.upload-error');
    await copyError.waitFor();
    const copyText = (await copyError.textContent())?.trim() ?? '';
    expect(copyText).not.toContain('DOC');
    expect(copyText.match(/。/g)).toHaveLength(1);
    await shot(page, '86-upload-refused');

    // The clerk goes on with something that works: the refusals are done with.
    await copy.getByText('复印件已存档').click();
    await expect.poll(() => copyError.count()).toBe(0);
    await expect.poll(() => letterError.count()).toBe(0);
    await page.context().close();
  });
});
