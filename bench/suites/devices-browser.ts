import { call, withSupervisorAndClerk } from '../../tests/helpers/core-harness';
import {
  faultReachesPage,
  launchWithFakeCamera,
  loginAsClerk,
  openPersonCase,
  pageOnDeskVideo,
  personCaseAtChecklist,
} from '../../tests/helpers/devices-e2e';
import { newCounterPage, startE2eShell } from '../../tests/helpers/e2e-shell';
import { openPtyPair } from '../../tests/helpers/pty-pair';
import { servePtyReader } from '../../tests/simulators/idcard/pty-reader';
import type { Figure } from '../results';

const FAULT_ROUNDS = 3;
const CAPTURES = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * `idcard_fault_report_ms`: a serial reader on a socat pty answers a read with a bad
 * checksum, a cut-off frame or nothing; the figure is the worst median over the three
 * faults, from the faulty answer to its message on the case page in Chromium (goal <= 3000).
 */
export async function idcardFaultReportMs(): Promise<Figure> {
  const e2e = await startE2eShell();
  const pty = await openPtyPair();
  const reader = await servePtyReader(pty.device);
  try {
    const { supervisor, clerkPassword } = await withSupervisorAndClerk(e2e.harness.core);
    await call(e2e.harness.core, supervisor, 'settings:update', {
      idcardReader: 'serial',
      idcardPort: pty.host,
    });
    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page, e2e.shell.url, clerkPassword);
    const worst: number[] = [];
    for (const [fault, words] of [
      ['bad-checksum', '读卡器传回的数据有误（校验错误）。'],
      ['truncated', '读卡器传回的数据不完整（中途断了）。'],
      ['silence', '读卡器没有应答。'],
    ] as const) {
      const times: number[] = [];
      for (let round = 0; round < FAULT_ROUNDS; round += 1) {
        // A fresh case page each round: the message must appear, not be left from before.
        await page.goto(`${e2e.shell.url}#/`);
        await openPersonCase(page);
        // The wait names the person whose card it is (请将申请人的身份证放在读卡器感应区).
        await page.getByText(/的身份证放在读卡器感应区/).waitFor();
        times.push(await faultReachesPage(page, reader, fault, words));
      }
      worst.push(median(times));
    }
    return { name: 'idcard_fault_report_ms', value: Math.round(Math.max(...worst)), unit: 'ms' };
  } finally {
    await reader.close();
    await pty.unplug();
    await e2e.close();
  }
}

/**
 * Suite `camera`: `camera_capture_ms`, from the click on 拍照 in the camera dialog (Chromium's
 * fake camera showing a page, 1280 x 960) to the JPEG attached to the material and shown on
 * the checklist, with the clerk clicking 附加到材料 as soon as it can (goal <= 1500).
 */
export async function runCameraSuite(): Promise<Figure[]> {
  const e2e = await startE2eShell();
  const browser = await launchWithFakeCamera(pageOnDeskVideo(1280, 960));
  try {
    const { clerkPassword } = await withSupervisorAndClerk(e2e.harness.core);
    const page = await newCounterPage(browser, 900);
    await loginAsClerk(page, e2e.shell.url, clerkPassword);
    await personCaseAtChecklist(page);
    const material = page.getByTestId('material').first();
    const times: number[] = [];
    for (let capture = 0; capture < CAPTURES + 1; capture += 1) {
      const before = await material.locator('figure.thumb').count();
      await material.getByRole('button', { name: /^拍照：/ }).click();
      const dialog = page.getByRole('dialog');
      const shoot = dialog.getByRole('button', { name: '拍照', exact: true });
      // The page's CSP forbids string functions; a plain expression is evaluated as is.
      while (
        !(await page.evaluate("(document.querySelector('video.camera-live')?.videoWidth ?? 0) > 0"))
      ) {
        await page.waitForTimeout(20);
      }
      const started = Date.now();
      await shoot.click();
      await dialog.getByRole('button', { name: '附加到材料' }).click();
      await material.locator('figure.thumb').nth(before).waitFor();
      if (capture > 0) times.push(Date.now() - started); // the first one warms the page up
      await dialog.waitFor({ state: 'hidden' });
    }
    return [{ name: 'camera_capture_ms', value: Math.round(median(times)), unit: 'ms' }];
  } finally {
    await browser.close();
    await e2e.close();
  }
}
