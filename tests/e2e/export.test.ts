import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import { call, CLERK, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';

const CASES = 30;

let e2e: E2eShell;
let outDir: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  const profile = await call(e2e.harness.core, staff.supervisor, 'profile:current', {});
  const now = new Date();
  const db = openSeedConnection(e2e.harness.dataDir);
  // Archived today from one minute past midnight: inside the screen's default period.
  seedArchivedCases(db, {
    profile,
    clerk: { id: staff.clerkId, name: CLERK.displayName },
    count: CASES,
    first: new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 1),
  });
  db.close();
  outDir = mkdtempSync(join(tmpdir(), 'counter-e2e-export-'));
});

afterAll(async () => {
  await e2e?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('export in Chromium', () => {
  it('the supervisor exports this month’s archived checklists, watches the progress and verifies the file', async () => {
    const page = await newCounterPage(e2e.browser, 1000);
    await page.goto(e2e.shell.url);
    await page.getByLabel('登录名').fill(SUPERVISOR.username);
    await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.getByText(`当前用户：${SUPERVISOR.displayName}`).waitFor();

    await page.getByRole('button', { name: '导出核验清单' }).click();
    await page.getByRole('heading', { name: '导出办件核验清单' }).waitFor();
    await expect
      .poll(() => page.getByTestId('export-count').textContent())
      .toContain(`符合条件的办件：${CASES} 件`);

    // Full data needs a reason before the export can start.
    await page.getByText('导出完整信息', { exact: true }).click();
    await page.getByLabel('保存到文件夹').fill(outDir);
    expect(await page.getByRole('button', { name: '开始导出' }).isDisabled()).toBe(true);
    await page.getByText('脱敏导出（推荐）').click();

    await page.getByRole('button', { name: '开始导出' }).click();
    // Exactly the alert: the folder hint says 导出完成前 and would match at once.
    await page.getByText('导出完成', { exact: true }).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('export-progress').textContent())
      .toContain(`已导出 ${CASES} / ${CASES} 件`);
    const path = (await page.getByTestId('export-path').textContent())?.trim() ?? '';
    expect(path.startsWith(outDir)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(outDir).filter((name) => name.endsWith('.part'))).toEqual([]);

    // The help speaks to the supervisor: no developer command on screen.
    const help = (await page.locator('[aria-labelledby="export-verify"]').textContent()) ?? '';
    expect(help).toContain('文件清单');
    expect(help).not.toMatch(/npm|manifest\.json|SHA-256/);
    await page.getByRole('button', { name: '校验此文件' }).click();
    const verification = page.getByTestId('export-verification');
    await verification.waitFor();
    // The checklists, the index and the manifest itself.
    expect(await verification.textContent()).toContain(`校验通过：${CASES + 2} 个文件与清单一致`);
    expect(await verification.textContent()).toContain('本柜台审计日志中有这次导出的记录');
    await shot(page, 'export-verified');
    await page.context().close();
  }, 120_000);
});
