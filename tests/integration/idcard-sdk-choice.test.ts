import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, openStaffedCore } from '../helpers/core-harness';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import { buildVendorStub } from '../helpers/vendor-stubs';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

/**
 * The reader's SDK and photo decoder are chosen among the libraries the core detected, never
 * by a typed path: the settings refuse anything else, in Chinese, and load nothing.
 */

let vendorDir: string;
let outside: string;
let sdk: string;
let decoder: string;
let harness: CoreHarness;
let supervisor: CallerSession;
let clerk: CallerSession;

beforeAll(() => {
  vendorDir = mkdtempSync(join(tmpdir(), 'counter-vendor-'));
  chmodSync(vendorDir, 0o755);
  outside = mkdtempSync(join(tmpdir(), 'counter-elsewhere-'));
  chmodSync(outside, 0o755);
  sdk = buildVendorStub('sdt', vendorDir);
  decoder = buildVendorStub('wlt', vendorDir);
  buildVendorStub('sdt', outside);
});

afterAll(() => {
  rmSync(vendorDir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore({
    libraryFolders: { vendor: [vendorDir], system: [] },
  }));
});

afterEach(() => harness.dispose());

describe("the reader vendor's libraries are picked from those detected", () => {
  it('lists the detected SDK and decoder with their folder and where it looked, for the supervisor only', async () => {
    const found = await call(harness.core, supervisor, 'idcard:detectLibraries', {});
    expect(found.sdk).toEqual([{ path: sdk, fileName: 'libsdtapi.so', folder: vendorDir }]);
    expect(found.photoDecoder).toEqual([
      { path: decoder, fileName: 'libwlt2bmp.so', folder: vendorDir },
    ]);
    expect(found.searchedFolders).toEqual([vendorDir]);
    const byClerk = await callFails(harness.core, clerk, 'idcard:detectLibraries', {});
    expect(byClerk.code).toBe('FORBIDDEN');
  });

  it('refuses a library outside the detected ones, or one others may write, in Chinese', async () => {
    const elsewhere = join(outside, 'libsdtapi.so');
    const refused = await callFails(harness.core, supervisor, 'settings:update', {
      idcardReader: 'sdk',
      idcardSdkLibrary: elsewhere,
    });
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('只能从本机检测到的读卡器厂商库中选择');
    expect(refused.message).toContain(elsewhere);
    expect(refused.fields?.idcardSdkLibrary).toMatch(/检测到的接口库/);
    const planted = join(vendorDir, 'libwlt-planted.so');
    copyFileSync(decoder, planted);
    chmodSync(planted, 0o666);
    try {
      const loose = await callFails(harness.core, supervisor, 'settings:update', {
        idcardPhotoDecoder: planted,
      });
      expect(loose.fields?.idcardPhotoDecoder).toMatch(/检测到的照片解码库/);
    } finally {
      rmSync(planted);
    }
    const settings = await call(harness.core, supervisor, 'settings:get', {});
    expect(settings.idcardSdkLibrary).toBe('');
    expect(settings.idcardPhotoDecoder).toBe('');
  });

  describe('with a reader behind the chosen SDK', () => {
    let pty: PtyPair;
    let reader: PtyReader;
    beforeEach(async () => {
      pty = await openPtyPair();
      reader = await servePtyReader(pty.device);
      process.env.SDT_STUB_PORT = pty.host;
    });
    afterEach(async () => {
      await call(harness.core, supervisor, 'settings:update', { idcardReader: 'none' });
      await reader.close();
      await pty.unplug();
      delete process.env.SDT_STUB_PORT;
    });

    it('reads a card through the chosen SDK and shows its photo through the chosen decoder', async () => {
      await call(harness.core, supervisor, 'settings:update', {
        idcardReader: 'sdk',
        idcardSdkLibrary: sdk,
        idcardPhotoDecoder: decoder,
      });
      const profile = await call(harness.core, clerk, 'profile:current', {});
      const person = profile.subjectTypes.find((type) => type.name === '自然人');
      const opened = await call(harness.core, clerk, 'case:create', {
        operation: 'register',
        subjectType: person?.code ?? '',
        delegated: false,
      });
      reader.simulator.placeCard(sampleCard({ name: '甘二三' }));
      const read = await call(harness.core, clerk, 'idcard:waitForCard', {
        timeoutMs: 10_000,
        caseNumber: opened.caseNumber,
        party: 'applicant',
      });
      expect(read?.values.name).toBe('甘二三');
      const photo = await call(harness.core, clerk, 'idcard:photo', {
        caseNumber: opened.caseNumber,
        party: 'applicant',
      });
      expect(photo.image).toMatch(/^data:image\/bmp;base64,/);
      const status = await call(harness.core, clerk, 'idcard:status', {});
      expect(status.detail).toContain(`照片解码库：${decoder}`);
    });

    it('loads nothing once the chosen SDK may no longer be loaded, and says what to do', async () => {
      await call(harness.core, supervisor, 'settings:update', {
        idcardReader: 'sdk',
        idcardSdkLibrary: sdk,
      });
      chmodSync(sdk, 0o777);
      try {
        const failed = await callFails(harness.core, clerk, 'idcard:waitForCard', {
          timeoutMs: 5000,
        });
        expect(failed.message).toContain('重新选择');
      } finally {
        chmodSync(sdk, 0o755);
      }
      expect(existsSync(sdk)).toBe(true);
    });
  });
});
