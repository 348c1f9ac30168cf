import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signInOnPage } from './e2e-shell';

/** The two screens of a counter with an applicant screen, each in its own browser context. */
export interface CounterScreens {
  clerkContext: BrowserContext;
  applicantContext: BrowserContext;
  /** The clerk's window at 1366x768, signed in. */
  clerkPage: Page;
  /** The applicant's screen at 1280x800, not yet opened on anything. */
  applicantPage: Page;
}

/**
 * Opens the clerk's window and the applicant's screen on the browser shell at `url` and signs
 * the clerk in. Two contexts, two cookie jars: the applicant's browser never holds the clerk's
 * session.
 */
export async function openCounterScreens(
  browser: Browser,
  url: string,
  clerk: { username: string; password: string; shownAs: string },
): Promise<CounterScreens> {
  const clerkContext = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
  });
  const applicantContext = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
  });
  const clerkPage = await clerkContext.newPage();
  const applicantPage = await applicantContext.newPage();
  await signInOnPage(clerkPage, url, clerk);
  return { clerkContext, applicantContext, clerkPage, applicantPage };
}
