import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebShell } from '../../src-main/shell/web/server';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let shell: WebShell;
let browser: Browser;

const supervisor = { username: 'zhuren', displayName: '王主任', password: 'Counter#2026' };

beforeAll(async () => {
  e2e = await startE2eShell();
  ({ shell, browser } = e2e);
});
afterAll(async () => {
  await e2e?.close();
});

/** Every CSP violation the page reports, and Chromium's console lines about one. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    // Style violations only: Playwright's own string evaluations trip script-src (eval).
    const text = message.text();
    if (text.includes('Content Security Policy') && text.includes('style-src')) {
      violations.push(text);
    }
  });
  // A string: the tests are type-checked without the DOM's types.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    console.error('Content Security Policy violation: ' + event.violatedDirective + ' ' + event.sample);
  });`);
  return violations;
}

describe('hardening in Chromium', () => {
  it('runs every screen under a CSP without inline styles, and keeps the session over a reload', async () => {
    const page = await newCounterPage(browser);
    const violations = await watchCsp(page);
    await page.goto(shell.url);
    await page.getByRole('heading', { name: '首次设置' }).waitFor();
    await page.getByLabel('登录名').fill(supervisor.username);
    await page.getByLabel('姓名').fill(supervisor.displayName);
    await page.getByLabel('密码', { exact: true }).fill(supervisor.password);
    await page.getByLabel('确认密码').fill(supervisor.password);
    await page.getByLabel('确认密码').press('Enter');
    await page.getByText('当前用户：王主任（负责人）').waitFor();

    // The page's secret lives in sessionStorage: a reload keeps the session.
    const secret: unknown = await page.evaluate(`sessionStorage.getItem('counter-session-secret')`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.reload();
    await page.getByText('当前用户：王主任（负责人）').waitFor();

    // A new tab (no secret yet) with the same cookie is not signed in.
    const other = await page.context().newPage();
    await other.goto(shell.url);
    await other.getByLabel('登录名').waitFor();
    await other.close();

    for (const route of ['clerks', 'settings', 'audit', 'stats', 'export', 'retention', 'sync']) {
      await page.evaluate(`location.hash = '#/${route}'`);
      await page.locator('h1, h2').first().waitFor();
      await page.waitForTimeout(300);
      await shot(page, `hardening-${route}`);
    }
    // Popups Element Plus positions: a dialog, a select's dropdown, a date picker.
    await page.evaluate(`location.hash = '#/clerks'`);
    await page.getByRole('button', { name: '新建柜员' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.evaluate(`location.hash = '#/audit'`);
    await page.getByRole('combobox', { name: '操作', exact: true }).click();
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByPlaceholder('开始日期').click();
    await page.locator('.el-picker-panel').first().waitFor();
    await shot(page, 'hardening-csp');
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
