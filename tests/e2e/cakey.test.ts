import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_KEY } from '../../src-main/services/cakey/cakey-desk';
import { call, CLERK, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { creditCode } from '../helpers/identity-fixtures';

let e2e: E2eShell;
let clerkPassword: string;

async function loginAsClerk(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
}

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, staff.supervisor, 'settings:update', { cakeyMode: 'training' });
});

afterAll(async () => {
  await e2e?.close();
});

describe('the company CA key in Chromium (training key on SoftHSM2)', () => {
  it('reads the certificate into a company case, blocks a different code, and proves the key with its PIN', async () => {
    const page = await newCounterPage(e2e.browser, 1000);
    await loginAsClerk(page);
    await page.getByText('培训 UKey（模拟）已就绪').waitFor();

    await page.getByRole('button', { name: '新建办件' }).click();
    for (const choice of ['注册', '企业法人', '本人办理']) {
      await page.getByRole('radio', { name: choice }).check({ force: true });
    }
    await page.getByRole('button', { name: '开始填写' }).click();
    const name = page.getByLabel('单位名称', { exact: true });
    const code = page.getByLabel('单位统一社会信用代码', { exact: true });
    await name.waitFor();

    await page.getByRole('button', { name: '读取CA证书' }).click();
    await expect.poll(() => code.inputValue()).toBe(TRAINING_KEY.creditCode);
    expect(await name.inputValue()).toBe(TRAINING_KEY.companyName);
    expect(await code.getAttribute('readonly')).not.toBeNull();
    await page.getByText('来自CA证书').first().waitFor();
    await page.getByText('证书扩展项 1.2.156.10260.4.1.4').waitFor();
    await page.getByText('RSA 2048 / SHA-256').waitFor();
    await shot(page, '40-cakey-read');

    // Unlocked and typed over with another company's code: an error under the field.
    await page.getByRole('button', { name: '解锁修改' }).nth(1).click();
    await code.fill(creditCode('91140100MA0H5D6E7'));
    await code.press('Tab');
    await page.getByText(`与 CA 证书中的 ${TRAINING_KEY.creditCode} 不一致`).waitFor();
    await code.fill(TRAINING_KEY.creditCode);
    await code.press('Tab');

    await page.getByRole('button', { name: '验证 UKey（申请人输入 PIN 码）' }).click();
    const pin = page.getByLabel('UKey PIN 码');
    expect(await pin.getAttribute('type')).toBe('password');
    await pin.fill('999999');
    await pin.press('Enter');
    await page.getByText('已连续输错 1 次').waitFor();
    expect(await pin.inputValue()).toBe('');
    await shot(page, '41-cakey-wrong-pin');
    await pin.fill(TRAINING_KEY.pin);
    await pin.press('Enter');
    await page.getByText(/UKey 已验证（.*签名验证通过）/).waitFor();
    await shot(page, '42-cakey-proved');
  });
});
