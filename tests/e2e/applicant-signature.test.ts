import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { openCounterScreens } from '../helpers/applicant-pages';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { PdfQueue } from '../helpers/cups';
import { addPdfQueue, ensureCupsd } from '../helpers/cups';
import type { E2eShell } from '../helpers/e2e-shell';
import { shot, startE2eShell } from '../helpers/e2e-shell';
import { pdfText } from '../helpers/pdf-tools';
import { drawSignature, tapSignatureBox } from '../helpers/signature-pad';
import { CentralSimulator } from '../simulators/central/central-simulator';

/**
 * Signing on the applicant's screen and the card photo shown there, in Chromium: Shanxi's
 * profile asks for the signature; the counter has the training reader and a vendor's photo
 * decoder (a stub of the WLT decoder's ABI built with gcc, in the app's vendor-libs folder).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SLOW = { timeout: 20_000, interval: 200 };
const PASSWORD = 'Qian#Ming2026x';

let e2e: E2eShell;
let central: CentralSimulator;
let queue: PdfQueue;
let resources: string;
let clerk: CallerSession;
let clerkPage: Page;
let applicantPage: Page;

/** The app's resources with a vendor-libs folder that holds the photo decoder. */
function resourcesWithDecoder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'counter-resources-'));
  chmodSync(dir, 0o755);
  for (const name of readdirSync(join(ROOT, 'resources'))) {
    if (name !== 'vendor-libs') symlinkSync(join(ROOT, 'resources', name), join(dir, name));
  }
  const vendor = join(dir, 'vendor-libs');
  mkdirSync(vendor, { mode: 0o755 });
  const library = join(vendor, 'libwlt2bmp.so');
  execFileSync('gcc', [
    '-shared',
    '-fPIC',
    '-o',
    library,
    join(ROOT, 'tests', 'fixtures', 'sdt-stub', 'wlt2bmp-stub.c'),
  ]);
  chmodSync(library, 0o755);
  return dir;
}

/** A registration ready but for the applicant; the training card read into it when asked. */
async function readyCase(seed: number, withCard: boolean): Promise<string> {
  const core = e2e.harness.core;
  const profile = await call(core, clerk, 'profile:current', {});
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
  );
  await call(core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened, seed),
  });
  if (withCard) {
    const waiting = call(core, clerk, 'idcard:waitForCard', {
      timeoutMs: 10_000,
      caseNumber: opened.caseNumber,
      party: 'applicant',
    });
    await call(core, clerk, 'idcard:placeTrainingCard', {});
    expect((await waiting)?.photoKept).toBe(true);
  }
  await call(core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  await recordAllMaterials(core, clerk, opened);
  return opened.caseNumber;
}

/** Images of a PDF as poppler's pdfimages lists them: type, width, height. */
function pdfImages(pdf: Uint8Array): { type: string; width: number; height: number }[] {
  const listing = execFileSync('pdfimages', ['-list', '-'], { input: pdf }).toString('utf8');
  return listing
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length > 5)
    .map((cells) => ({
      type: cells[2] ?? '',
      width: Number(cells[3]),
      height: Number(cells[4]),
    }));
}

beforeAll(async () => {
  await ensureCupsd();
  queue = addPdfQueue(`CounterSign${process.pid}`);
  resources = resourcesWithDecoder();
  e2e = await startE2eShell({ resourcesDir: resources, templatesDir: join(ROOT, 'templates') });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  const core = e2e.harness.core;
  await call(core, staff.supervisor, 'settings:update', {
    platformUrl: central.url,
    hallName: '示例市政务服务中心',
    idcardReader: 'training',
    printerName: queue.name,
  });
  await call(core, staff.supervisor, 'sync:registerCounter', { enrolmentCode: 'TRAINING-0000' });
  await call(core, staff.supervisor, 'handover:setRequired', { required: true });
  clerk = await signInClerk(core, staff.clerkPassword);
  ({ clerkPage, applicantPage } = await openCounterScreens(e2e.browser, e2e.shell.url, {
    username: CLERK.username,
    password: staff.clerkPassword,
    shownAs: `${CLERK.displayName}（柜员）`,
  }));
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
  queue?.remove();
  if (resources) rmSync(resources, { recursive: true, force: true });
});

