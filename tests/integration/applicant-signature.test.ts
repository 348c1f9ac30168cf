import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import type { CallerSession } from '../../src-main/api/core-types';
import { HousekeepingDesk } from '../../src-main/services/archive/housekeeping';
import {
  applicantScreen,
  citizenCaseReady,
  confirmAndConsent,
  pairScreen,
  sealedOnScreen,
} from '../helpers/applicant-flow';
import { caseTypeKeyByNames } from '../helpers/case-fixtures';
import { call, callFails, SUPERVISOR } from '../helpers/core-harness';
import { drawnSignaturePng, inkPng } from '../helpers/signature-png';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

/**
 * Signing on the applicant's screen, on the core: Shanxi's profile requires it. The PNG is
 * checked again, sealed in the vault like a scan, required for submit, and purged with the
 * scans.
 */
let sync: SyncHarness;
let screen: CallerSession;
let desk: HousekeepingDesk;

const DAY_MS = 86_400_000;

async function open(): Promise<void> {
  outDir = mkdtempSync(join(tmpdir(), 'counter-sign-export-'));
  desk = new HousekeepingDesk();
  sync = await openSyncHarness({ core: { housekeeping: desk } });
  await call(sync.harness.core, sync.supervisor, 'handover:setRequired', { required: true });
  screen = applicantScreen(sync);
  await pairScreen(sync, screen);
}

let outDir: string;

