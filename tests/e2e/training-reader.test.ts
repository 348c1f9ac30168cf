import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, CLERK, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let clerkPassword: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, staff.supervisor, 'settings:update', { idcardReader: 'training' });
});

afterAll(async () => {
  await e2e?.close();
});

async function loginAsClerk(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
}

describe('the training reader in Chromium', () => {
  it('is 就绪 from the start, and offers a delegator, an agent, an expired card and a J permit', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page);
    // No form has used the reader yet.
    const reader = page.locator('.device', { hasText: '身份证读卡器' });
    await expect.poll(() => reader.textContent()).toContain('就绪');

    await page.getByRole('button', { name: '新建办件' }).click();
    for (const choice of ['注册', '自然人', '委托代办'])
      await page.getByRole('radio', { name: choice }).check({ force: true });
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.getByText(/的身份证放在读卡器感应区/).waitFor();

    // The first person waits by itself: a Hong Kong resident's residence permit.
    await page.locator('.el-dropdown').first().locator('.el-dropdown__caret-button').click();
    await page.getByRole('menuitem', { name: /陈大文（港澳台居民居住证）/ }).click();
    const names = page.getByRole('textbox', { name: /姓名$/ });
    await expect.poll(() => names.first().inputValue()).toBe('陈大文');
    const ids = page.getByRole('textbox', { name: /身份证号码$/ });
    expect(await ids.first().inputValue()).toMatch(/^810000/);

    // The agent: 李四, on the second person's 读取身份证.
    const caret = () => page.locator('.el-dropdown').first().locator('.el-dropdown__caret-button');
    await page.getByRole('button', { name: '读取身份证' }).nth(1).click();
    await caret().click();
    await page.getByRole('menuitem', { name: /受托人 李四（居民身份证）/ }).click();
    await expect.poll(() => names.nth(1).inputValue()).toBe('李四');

    // A card that has run out: the form says so.
    await page.getByRole('button', { name: '读取身份证' }).first().click();
    await caret().click();
    await page.getByRole('menuitem', { name: /王五（已过期的居民身份证）/ }).click();
    await expect.poll(() => names.first().inputValue()).toBe('王五');
    await page.getByText(/已过期，请申请人持有效证件/).waitFor();
    await shot(page, '87-training-reader-samples');
    await page.context().close();
  });
});
