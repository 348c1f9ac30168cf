import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebShell } from '../../src-main/shell/web/server';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let shell: WebShell;
let browser: Browser;

const supervisor = { username: 'zhuren', displayName: '王主任', password: 'Counter#2026' };
const clerk = {
  username: 'guiyuan1',
  displayName: '李柜员',
  initial: 'Start#2026a',
  own: 'MyOwn#Pass9',
};

function newPage(): Promise<Page> {
  return newCounterPage(browser);
}

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('登录名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
}

beforeAll(async () => {
  e2e = await startE2eShell();
  ({ shell, browser } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

describe('counter desk in Chromium', () => {
  it('first run creates the supervisor and shows the home screen', async () => {
    const page = await newPage();
    await page.goto(shell.url);
    await expect.poll(() => page.getByRole('heading', { name: '首次设置' }).isVisible()).toBe(true);
    await page.getByLabel('登录名').fill(supervisor.username);
    await page.getByLabel('姓名').fill(supervisor.displayName);
    await page.getByLabel('密码', { exact: true }).fill(supervisor.password);
    await page.getByLabel('确认密码').fill(supervisor.password);
    await shot(page, '01-first-run');
    await page.getByLabel('确认密码').press('Enter');
    await page.getByText('当前用户：王主任（负责人）').waitFor();
    await shot(page, '02-supervisor-home');
    await page.context().close();
  });

  it('the supervisor creates a clerk account', async () => {
    const page = await newPage();
    await page.goto(shell.url);
    await login(page, supervisor.username, supervisor.password);
    await page.getByRole('button', { name: '柜员管理' }).click();
    await page.getByRole('heading', { name: '柜员管理' }).waitFor();
    await page.getByRole('button', { name: '新建柜员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('登录名').fill(clerk.username);
    await dialog.getByLabel('姓名').fill(clerk.displayName);
    await dialog.getByLabel('初始密码').fill(clerk.initial);
    await shot(page, '03-new-clerk');
    await dialog.getByRole('button', { name: '创建柜员' }).click();
    await page.getByRole('cell', { name: clerk.displayName }).waitFor();
    await shot(page, '04-clerk-list');
    await page.context().close();
  });

  it('the clerk logs in, sets an own password and sees the home screen', async () => {
    const page = await newPage();
    await page.goto(shell.url);
    await login(page, clerk.username, clerk.initial);
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('当前密码').fill(clerk.initial);
    await dialog.getByLabel('新密码', { exact: true }).fill(clerk.own);
    await dialog.getByLabel('确认新密码').fill(clerk.own);
    await dialog.getByLabel('确认新密码').press('Enter');
    await page.getByText('当前用户：李柜员（柜员）').waitFor();
    await expect.poll(() => page.getByRole('button', { name: '柜员管理' }).count()).toBe(0);
    await shot(page, '05-clerk-home');
    await page.context().close();
  });

  it('locks an idle screen over the work in progress and unlocks with the password', async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(shell.url);
    await login(page, supervisor.username, supervisor.password);
    await page.getByRole('button', { name: '本柜台设置' }).click();
    const hallName = page.getByLabel('大厅名称');
    await hallName.fill('太原市政务服务大厅（未保存）');
    await page.clock.fastForward('10:30');
    const unlock = page.getByRole('button', { name: '解锁' });
    await unlock.waitFor();
    await shot(page, '06-idle-locked');
    await page.getByLabel('密码', { exact: true }).fill('wrong-pass1');
    await unlock.click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.getByLabel('密码', { exact: true }).fill(supervisor.password);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await unlock.waitFor({ state: 'hidden' });
    await expect.poll(() => hallName.inputValue()).toBe('太原市政务服务大厅（未保存）');
    await shot(page, '07-unlocked-work-kept');
    await page.context().close();
  });

  it('five wrong passwords lock the account with a message that says until when', async () => {
    const page = await newPage();
    await page.goto(shell.url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await login(page, clerk.username, `wrong-pass${attempt}`);
      await page
        .getByText(attempt < 4 ? '用户名或密码错误' : '账号已锁定至')
        .first()
        .waitFor();
    }
    const text = await page.getByText('账号已锁定至').first().innerText();
    expect(text).toMatch(/账号已锁定至 \d{2}:\d{2}/);
    await shot(page, '08-account-locked');
    await page.context().close();
  });
});
