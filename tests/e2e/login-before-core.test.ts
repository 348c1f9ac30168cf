import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/api/core-types';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import { launchChromium } from '../helpers/chromium';
import type { CoreHarness } from '../helpers/core-harness';
import { call, openTestCore, SUPERVISOR } from '../helpers/core-harness';
import { newCounterPage, shot } from '../helpers/e2e-shell';

const ROOT = join(import.meta.dirname, '..', '..');

/** The browser shell over `harness`, its core handed over only when the test says so. */
async function shellWithHeldCore(
  harness: CoreHarness,
): Promise<{ shell: WebShell; release: () => void }> {
  let release = (): void => undefined;
  const core = new Promise<Core>((resolve) => (release = () => resolve(harness.core)));
  const shell = await startWebShell({
    core,
    // As the shell's starter says it for a data folder that held a store before it started.
    loginBeforeCore: true,
    rendererDir: join(ROOT, 'out', 'renderer'),
    port: 0,
  });
  return { shell, release };
}

let browser: Browser;
let harness: CoreHarness | undefined;
let shell: WebShell | undefined;

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test-results', 'e2e'), { recursive: true });
  browser = await launchChromium();
});

afterEach(async () => {
  await shell?.close();
  harness?.dispose();
  shell = undefined;
  harness = undefined;
});

afterAll(async () => {
  await browser.close();
});

const about = (page: Page) => page.locator('.auth-about');

/** A counter with its supervisor, its shell's core ready: the login page open on it. */
async function loginPageOfSetUpCounter(): Promise<Page> {
  harness = openTestCore();
  await call(harness.core, harness.core.newSession(), 'setup:createSupervisor', SUPERVISOR);
  const held = await shellWithHeldCore(harness);
  shell = held.shell;
  held.release();
  const page = await newCounterPage(browser, 768);
  await page.goto(shell.url);
  return page;
}

const signedInLine = (page: Page) =>
  page.getByText(`当前用户：${SUPERVISOR.displayName}（负责人）`);

/** Signs the supervisor in through the form, with Enter, and waits for the header. */
async function signInAsSupervisor(page: Page): Promise<void> {
  await page.getByLabel('登录名').fill(SUPERVISOR.username);
  await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await signedInLine(page).waitFor();
}

describe('a counter set up before the shell started', () => {
  it('takes the clerk’s name and password while the core still loads, and signs them in', async () => {
    harness = openTestCore();
    await call(harness.core, harness.core.newSession(), 'setup:createSupervisor', SUPERVISOR);
    const held = await shellWithHeldCore(harness);
    shell = held.shell;
    const page = await newCounterPage(browser, 768);
    await page.goto(shell.url);

    // The form is there and takes typing; the core has not answered anything yet.
    await page.getByLabel('登录名').fill(SUPERVISOR.username);
    await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
    await expect.poll(() => about(page).textContent()).toBe('');
    const fieldBefore = await page.getByLabel('登录名').boundingBox();
    await shot(page, 'login-before-core');

    held.release();
    // The core's answer fills in the version line; nothing typed is lost, nothing moves.
    await expect.poll(() => about(page).textContent()).toContain('浏览器版');
    expect(await page.getByLabel('登录名').inputValue()).toBe(SUPERVISOR.username);
    expect(await page.getByLabel('登录名').boundingBox()).toEqual(fieldBefore);

    await page.getByLabel('密码', { exact: true }).press('Enter');
    await expect
      .poll(() => page.getByText(`当前用户：${SUPERVISOR.displayName}（负责人）`).isVisible())
      .toBe(true);

    // The login used none of Element Plus's components; the screens after it speak its
    // Chinese (a dialog's close button), set when those components first load.
    await page.goto(`${shell.url}#/clerks`);
    await page.getByRole('button', { name: '新建柜员' }).click();
    const dialog = page.getByRole('dialog', { name: '新建柜员' });
    await dialog.getByRole('button', { name: '关闭此对话框' }).waitFor();
  });

  it('says a refused login beside the form and marks the field that is wrong', async () => {
    const page = await loginPageOfSetUpCounter();

    // Nothing typed: the contract's own message under the name, the cursor put there.
    await page.getByRole('button', { name: '登录' }).click();
    const name = page.getByLabel('登录名');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.ariaLabel ?? null`))
      .toBe('登录名');
    const message = page.locator('.el-form-item__error').first();
    expect(await message.textContent()).toContain('请输入登录名');
    await shot(page, 'login-name-missing');
    // Typing clears the message.
    await name.fill(SUPERVISOR.username);
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe(null);

    // A wrong password: the core's refusal in the alert above the form, the password emptied.
    const password = page.getByLabel('密码', { exact: true });
    await password.fill('Wrong#2026x');
    await password.press('Enter');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('用户名或密码错误');
    expect(await password.inputValue()).toBe('');
    await shot(page, 'login-refused');
  });

  it('moves on to the first-run screen if the core says setup never finished', async () => {
    // A store exists (an earlier start made it) but no supervisor was ever created.
    harness = openTestCore();
    const held = await shellWithHeldCore(harness);
    shell = held.shell;
    const page = await newCounterPage(browser, 768);
    await page.goto(shell.url);
    await page.getByLabel('登录名').waitFor();

    held.release();
    await expect.poll(() => page.getByRole('heading', { name: '首次设置' }).isVisible()).toBe(true);
  });

  it('keeps a reloaded, signed-in tab off the login screen until the core has answered', async () => {
    const page = await loginPageOfSetUpCounter();
    await signInAsSupervisor(page);
    const signedIn = signedInLine(page);

    // The tab's start-up calls are held back: it has a session, so it must not guess.
    let answer = (): void => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/**', async (route) => {
      await answered;
      await route.continue();
    });
    await page.reload();
    await page.locator('.startup').waitFor();
    expect(await page.getByLabel('登录名').count()).toBe(0);

    answer();
    await expect.poll(() => signedIn.isVisible()).toBe(true);
    expect(await page.getByLabel('登录名').count()).toBe(0);
  });

  it('says so when the page cannot reach the core, and 重试 goes on once it can', async () => {
    harness = openTestCore();
    await call(harness.core, harness.core.newSession(), 'setup:createSupervisor', SUPERVISOR);
    // A shell that did not mark its page: the page waits for the core's answers.
    shell = await startWebShell({
      core: harness.core,
      rendererDir: join(ROOT, 'out', 'renderer'),
      port: 0,
    });
    const page = await newCounterPage(browser, 768);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto(shell.url);
    await page.getByRole('heading', { name: '无法连接到本机办件服务。' }).waitFor();
    await shot(page, 'startup-core-unreachable');

    await page.unroute('**/api/**');
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByLabel('登录名').waitFor();
  });

  it('sends a clerk whose session ended back to the login, and says why', async () => {
    const page = await loginPageOfSetUpCounter();
    await signInAsSupervisor(page);

    // The session cookie is gone (as when the shell restarted): the next call is refused.
    await page.context().clearCookies();
    await page.evaluate(`location.hash = '#/clerks'`);
    await page.getByRole('alert').filter({ hasText: '尚未登录或登录已过期。' }).waitFor();
    await page.getByLabel('登录名').waitFor();
    await shot(page, 'login-session-ended');
  });
});
