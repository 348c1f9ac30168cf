import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import type { PdfQueue } from '../helpers/cups';
import { addPdfQueue, ensureCupsd } from '../helpers/cups';
import { differingShare, pdfPageCount, renderPageGrey } from '../helpers/pdf-tools';

// Real printing: the CUPS scheduler, lp, and a cups-pdf queue that writes what it prints.
let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;
let profile: ProvinceProfile;
let queue: PdfQueue;

beforeAll(async () => {
  await ensureCupsd();
  queue = addPdfQueue(`CounterTest${process.pid}`);
  harness = openTestCore();
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  clerk = await signInClerk(harness.core, staff.clerkPassword);
  profile = await call(harness.core, clerk, 'profile:current', {});
});

afterAll(() => {
  harness.dispose();
  queue.remove();
});

async function openFilledCase(): Promise<string> {
  const opened = await call(
    harness.core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '企业法人', delegated: true }),
  );
  await call(harness.core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened),
  });
  return opened.caseNumber;
}

async function previewPdf(
  caseNumber: string,
  kind: 'letter-legal' | 'receipt',
): Promise<Uint8Array> {
  const preview = await call(harness.core, clerk, 'print:preview', { caseNumber, kind });
  return Buffer.from(preview.pdfBase64, 'base64');
}

/**
 * cups-pdf passes the job through Ghostscript, which drops the text layer of CJK fonts: what
 * came out is compared as a picture with the preview of the same copy. Ghostscript's
 * anti-aliasing moves about 1 % of the pixels; another document moves far more.
 */
function expectSamePage(printed: Uint8Array, previewed: Uint8Array): void {
  expect(pdfPageCount(printed)).toBe(pdfPageCount(previewed));
  expect(differingShare(renderPageGrey(printed, 1), renderPageGrey(previewed, 1))).toBeLessThan(
    0.03,
  );
}

describe('printing on the counter printer through CUPS', () => {
  it('lists the system printers for the supervisor to choose from', async () => {
    const printers = await call(harness.core, supervisor, 'print:printers', {});
    expect(printers).toContainEqual(expect.objectContaining({ name: queue.name, state: 'ready' }));
  });

  it('says to choose a printer first when none is set', async () => {
    const caseNumber = await openFilledCase();
    const error = await callFails(harness.core, clerk, 'print:print', {
      caseNumber,
      kind: 'receipt',
    });
    expect(error.code).toBe('PRINTER_NOT_CONFIGURED');
    expect(error.nextStep).toContain('本柜台设置');
    // The attempt stays on the case, so the row offers 重新打印 and the history shows it.
    const [receipt] = (await call(harness.core, clerk, 'print:documents', { caseNumber })).filter(
      (document) => document.kind === 'receipt',
    );
    expect(receipt?.lastAttempt).toMatchObject({ status: 'failed', error: 'not-configured' });
    const history = await call(harness.core, clerk, 'case:history', { caseNumber });
    expect(history.some((entry) => entry.action === 'print.failed')).toBe(true);
  });

  it('prints a letter that comes out of the queue as previewed, and counts reprints', async () => {
    await call(harness.core, supervisor, 'settings:update', { printerName: queue.name });
    const caseNumber = await openFilledCase();
    const before = queue.outputs().length;
    const firstPreview = await previewPdf(caseNumber, 'letter-legal');
    const first = await call(harness.core, clerk, 'print:print', {
      caseNumber,
      kind: 'letter-legal',
    });
    expect(first.copiesPrinted).toBe(1);
    expect(first.signedReturn).toBe('awaiting');
    expectSamePage(await queue.waitForOutput(before + 1), firstPreview);

    // The reprint carries "第 2 次打印（补打）" in its footer: it is the preview of copy 2.
    const secondPreview = await previewPdf(caseNumber, 'letter-legal');
    expect(
      differingShare(renderPageGrey(secondPreview, 1), renderPageGrey(firstPreview, 1)),
    ).toBeGreaterThan(0);
    const again = await call(harness.core, clerk, 'print:print', {
      caseNumber,
      kind: 'letter-legal',
    });
    expect(again.copiesPrinted).toBe(2);
    expectSamePage(await queue.waitForOutput(before + 2), secondPreview);

    const history = await call(harness.core, clerk, 'case:history', { caseNumber });
    expect(history.filter((entry) => entry.action === 'print.sent')).toHaveLength(2);
  });

  it('refuses a stopped queue with what to do, keeps the attempt, and prints once resumed', async () => {
    await call(harness.core, supervisor, 'settings:update', { printerName: queue.name });
    const caseNumber = await openFilledCase();
    const before = queue.outputs().length;
    queue.stop();
    try {
      const error = await callFails(harness.core, clerk, 'print:print', {
        caseNumber,
        kind: 'receipt',
      });
      expect(error.code).toBe('PRINTER_STOPPED');
      expect(error.message).toContain('已暂停');
      expect(error.nextStep).toContain('重新打印');
      const [receipt] = (await call(harness.core, clerk, 'print:documents', { caseNumber })).filter(
        (document) => document.kind === 'receipt',
      );
      expect(receipt?.lastAttempt).toMatchObject({ status: 'failed', printer: queue.name });
      expect(receipt?.copiesPrinted).toBe(0);
    } finally {
      queue.resume();
    }
    expect(queue.outputs()).toHaveLength(before);
    const previewed = await previewPdf(caseNumber, 'receipt');
    const printed = await call(harness.core, clerk, 'print:print', { caseNumber, kind: 'receipt' });
    expect(printed.copiesPrinted).toBe(1);
    expectSamePage(await queue.waitForOutput(before + 1), previewed);
  });

  it('names a printer that does not exist and records the attempt', async () => {
    await call(harness.core, supervisor, 'settings:update', { printerName: 'NoSuchPrinter' });
    const caseNumber = await openFilledCase();
    const error = await callFails(harness.core, clerk, 'print:print', {
      caseNumber,
      kind: 'checklist',
    });
    expect(error.code).toBe('PRINTER_NOT_FOUND');
    expect(error.message).toContain('NoSuchPrinter');
    const history = await call(harness.core, clerk, 'case:history', { caseNumber });
    expect(history.some((entry) => entry.action === 'print.failed')).toBe(true);
    const status = await call(harness.core, clerk, 'print:status', {});
    expect(status.state).toBe('absent');
  });
});
