import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLERK, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { residentId } from '../helpers/identity-fixtures';

let e2e: E2eShell;
let clerkPassword: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  clerkPassword = (await withSupervisorAndClerk(e2e.harness.core)).clerkPassword;
});

afterAll(async () => {
  await e2e?.close();
});

const fullWidth = (text: string) =>
  [...text].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');

async function openPersonCase(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
  await page.getByRole('button', { name: '新建办件' }).click();
  for (const choice of ['注册', '自然人', '本人办理'])
    await page.getByRole('radio', { name: choice }).check({ force: true });
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.getByLabel('申请人姓名').waitFor();
}

/** The message Element Plus shows under a field, or '' when there is none. */
function fieldMessage(page: Page, label: string) {
  return page
    .locator('.el-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.el-form-item__error, .field-warning')
    .allTextContents()
    .then((texts) => texts.join(' '));
}

describe('typing into the case form in Chromium', () => {
  it('takes what people type, says what is wrong in the right field, and never cuts silently', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await openPersonCase(page);
    const id = residentId('140105', '1998-11-08', '024');
    const idField = page.getByLabel('申请人身份证号码', { exact: true });
    // Full-width digits with spaces, as a Chinese input method types them.
    await idField.fill(
      `${fullWidth(id.slice(0, 6))} ${fullWidth(id.slice(6, 14))} ${id.slice(14)}`,
    );
    await idField.press('Tab');
    await expect.poll(() => idField.inputValue()).toBe(id);
    expect(await fieldMessage(page, '申请人身份证号码')).toBe('');

    const from = page.getByLabel('申请人证件有效期起', { exact: true });
    const to = page.getByLabel('申请人证件有效期止', { exact: true });
    await from.fill('2017/05/01');
    await from.press('Tab');
    await expect.poll(() => from.inputValue()).toBe('2017-05-01');
    await to.fill('20270501');
    await to.press('Tab');
    await expect.poll(() => to.inputValue()).toBe('2027-05-01');
    expect(await fieldMessage(page, '申请人证件有效期起')).toBe('');
    expect(await fieldMessage(page, '申请人证件有效期止')).toBe('');

    // A day that does not exist is named as such, under the field that holds it.
    await from.fill('2015-02-30');
    await from.press('Tab');
    await expect
      .poll(() => fieldMessage(page, '申请人证件有效期起'))
      .toContain('不是实际存在的日期');
    expect(await fieldMessage(page, '申请人证件有效期止')).not.toContain('有效期起');

    // End before start: said once, under 有效期止.
    await from.fill('2026-11-01');
    await from.press('Tab');
    await to.fill('2026-10-01');
    await to.press('Tab');
    await expect.poll(() => fieldMessage(page, '申请人证件有效期止')).toMatch(/须晚于|已过期/);
    expect(await fieldMessage(page, '申请人证件有效期起')).toBe('');

    // A pasted name longer than the field: cut, and said so.
    const name = page.getByLabel('申请人姓名', { exact: true });
    await name.fill('欧'.repeat(35));
    await expect.poll(() => name.inputValue()).toBe('欧'.repeat(30));
    await expect.poll(() => fieldMessage(page, '申请人姓名')).toContain('已截去');
    await shot(page, '40-form-input-normalised');
    await page.context().close();
  });
});
