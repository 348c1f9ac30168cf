import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCaseState } from '../../src-main/store/repositories/cases';
import type { SeededCase } from '../helpers/archived-cases';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;
let clerkPassword: string;
let archived: SeededCase;
let accepted: SeededCase;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  const clerk = await signInClerk(e2e.harness.core, clerkPassword);
  const profile = await call(e2e.harness.core, clerk, 'profile:current', {});
  const db = openSeedConnection(e2e.harness.dataDir);
  try {
    const seeded = seedArchivedCases(db, {
      profile,
      clerk: { id: staff.clerkId, name: CLERK.displayName },
      count: 2,
    });
    [archived, accepted] = seeded as [SeededCase, SeededCase];
    // Accepted by the platform, waiting for the evening's archive batch.
    setCaseState(db, accepted.id, 'accepted', new Date().toISOString());
  } finally {
    db.close();
  }
});

afterAll(async () => {
  await e2e?.close();
});

async function openQueues(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
  await page.goto(`${e2e.shell.url}#/cases`);
  await page.getByRole('tab', { name: '我的草稿' }).waitFor();
}

describe('work queues and search in Chromium', () => {
  it('已归档 lists only archived cases; accepted ones wait under their own queue', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await openQueues(page);
    const list = page.getByTestId('case-list');
    await page.getByRole('tab', { name: '已归档', exact: true }).click();
    await expect.poll(() => list.textContent()).toContain(archived.caseNumber);
    expect(await list.textContent()).not.toContain(accepted.caseNumber);
    await page.getByRole('tab', { name: '已受理待归档' }).click();
    await expect.poll(() => list.textContent()).toContain(accepted.caseNumber);
    expect(await list.textContent()).not.toContain(archived.caseNumber);
    await page.context().close();
  });

  it('a search highlights no queue, and speaks of a limit only when it was reached', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await openQueues(page);
    const search = page.getByLabel('查找办件');
    await search.fill(archived.caseNumber);
    await search.press('Enter');
    const note = page.locator('.search-note');
    await expect.poll(() => note.textContent()).toContain('1 件');
    expect(await note.textContent()).not.toContain('50');
    expect(await page.locator('[role="tab"][aria-selected="true"]').count()).toBe(0);
    await shot(page, '85-search-no-queue-highlighted');
    // Back to a queue: the search is left, the tab is highlighted again.
    await page.getByRole('tab', { name: '我的草稿' }).click();
    await expect.poll(() => note.count()).toBe(0);
    await expect
      .poll(() => page.locator('[role="tab"][aria-selected="true"]').textContent())
      .toBe('我的草稿');
    await page.context().close();
  });
});
