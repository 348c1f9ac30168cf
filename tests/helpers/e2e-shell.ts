import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CoreOptions } from '../../src-main/api/open-core';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import { launchChromium } from './chromium';
import type { CoreHarness } from './core-harness';
import { openTestCore } from './core-harness';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'e2e');

/** A core behind the real browser shell, and Debian's Chromium to drive it. */
export interface E2eShell {
  harness: CoreHarness;
  shell: WebShell;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the browser shell on a free port over a fresh data folder, on the real clock (the
 * browser's time is driven by Playwright's clock where a test needs it). `extra` passes core
 * options, e.g. the sync desk.
 */
export async function startE2eShell(extra: Partial<CoreOptions> = {}): Promise<E2eShell> {
  mkdirSync(SHOTS, { recursive: true });
  const harness = openTestCore(undefined, extra);
  harness.clock.set(new Date());
  const shell = await startWebShell({
    core: harness.core,
    rendererDir: join(ROOT, 'out', 'renderer'),
    port: 0,
  });
  const browser = await launchChromium();
  return {
    harness,
    shell,
    browser,
    async close() {
      await browser.close();
      await shell.close();
      harness.dispose();
    },
  };
}

/** A fresh browser context as a counter PC has it: Chinese locale, a laptop-sized screen. */
export async function newCounterPage(browser: Browser, height = 800): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height } });
  return context.newPage();
}

/**
 * Keeps a screenshot as a test artefact in test-results/e2e/: the full page, or with
 * `fullPage: false` what the window shows (to see what lies below the fold).
 */
export async function shot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Signs in on the login page as a person does (name, password, Enter) and waits for the
 * header to name them: `shownAs` is what follows 当前用户：, e.g. 李柜员（柜员）.
 */
export async function signInOnPage(
  page: Page,
  url: string,
  account: { username: string; password: string; shownAs: string },
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('登录名').fill(account.username);
  await page.getByLabel('密码', { exact: true }).fill(account.password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByText(`当前用户：${account.shownAs}`).waitFor();
}