afterEach(async () => {
  await desk.whenIdle();
  await sync.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

/** Every entry of an exported ZIP: name, bytes. */
async function zipEntries(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    files.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return files;
}

/** A case ready but for the applicant, handed over, confirmed and consented. */
async function consentedCase(seed: number): Promise<string> {
  const { caseNumber } = await citizenCaseReady(sync, seed);
  await call(sync.harness.core, sync.clerk, 'handover:start', { caseNumber });
  await confirmAndConsent(sync, screen, caseNumber);
  return caseNumber;
}

async function setPassword(caseNumber: string): Promise<void> {
  await call(sync.harness.core, screen, 'applicant:setPassword', {
    caseNumber,
    sealed: await sealedOnScreen(sync, screen, caseNumber, 'Qian#Ming2026x'),
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Whether any file of the data folder (database, WAL, vault) holds these bytes in clear. */
function inClearOnDisk(needle: Buffer): string[] {
  return filesUnder(sync.harness.dataDir).filter((file) => readFileSync(file).includes(needle));
}

describe('the applicant signs on the screen (Shanxi requires it)', () => {
  it('refuses an empty box, a dot and a foreign image, with the next step', async () => {
    await open();
    const core = sync.harness.core;
    const caseNumber = await consentedCase(21);
    const view = await call(core, screen, 'applicant:view', {});
    expect(view.kind === 'case' && view.signature).toEqual({ signed: false });
    const sign = (png: Buffer) =>
      callFails(core, screen, 'applicant:sign', { caseNumber, pngBase64: png.toString('base64') });

    const empty = await sign(inkPng(600, 200, () => false));
    expect(empty.code).toBe('APPLICANT_SIGNATURE_TOO_SHORT');
    expect(empty.message).toBe('请先用手指在框内签名。');
    expect(empty.nextStep).toContain('重写');
    const dot = await sign(inkPng(600, 200, (x, y) => Math.hypot(x - 300, y - 100) < 3));
    expect(dot.code).toBe('APPLICANT_SIGNATURE_TOO_SHORT');
    expect(dot.message).toContain('签名太短');
    const tick = await sign(
      inkPng(600, 200, (x, y) => x > 300 && x < 330 && Math.abs(y - 100) < 2),
    );
    expect(tick.code).toBe('APPLICANT_SIGNATURE_TOO_SHORT');
    const otherSize = await sign(inkPng(300, 100, (x, y) => Math.abs(y - 50) < 3));
    expect(otherSize.code).toBe('APPLICANT_SIGNATURE_INVALID');
    const notPng = await sign(Buffer.from('GIF89a not a signature at all'));
    expect(notPng.code).toBe('APPLICANT_SIGNATURE_INVALID');
    expect(
      (await call(core, sync.clerk, 'handover:signature', { caseNumber, image: true })).signedAt,
    ).toBeNull();
  });

  it('keeps the signature sealed at rest, shows it to the clerk, and submit needs it', async () => {
    await open();
    const core = sync.harness.core;
    const caseNumber = await consentedCase(22);
    await setPassword(caseNumber);
    const before = await callFails(core, sync.clerk, 'case:submit', { caseNumber });
    expect(before.code).toBe('MATERIALS_MISSING');
    expect(before.message).toContain('申请人在屏幕上签名');
    const status = await call(core, sync.clerk, 'handover:status', { caseNumber });
    expect(status.missing).toEqual(['申请人在屏幕上签名']);

    // Signing before the notice was answered is out of order (another case).
    const early = await call(
      core,
      sync.clerk,
      'case:create',
      caseTypeKeyByNames(sync.profile, {
        operation: '注册',
        subjectType: '自然人',
        delegated: false,
      }),
    );
    await call(core, sync.clerk, 'handover:start', { caseNumber: early.caseNumber });
    await call(core, screen, 'applicant:confirm', { caseNumber: early.caseNumber, correct: true });
    expect(
      (
        await callFails(core, screen, 'applicant:sign', {
          caseNumber: early.caseNumber,
          pngBase64: drawnSignaturePng().toString('base64'),
        })
      ).code,
    ).toBe('APPLICANT_STEP_OUT_OF_ORDER');
    await call(core, sync.clerk, 'handover:start', { caseNumber });

    const png = drawnSignaturePng();
    await call(core, screen, 'applicant:sign', { caseNumber, pngBase64: png.toString('base64') });
    const seen = await call(core, sync.clerk, 'handover:signature', { caseNumber, image: true });
    expect(seen).toMatchObject({ used: true, required: true, purged: false });
    expect(seen.signedAt).not.toBeNull();
    expect(seen.image).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const view = await call(core, screen, 'applicant:view', {});
    expect(view.kind === 'case' && view.signature).toEqual({ signed: true });

    // Sealed like a scan: neither the PNG nor its pixel data is anywhere on disk in clear.
    const idat = png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IDAT') + 68);
    expect(inClearOnDisk(png)).toEqual([]);
    expect(inClearOnDisk(idat)).toEqual([]);
    expect(inClearOnDisk(Buffer.from(png.toString('base64').slice(0, 80)))).toEqual([]);

    await call(core, sync.clerk, 'handover:takeBack', { caseNumber });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
  });

  it("a supervisor's exception covers a missing signature", async () => {
    await open();
    const core = sync.harness.core;
    const caseNumber = await consentedCase(23);
    await setPassword(caseNumber);
    await call(core, sync.clerk, 'case:approveException', {
      caseNumber,
      supervisorUsername: SUPERVISOR.username,
      supervisorPassword: SUPERVISOR.password,
      reason: '申请人手部受伤，已在书面材料上按手印',
    });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
  });

  it('the retention purge removes the signature image with the scans; the case still says it was signed', async () => {
    await open();
    const core = sync.harness.core;
    const boss = sync.supervisor;
    const caseNumber = await consentedCase(24);
    await setPassword(caseNumber);
    const png = drawnSignaturePng(1);
    await call(core, screen, 'applicant:sign', { caseNumber, pngBase64: png.toString('base64') });
    await call(core, sync.clerk, 'handover:takeBack', { caseNumber });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
    await sync.drainAll();
    await call(core, boss, 'archive:case', { caseNumber });
    const vaultFiles = () =>
      filesUnder(join(sync.harness.dataDir, 'attachments')).filter((file) => file.endsWith('.bin'));
    expect(vaultFiles()).toHaveLength(1);

    // The export carries the signature only where it carries the scans.
    const exported = async (includeAttachments: boolean) => {
      const started = await call(core, boss, 'export:start', {
        filter: { from: null, to: null, clerkId: null, caseType: null, states: ['archived'] },
        fullData: false,
        reason: '',
        includeAttachments,
        folder: outDir,
      });
      let path: string | null = null;
      await vi.waitFor(
        async () => {
          const job = await call(core, boss, 'export:progress', { jobId: started.jobId });
          expect(job.state, JSON.stringify(job.error)).toBe('finished');
          path = job.path;
        },
        { timeout: 10_000, interval: 100 },
      );
      return zipEntries(path ?? '');
    };
    const withoutScans = await exported(false);
    expect([...withoutScans.keys()].filter((name) => name.startsWith('附件/'))).toEqual([]);
    const withScans = await exported(true);
    expect(withScans.get(`附件/${caseNumber}/申请人签名.png`)).toEqual(png);

    await call(core, boss, 'retention:updateSettings', { attachmentDays: 5, personalDataDays: 8 });
    sync.harness.clock.set(new Date(sync.harness.clock.now().getTime() + 6 * DAY_MS));
    const supervisor = core.newSession();
    await call(core, supervisor, 'auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    const preview = await call(core, supervisor, 'retention:preview', {});
    expect(preview.attachments.caseNumbers).toEqual([caseNumber]);
    await call(core, supervisor, 'retention:run', { previewId: preview.previewId });
    await desk.whenIdle();
    expect((await call(core, supervisor, 'retention:progress', {})).result?.files).toBe(1);
    expect(vaultFiles()).toEqual([]);
    const after = await call(core, supervisor, 'handover:signature', { caseNumber, image: true });
    expect(after).toMatchObject({ purged: true, image: null });
    expect(after.signedAt).not.toBeNull();
  });

  it('gives the applicant screen no card photo without a vendor decoder, and none of a case not handed over', async () => {
    await open();
    const core = sync.harness.core;
    await call(core, sync.supervisor, 'settings:update', { idcardReader: 'training' });
    const opened = await call(
      core,
      sync.clerk,
      'case:create',
      caseTypeKeyByNames(sync.profile, {
        operation: '注册',
        subjectType: '自然人',
        delegated: false,
      }),
    );
    const waiting = call(core, sync.clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber: opened.caseNumber,
      party: 'applicant',
    });
    await call(core, sync.clerk, 'idcard:placeTrainingCard', {});
    expect((await waiting)?.photoKept).toBe(true);
    expect(
      (await callFails(core, screen, 'applicant:cardPhotos', { caseNumber: opened.caseNumber }))
        .code,
    ).toBe('APPLICANT_NOT_HANDED_OVER');
    await call(core, sync.clerk, 'handover:start', { caseNumber: opened.caseNumber });
    expect(
      await call(core, screen, 'applicant:cardPhotos', { caseNumber: opened.caseNumber }),
    ).toEqual({ photos: [] });
  });
});
