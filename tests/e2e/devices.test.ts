import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, withSupervisorAndClerk } from '../helpers/core-harness';
import {
  faultReachesPage,
  jpegSize,
  launchWithFakeCamera,
  loginAsClerk,
  openPersonCase,
  pageOnDeskVideo,
  personCaseAtChecklist,
} from '../helpers/devices-e2e';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

let e2e: E2eShell;
let clerkPassword: string;
let supervisor: CallerSession;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  supervisor = staff.supervisor;
}, 60_000);

afterAll(async () => {
  await e2e.close();
});

describe('devices at the counter (in Chromium)', () => {
  it('shows each reader fault on the case page within 3 s with its own words, and keeps waiting for the card', async () => {
    const pty: PtyPair = await openPtyPair();
    const reader = await servePtyReader(pty.device);
    try {
      await call(e2e.harness.core, supervisor, 'settings:update', {
        idcardReader: 'serial',
        idcardPort: pty.host,
      });
      const page = await newCounterPage(e2e.browser, 900);
      await loginAsClerk(page, e2e.shell.url, clerkPassword);
      await openPersonCase(page);
      await page.getByText(/的身份证放在读卡器感应区/).waitFor();
      for (const [fault, words] of [
        ['bad-checksum', '读卡器传回的数据有误（校验错误）。'],
        ['truncated', '读卡器传回的数据不完整（中途断了）。'],
        ['silence', '读卡器没有应答。'],
      ] as const) {
        const ms = await faultReachesPage(page, reader, fault, words);
        expect(ms).toBeLessThan(3000);
        // The wait goes on: the clerk is still asked for the card.
        await page.getByText(/的身份证放在读卡器感应区/).waitFor();
      }
      await shot(page, 'devices-reader-fault');
      reader.simulator.liftCard();
      reader.simulator.placeCard(sampleCard({ name: '秦二十' }));
      const name = page.getByLabel('申请人姓名', { exact: true });
      await expect.poll(() => name.inputValue(), { timeout: 10_000 }).toBe('秦二十');
      await page.context().close();
    } finally {
      await call(e2e.harness.core, supervisor, 'settings:update', { idcardReader: 'none' });
      await reader.close();
      await pty.unplug();
    }
  }, 60_000);

  it('takes a photo of a page with the document camera, turned and cut, and attaches it like a scan', async () => {
    const video = pageOnDeskVideo(1280, 960);
    const browser = await launchWithFakeCamera(video);
    try {
      const page = await newCounterPage(browser, 900);
      await loginAsClerk(page, e2e.shell.url, clerkPassword);
      const { caseNumber } = await personCaseAtChecklist(page);
      const material = page.getByTestId('material').first();
      const label =
        (await material.getByRole('button', { name: /^拍照：/ }).getAttribute('aria-label')) ?? '';
      const attachedBefore = await material.locator('img, a').count();
      await material.getByRole('button', { name: /^拍照：/ }).click();
      const dialog = page.getByRole('dialog', { name: label });
      await dialog.getByLabel('高拍仪实时画面').waitFor();
      await expect
        .poll((): Promise<unknown> =>
          page.evaluate("document.querySelector('video.camera-live')?.videoWidth ?? 0"),
        )
        .toBe(1280);
      await dialog.getByRole('button', { name: '拍照', exact: true }).click();
      await dialog.getByText('原始分辨率 1280 × 960').waitFor();
      await dialog.getByRole('button', { name: '向右旋转' }).click();
      await dialog.getByRole('button', { name: '自动裁边' }).click();
      await shot(page, 'devices-camera-edit');
      await dialog.getByRole('button', { name: '附加到材料' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => material.locator('img, a').count()).toBeGreaterThan(attachedBefore);
      const detail = await call(e2e.harness.core, supervisor, 'case:get', { caseNumber });
      const item = detail.materials.find((entry) => entry.attachments.length > 0);
      const file = item?.attachments[0];
      expect(file?.fileName).toMatch(/^拍照-.*\.jpg$/);
      const content = await call(e2e.harness.core, supervisor, 'case:attachment', {
        caseNumber,
        attachmentId: file?.id ?? 0,
      });
      expect(content.mimeType).toBe('image/jpeg');
      const size = jpegSize(Buffer.from(content.dataBase64, 'base64'));
      // Turned a quarter (portrait) and cut to the page: the sheet is 800 x 600 on the desk.
      expect(size.height).toBeGreaterThan(size.width);
      expect(size.width).toBeGreaterThan(540);
      expect(size.width).toBeLessThan(660);
      expect(size.height).toBeGreaterThan(740);
      expect(size.height).toBeLessThan(860);
      await page.context().close();
    } finally {
      await browser.close();
    }
  }, 90_000);
});