describe('signing and the card photo on the applicant screen', () => {
  let withPhoto: string;
  let withoutPhoto: string;

  it('shows the decoded card photo beside the data while the case is handed over, and clears it', async () => {
    withPhoto = await readyCase(31, true);
    withoutPhoto = await readyCase(32, false);
    await clerkPage.goto(`${e2e.shell.url}#/cases/${withPhoto}`);
    const panel = clerkPage.getByTestId('handover-panel');
    await expect.poll(() => panel.textContent(), SLOW).toContain('未交付');
    await panel.getByRole('button', { name: '配对申请人屏幕' }).click();
    const code = (await clerkPage.getByTestId('pairing-code').textContent())?.trim() ?? '';
    await applicantPage.goto(`${e2e.shell.url.replace(/\/$/, '')}/applicant`);
    await applicantPage.getByLabel('配对码').fill(code);
    await applicantPage.getByRole('button', { name: '配对' }).click();
    await applicantPage.getByText('欢迎您').waitFor();

    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    const photo = applicantPage.getByRole('img', { name: '张三的证件照片' });
    await photo.waitFor();
    // The decoder's 102 x 126 picture, drawn by the browser.
    await expect
      .poll(() =>
        photo.evaluate((img: unknown) => [(img as { naturalWidth: number }).naturalWidth]),
      )
      .toEqual([102]);
    await shot(applicantPage, 'applicant-sign-01-card-photo');

    await panel.getByRole('button', { name: '收回' }).click();
    await applicantPage.getByText('欢迎您').waitFor();
    expect(await applicantPage.getByTestId('applicant-card-photos').count()).toBe(0);
    expect(await applicantPage.locator('img').count()).toBe(0);

    // A case whose card was not read shows no photo.
    await clerkPage.goto(`${e2e.shell.url}#/cases/${withoutPhoto}`);
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    await applicantPage.getByRole('button', { name: '确认无误' }).waitFor();
    expect(await applicantPage.locator('img').count()).toBe(0);
    await panel.getByRole('button', { name: '收回' }).click();
    await applicantPage.getByText('欢迎您').waitFor();
  });

  it('the applicant signs with the mouse after an empty box and a dot are refused; the clerk sees 申请人已签名 ✓', async () => {
    await clerkPage.goto(`${e2e.shell.url}#/cases/${withPhoto}`);
    const panel = clerkPage.getByTestId('handover-panel');
    await expect.poll(() => panel.textContent(), SLOW).toContain('申请人签名：未签名');
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('button', { name: '确认无误' }).click();
    await applicantPage.getByRole('button', { name: '同意', exact: true }).click();
    await applicantPage.getByRole('heading', { name: '请在框内签名' }).waitFor();

    await applicantPage.getByRole('button', { name: '确认签名' }).click();
    await applicantPage.getByRole('alert').getByText('请先用手指在框内签名。').waitFor();
    await tapSignatureBox(applicantPage);
    await applicantPage.getByRole('button', { name: '确认签名' }).click();
    await applicantPage
      .getByRole('alert')
      .getByText(/签名太短/)
      .waitFor();
    await applicantPage.getByRole('button', { name: '重写' }).click();
    await drawSignature(applicantPage);
    await shot(applicantPage, 'applicant-sign-02-signature');
    await applicantPage.getByRole('button', { name: '确认签名' }).click();
    await applicantPage.getByRole('heading', { name: '设置平台登录密码' }).waitFor();

    const line = clerkPage.getByTestId('handover-signature');
    await expect.poll(() => line.textContent(), SLOW).toContain('申请人已签名 ✓');
    const preview = clerkPage.getByRole('img', { name: '申请人签名预览' });
    await preview.waitFor();
    await expect
      .poll(() =>
        preview.evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth),
      )
      .toBe(600);
    await shot(clerkPage, 'applicant-sign-03-clerk-sees-signature');

    await applicantPage.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await applicantPage.getByLabel('再次输入密码').fill(PASSWORD);
    await applicantPage.getByRole('button', { name: '确认设置密码' }).click();
    await applicantPage.getByRole('heading', { name: '密码已设置' }).waitFor();
    await panel.getByRole('button', { name: '收回' }).click();
  });

  it('the receipt sent to the printer carries the signature as an image; the checklist does not', async () => {
    const receipt = clerkPage.locator('[data-testid="print-document"][data-kind="receipt"]');
    await receipt.getByRole('button', { name: '预览' }).click();
    const dialog = clerkPage.getByRole('dialog');
    await dialog.locator('[data-testid="preview-page"][data-drawn="true"]').first().waitFor();
    const before = queue.outputs().length;
    await dialog.getByRole('button', { name: '打印', exact: true }).click();
    await clerkPage.getByText('已发送到打印机').waitFor();
    await queue.waitForOutput(before + 1);
    // This CUPS queue rasterises each page; the PDF the counter sent is the preview's.
    const sent = await call(e2e.harness.core, clerk, 'print:preview', {
      caseNumber: withPhoto,
      kind: 'receipt',
    });
    const pdf = Buffer.from(sent.pdfBase64, 'base64');
    expect(pdfText(pdf)).toContain('申请人签名');
    expect(pdfText(pdf)).toContain('在窗口申请人屏幕上手写签名');
    // The signature, 3:1 as the pad draws it (pdfimages lists its alpha as an smask).
    const images = pdfImages(pdf).filter((image) => image.type === 'image');
    expect(images).toEqual([{ type: 'image', width: 600, height: 200 }]);
    // The checklist (what the export carries) never reads the sealed image.
    const form = await call(e2e.harness.core, clerk, 'print:preview', {
      caseNumber: withPhoto,
      kind: 'checklist',
    });
    expect(pdfImages(Buffer.from(form.pdfBase64, 'base64'))).toEqual([]);
  });
});
