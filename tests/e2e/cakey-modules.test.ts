import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';

/** The supervisor picks the CA key driver from the detected ones; there is no path to type. */

let e2e: E2eShell;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  await call(e2e.harness.core, staff.supervisor, 'settings:update', { cakeyMode: 'usb' });
});

afterAll(async () => {
  await e2e?.close();
});

describe('CA key driver in the settings', () => {
  it('offers the detected drivers to choose from and saves the choice', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await page.goto(e2e.shell.url);
    await page.getByLabel('登录名').fill(SUPERVISOR.username);
    await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await page.getByRole('button', { name: '本柜台设置' }).click();
    const picker = page.getByTestId('cakey-module-picker');
    await picker.waitFor();
    expect(await picker.locator('textarea, input[type="text"]:not([readonly])').count()).toBe(0);
    // The first row is 飞天诚信 (the vendor of the default table).
    const feitian = picker.locator('.module-row').filter({ hasText: '飞天诚信' });
    await feitian.locator('.el-select').click();
    const softhsm = page.getByRole('option', { name: /SoftHSM2.*libsofthsm2\.so/ });
    await softhsm.click();
    await shot(page, '70-cakey-module-picker');
    await page.getByRole('button', { name: '保存设备设置' }).click();
    await expect
      .poll(async () => {
        const session = e2e.harness.core.newSession();
        await call(e2e.harness.core, session, 'auth:login', {
          username: SUPERVISOR.username,
          password: SUPERVISOR.password,
        });
        return (await call(e2e.harness.core, session, 'settings:get', {})).cakeyModules.feitian;
      })
      .toMatch(/libsofthsm2\.so$/);
  });
});
