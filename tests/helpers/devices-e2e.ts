import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium';
import { CLERK } from './core-harness';
import { residentId } from './identity-fixtures';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard } from '../simulators/idcard/pty-reader';

/** Browser steps shared by the device e2e tests and the idcard and camera bench suites. */

export async function loginAsClerk(page: Page, url: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('登录名').fill(CLERK.username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByText('当前用户：李柜员（柜员）').waitFor();
}

export async function openPersonCase(page: Page): Promise<void> {
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
