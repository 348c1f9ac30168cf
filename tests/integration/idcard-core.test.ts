import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CoreHarness } from '../helpers/core-harness';
import { openPtyPair } from '../helpers/pty-pair';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';
import { call, callFails, openStaffedCore } from '../helpers/core-harness';

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore());
});

afterEach(() => harness.dispose());

describe('the ID card reader through the core', () => {
  it('says the reader is not configured until the supervisor chooses one', async () => {
    expect((await call(harness.core, clerk, 'idcard:status', {})).state).toBe('not-configured');
    const error = await callFails(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 500 });
    expect(error.code).toBe('READER_NOT_CONFIGURED');
  });

  it('fills the person from the training card, flags open cases with the same number, and audits the read', async () => {
    await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    const profile = await call(harness.core, clerk, 'profile:current', {});
    const person = profile.subjectTypes.find((type) => type.name === '自然人');
    const opened = await call(harness.core, clerk, 'case:create', {
      operation: 'register',
      subjectType: person?.code ?? '',
      delegated: false,
    });
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { 'applicant.idNumber': '11010519491231002X' },
    });
    const waiting = call(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 5000 });
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    const read = await waiting;
    expect(read).toMatchObject({
      cardKind: 'resident',
      expired: false,
      openCases: [opened.caseNumber],
      values: { name: '张三', idNumber: '11010519491231002X', nation: '汉', idValidTo: '长期' },
    });
    expect((await call(harness.core, clerk, 'idcard:status', {})).state).toBe('ready');
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(audit.map((entry) => entry.action)).toContain('idcard.read');
    expect(JSON.stringify(audit)).not.toContain('11010519491231002X');
  });

  it('answers empty when no card comes before the time is up', async () => {
    await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    expect(await call(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 600 })).toBeNull();
  });

  it('ends the wait with each reader fault in its own words within 3 s, and reads on the next wait', async () => {
    const pty = await openPtyPair();
    const reader = await servePtyReader(pty.device);
    try {
      await call(harness.core, supervisor, 'settings:update', {
        idcardReader: 'serial',
        idcardPort: pty.host,
      });
      for (const [fault, code] of [
        ['bad-checksum', 'READER_BAD_DATA'],
        ['truncated', 'READER_CUT_OFF'],
        ['silence', 'READER_NO_ANSWER'],
      ] as const) {
        reader.simulator.injectFault(fault, { command: 0x30 });
        reader.simulator.liftCard();
        reader.simulator.placeCard(sampleCard());
        const started = Date.now();
        const error = await callFails(harness.core, clerk, 'idcard:waitForCard', {
          timeoutMs: 10_000,
        });
        expect(Date.now() - started).toBeLessThan(3000);
        expect(error.code).toBe(code);
        expect(error.nextStep).not.toBe('');
      }
      reader.simulator.liftCard();
      reader.simulator.placeCard(sampleCard({ name: '沈十六' }));
      const read = await call(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 5000 });
      expect(read?.values.name).toBe('沈十六');
      await reader.close();
      await pty.unplug();
      const lost = await callFails(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 5000 });
      // Pulled while nobody waited: the next wait ends at once with the reader gone. Whether
      // the link learns it from the closed port (断开) or from reopening it (未找到, naming
      // the port) depends on which the operating system reports first.
      expect(['READER_NOT_FOUND', 'READER_DISCONNECTED']).toContain(lost.code);
      if (lost.code === 'READER_NOT_FOUND') expect(lost.message).toContain(pty.host);
      else expect(lost.nextStep).toContain('重新插好读卡器');
      const status = await call(harness.core, clerk, 'idcard:status', {});
      expect(status.state).toBe('absent');
      expect(status.detail).toContain(lost.code === 'READER_NOT_FOUND' ? pty.host : '读卡器已断开');
      expect(status.detail).not.toContain('。。');
    } finally {
      await reader.close();
      await pty.unplug();
    }
  });

  it('keeps the card photo sealed with the case and person, and says plainly it cannot be shown without a decoder', async () => {
    await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    const profile = await call(harness.core, clerk, 'profile:current', {});
    const person = profile.subjectTypes.find((type) => type.name === '自然人');
    const opened = await call(harness.core, clerk, 'case:create', {
      operation: 'register',
      subjectType: person?.code ?? '',
      delegated: false,
    });
    const before = await call(harness.core, clerk, 'idcard:photo', {
      caseNumber: opened.caseNumber,
      party: 'applicant',
    });
    expect(before.kept).toBe(false);
    const waiting = call(harness.core, clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber: opened.caseNumber,
      party: 'applicant',
    });
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    expect((await waiting)?.photoKept).toBe(true);
    const photo = await call(harness.core, clerk, 'idcard:photo', {
      caseNumber: opened.caseNumber,
      party: 'applicant',
    });
    expect(photo).toMatchObject({ kept: true, image: null });
    expect(photo.note).toMatch(/加密保存.*未安装.*解码库/);
    // The WLT bytes are in the vault, sealed: no file holds them in the clear.
    const files = readdirSync(join(harness.dataDir, 'attachments'), { recursive: true })
      .map((name) => join(harness.dataDir, 'attachments', String(name)))
      .filter((path) => statSync(path).isFile());
    expect(files.length).toBeGreaterThan(0);
    const wlt = Buffer.alloc(64, 0x57);
    expect(files.some((path) => readFileSync(path).includes(wlt))).toBe(false);
    const status = await call(harness.core, clerk, 'idcard:status', {});
    expect(status.detail).toContain('未安装读卡器厂商的照片解码库');
  });
});
