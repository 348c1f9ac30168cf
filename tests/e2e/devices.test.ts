import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, CLERK, withSupervisorAndClerk } from '../helpers/core-harness';
import { CHROMIUM_PATH } from '../helpers/chromium';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';
import { residentId } from '../helpers/identity-fixtures';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { PtyReader } from '../simulators/idcard/pty-reader';
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

async function loginAsClerk(page: Page): Promise<void> {
  await page.goto(e2e.shell.url);
  await page.getByLabel('登录名').fill(CLERK.username);
  await page.getByLabel('密码', { exact: true }).fill(clerkPassword);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByText('当前用户：李柜员（柜员）').waitFor();
}

async function openPersonCase(page: Page): Promise<void> {
  await page.getByRole('button', { name: '新建办件' }).click();
  for (const choice of ['注册', '自然人', '本人办理'])
    await page.getByRole('radio', { name: choice }).check({ force: true });
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.getByLabel('申请人姓名').waitFor();
}

/**
 * A reader fault on the case page, measured from the moment the faulty answer leaves the
 * simulated reader to the moment its message is on screen. Exported for the bench.
 */
export async function faultReachesPage(
  page: Page,
  reader: PtyReader,
  fault: 'bad-checksum' | 'truncated' | 'silence',
  message: string,
): Promise<number> {
  let sentAt = 0;
  reader.simulator.injectFault(fault, { command: 0x30 });
  const original = reader.simulator.receive.bind(reader.simulator);
  reader.simulator.receive = (bytes) => {
    const replies = original(bytes);
    if (bytes[7] === 0x30 && sentAt === 0) sentAt = Date.now();
    return replies;
  };
  reader.simulator.liftCard();
  reader.simulator.placeCard(sampleCard());
  await page.getByText(message).waitFor({ timeout: 10_000 });
  const shownAt = Date.now();
  reader.simulator.receive = original;
  return shownAt - sentAt;
}

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
      await loginAsClerk(page);
      await openPersonCase(page);
      await page.getByText('请将身份证放在读卡器感应区').waitFor();
      for (const [fault, words] of [
        ['bad-checksum', '读卡器传回的数据有误（校验错误）。'],
        ['truncated', '读卡器传回的数据不完整（中途断了）。'],
        ['silence', '读卡器没有应答。'],
      ] as const) {
        const ms = await faultReachesPage(page, reader, fault, words);
        expect(ms).toBeLessThan(3000);
        // The wait goes on: the clerk is still asked for the card.
        await page.getByText('请将身份证放在读卡器感应区').waitFor();
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
      await loginAsClerk(page);
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

/** Opens a person case with valid values and goes to its checklist; returns its number. */
export async function personCaseAtChecklist(page: Page): Promise<{ caseNumber: string }> {
  await openPersonCase(page);
  const values = {
    申请人姓名: '欧阳小明',
    申请人身份证号码: residentId('140105', '1985-04-12', '117'),
    申请人手机号码: '13712345678',
    平台登录名: `cam_${Math.random().toString(36).slice(2, 8)}`,
  };
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
  await page.getByRole('button', { name: '下一步：收取材料' }).click();
  await page.getByTestId('material').first().waitFor();
  return { caseNumber: caseNumber.trim() };
}

/**
 * A y4m video of a white 800 x 600 sheet on a dark desk, as a document camera sees a page;
 * Chromium plays it as its fake camera.
 */
export function pageOnDeskVideo(width: number, height: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'counter-camera-'));
  const path = join(folder, 'page-on-desk.y4m');
  const luma = Buffer.alloc(width * height, 40);
  const left = (width - 800) / 2;
  const top = (height - 600) / 2;
  for (let y = top; y < top + 600; y += 1) luma.fill(235, y * width + left, y * width + left + 800);
  // A few dark lines of "text" on the sheet.
  for (let line = 0; line < 10; line += 1) {
    const y = top + 60 + line * 50;
    luma.fill(30, y * width + left + 80, y * width + left + 600);
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, frame, frame]));
  return path;
}

/** Debian's Chromium with its fake camera fed from a file, the permission prompt answered. */
export function launchWithFakeCamera(videoFile: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${videoFile}`,
    ],
  });
}

/** Width and height from a JPEG's start-of-frame marker. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset < bytes.length) {
    const marker = bytes[offset + 1] ?? 0;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc2) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  throw new Error('no SOF marker');
}
