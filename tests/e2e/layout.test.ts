import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCaseState } from '../../src-main/store/repositories/cases';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import { caseTypeKeyByNames } from '../helpers/case-fixtures';
import {
  call,
  CLERK,
  signInClerk,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

let e2e: E2eShell;

beforeAll(async () => {
  e2e = await startE2eShell();
});

afterAll(async () => {
  await e2e?.close();
});

/** The faces Chromium really drew an element's text with (what a person sees). */
async function facesOf(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const doc = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((font) => font.familyName).sort();
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
}

async function login(page: Page, username: string, password: string, name: string) {
  await signInOnPage(page, e2e.shell.url, {
    username,
    password,
    shownAs: name,
  });
}

describe('layout at 1366x768 in Chromium', () => {
  it('首次设置: the heading and what is typed use one face for Chinese and digits', async () => {
    const page = await newCounterPage(e2e.browser, 768);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(e2e.shell.url);
    await page.getByText('首次设置').waitFor();
    const name = page.getByLabel('姓名', { exact: true });
    await name.fill('王主任2026');
    const inInput = await facesOf(page, 'input[aria-label="姓名"]');
    const heading = await facesOf(page, '.auth-title');
    expect(inInput).toHaveLength(1);
    expect(heading).toEqual(inInput);
    await page.context().close();
  });

  it('wrapped labels, the archive reason and the form buttons keep their own room', async () => {
    const staff = await withSupervisorAndClerk(e2e.harness.core);
    const clerk = await signInClerk(e2e.harness.core, staff.clerkPassword);
    const profile = await call(e2e.harness.core, clerk, 'profile:current', {});
    const db = openSeedConnection(e2e.harness.dataDir);
    let refused: string;
    try {
      const [seeded] = seedArchivedCases(db, {
        profile,
        clerk: { id: staff.clerkId, name: CLERK.displayName },
        count: 1,
      });
      if (!seeded) throw new Error('not seeded');
      setCaseState(db, seeded.id, 'refused', new Date().toISOString());
      refused = seeded.caseNumber;
    } finally {
      db.close();
    }
    // The supervisor's own draft: a case is changed only by the one it is assigned to.
    const draft = await call(
      e2e.harness.core,
      staff.supervisor,
      'case:create',
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
    );

    const page = await newCounterPage(e2e.browser, 768);
    await page.setViewportSize({ width: 1366, height: 768 });
    await login(page, SUPERVISOR.username, SUPERVISOR.password, SUPERVISOR.displayName);

    // 归档与保存期限: every label ends above the next row.
    await page.goto(`${e2e.shell.url}#/retention`);
    await page.getByText('个人信息保存期限（归档后天数）').waitFor();
    const rows = page.locator('.el-form-item');
    for (let index = 0; index + 1 < (await rows.count()); index += 1) {
      const label = await rows.nth(index).locator('.el-form-item__label').boundingBox();
      const next = await rows.nth(index + 1).boundingBox();
      if (label && next) expect(label.y + label.height).toBeLessThanOrEqual(next.y + 1);
    }
    await shot(page, '90-retention-labels');

    // 本柜台设置: groups with their own save, side by side at 1366 px, not one long column.
    await page.goto(`${e2e.shell.url}#/settings`);
    const sections = page.locator('.settings-section');
    // Three groups of the counter's own settings, then 柜台专用模式 and 软件更新.
    await expect.poll(() => sections.count(), { timeout: 10_000 }).toBe(5);
    for (const label of [
      '保存大厅设置',
      '保存设备设置',
      '保存平台设置',
      '保存柜台专用模式',
      '保存更新地址',
    ])
      expect(await page.getByRole('button', { name: label }).count()).toBe(1);
    const tops = await Promise.all(
      [0, 1, 2].map(async (index) => (await sections.nth(index).boundingBox())?.y ?? 0),
    );
    expect(new Set(tops.map(Math.round)).size).toBeLessThan(3);
    // Saving one group says so and keeps the others as typed.
    await page.getByLabel('咨询电话').fill('0351-7654321');
    await page.getByRole('button', { name: '保存大厅设置' }).click();
    await page.getByText('设置已保存').waitFor();
    await shot(page, '92-settings-grouped');

    // A refused case: the reason box above the 归档 button, not under it.
    await page.goto(`${e2e.shell.url}#/cases/${refused}`);
    await page.getByLabel('归档理由').waitFor();
    const reasonBox = await box(page, '.reason');
    const archiveButton = await box(page, '[data-testid="archive-button"]');
    expect(reasonBox.y + reasonBox.height).toBeLessThanOrEqual(archiveButton.y);
    await shot(page, '91-archive-reason');

    // The draft's form: 暂存 / 下一步 stand clear of the panel below.
    await page.goto(`${e2e.shell.url}#/cases/${draft.caseNumber}`);
    // A draft opens masked; 继续填写 shows its form.
    await page.getByRole('button', { name: '继续填写' }).click();
    const save = page.getByRole('button', { name: /暂存/ });
    await save.waitFor();
    const buttons = await box(page, '.case-form .button-row');
    const below = await page.evaluate(`(() => {
      const row = document.querySelector('.case-form .button-row').getBoundingClientRect();
      const panels = [...document.querySelectorAll('.panel')]
        .map((panel) => panel.getBoundingClientRect().top)
        .filter((top) => top >= row.bottom - 1);
      return panels.length ? Math.min(...panels) : null;
    })()`);
    if (typeof below === 'number')
      expect(below - (buttons.y + buttons.height)).toBeGreaterThanOrEqual(12);
    await page.context().close();
  });
});
