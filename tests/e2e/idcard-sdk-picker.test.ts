import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import { loginAsClerk, openPersonCase } from '../helpers/devices-e2e';
import type { E2eShell } from '../helpers/e2e-shell';
import { shot, startE2eShell } from '../helpers/e2e-shell';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import { buildVendorStub } from '../helpers/vendor-stubs';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

/**
 * The supervisor picks the reader vendor's SDK and photo decoder from the libraries the core
 * found in its library folders (here one temporary vendor folder and no system folder), and
 * the clerk reads a card through that SDK: the stub library speaks SAM frames over a pty to
 * the reader simulator.
 */

let e2e: E2eShell;
let vendorDir: string;
let pty: PtyPair;
let reader: PtyReader;
let clerkPassword: string;
let supervisor: CallerSession;

beforeAll(async () => {
  vendorDir = mkdtempSync(join(tmpdir(), 'counter-vendor-libs-'));
  chmodSync(vendorDir, 0o755);
  e2e = await startE2eShell({ libraryFolders: { vendor: [vendorDir], system: [] } });
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  supervisor = staff.supervisor;
  pty = await openPtyPair();
  reader = await servePtyReader(pty.device);
  process.env.SDT_STUB_PORT = pty.host;
}, 60_000);

afterAll(async () => {
  await call(e2e.harness.core, supervisor, 'settings:update', { idcardReader: 'none' });
  await e2e?.close();
  await reader?.close();
  await pty?.unplug();
  delete process.env.SDT_STUB_PORT;
  rmSync(vendorDir, { recursive: true, force: true });
});

/** A counter screen of the size halls have most: 1366 x 768. */
async function counterPage(): Promise<Page> {
  const context = await e2e.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
  });
  return context.newPage();
}

/** Opens an Element Plus select by its label (its placeholder covers the input). */
async function openSelect(page: Page, label: string): Promise<void> {
  const combobox = page.getByRole('combobox', { name: label, exact: true });
  await page.locator('.el-select', { has: combobox }).click();
}

async function supervisorSettings(page: Page): Promise<void> {
  await page.goto(e2e.shell.url);
  await page.getByLabel('登录名').fill(SUPERVISOR.username);
  await page.getByLabel('密码', { exact: true }).fill(SUPERVISOR.password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByRole('button', { name: '本柜台设置' }).click();
  // The form is disabled until the settings have loaded, the system's printers (CUPS) too.
  await expect
    .poll(() => page.getByRole('combobox', { name: '身份证读卡器', exact: true }).isEnabled(), {
      timeout: 20_000,
    })
    .toBe(true);
}

describe("the reader vendor's SDK, chosen in the settings (in Chromium)", () => {
  it('says plainly where it looked when no SDK is installed, lists it once installed, and reads a card through the chosen one', async () => {
    const page = await counterPage();
    await supervisorSettings(page);
    await openSelect(page, '身份证读卡器');
    await page.getByRole('option', { name: '厂商接口库读卡器（SDT SDK）' }).click();
    const picker = page.getByTestId('reader-library-picker');
    // Nothing installed yet: the screen says so and names the folders it looked in.
    await picker.getByText('本机未检测到读卡器厂商的接口库').waitFor();
    await expect.poll(() => picker.textContent()).toContain(vendorDir);
    // No field to type a path into.
    expect(await picker.locator('textarea, input[type="text"]:not([readonly])').count()).toBe(0);
    await shot(page, '75-reader-sdk-none-found');

    // The hall's IT installs the vendor's SDK and decoder into the vendor folder.
    const sdk = buildVendorStub('sdt', vendorDir);
    const decoder = buildVendorStub('wlt', vendorDir);
    await picker.getByRole('button', { name: '重新检测' }).click();
    await expect.poll(() => picker.getByText('本机未检测到读卡器厂商的接口库').count()).toBe(0);

    await openSelect(page, '读卡器厂商接口库');
    const sdkOption = page.getByRole('option', { name: /^libsdtapi\.so（/ });
    await expect.poll(() => sdkOption.textContent()).toContain(vendorDir);
    await sdkOption.click();
    await openSelect(page, '身份证照片解码库');
    await page.getByRole('option', { name: /^libwlt2bmp\.so（/ }).click();
    await shot(page, '76-reader-sdk-picker');
    await page.getByRole('button', { name: '保存设备设置' }).click();
    await page.getByText('设置已保存。').waitFor();
    const saved = await call(e2e.harness.core, supervisor, 'settings:get', {});
    expect(saved).toMatchObject({
      idcardReader: 'sdk',
      idcardSdkLibrary: sdk,
      idcardPhotoDecoder: decoder,
    });
    await page.context().close();

    // The clerk reads a card through the chosen SDK; its photo shows, decoded.
    const counter = await counterPage();
    await loginAsClerk(counter, e2e.shell.url, clerkPassword);
    await openPersonCase(counter);
    await counter.getByText(/的身份证放在读卡器感应区/).waitFor();
    reader.simulator.placeCard(sampleCard({ name: '甘二三' }));
    const name = counter.getByLabel('申请人姓名', { exact: true });
    await expect.poll(() => name.inputValue(), { timeout: 15_000 }).toBe('甘二三');
    await counter.getByAltText('身份证照片').first().waitFor();
    await shot(counter, '77-reader-sdk-card-read');
    await counter.context().close();
  }, 90_000);
});
