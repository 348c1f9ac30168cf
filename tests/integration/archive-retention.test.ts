import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import { HousekeepingDesk } from '../../src-main/services/housekeeping';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openDatabase } from '../../src-main/store/open-database';
import { recordAllMaterials, validValuesFor, caseTypeKeyByNames } from '../helpers/case-fixtures';
import { call, callFails, SUPERVISOR } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };
const DAY_MS = 86_400_000;

let sync: SyncHarness | undefined;
let desk: HousekeepingDesk;
afterEach(async () => {
  await desk.whenIdle();
  await sync?.dispose();
  sync = undefined;
});

async function open(): Promise<SyncHarness> {
  desk = new HousekeepingDesk();
  sync = await openSyncHarness({ core: { housekeeping: desk } });
  return sync;
}

function s(): SyncHarness {
  if (!sync) throw new Error('no harness');
  return sync;
}

async function supervisor(): Promise<CallerSession> {
  const session = s().harness.core.newSession();
  await call(s().harness.core, session, 'auth:login', {
    username: SUPERVISOR.username,
    password: SUPERVISOR.password,
  });
  return session;
}

/** A PNG whose bytes (and so its vault file) are its own, unless two cases share a tag. */
function scan(tag: string): string {
  return Buffer.concat([PNG, Buffer.from(tag)]).toString('base64');
}

/** Opens a case, records everything, attaches a scan, submits, and drains it to accepted. */
async function acceptedCaseWithScan(seed: number, scanTag = `scan-${seed}`): Promise<string> {
  const core = s().harness.core;
  const clerk = await s().signInAgain();
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(s().profile, personSelf),
  );
  await call(core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened, seed),
  });
  await recordAllMaterials(core, clerk, opened);
  await call(core, clerk, 'case:attach', {
    caseNumber: opened.caseNumber,
    itemCode: opened.materials[0]?.code ?? '',
    fileName: '身份证复印件.png',
    dataBase64: scan(scanTag),
  });
  await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
  await s().drainAll();
  const state = await call(core, await s().signInAgain(), 'case:get', {
    caseNumber: opened.caseNumber,
    reveal: false,
  });
  expect(state.state).toBe('accepted');
  return opened.caseNumber;
}

function vaultFiles(dataDir: string): string[] {
  const root = join(dataDir, 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((fan) =>
    readdirSync(join(root, fan)).filter((name) => name.endsWith('.bin')),
  );
}

/** Every value of every row of every table, decrypted with the store's key, as one text. */
function decryptedRowsText(dataDir: string): string {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no master key');
  const db = openDatabase(dataDir, deriveKey(master, 'database'));
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {
      name: string;
    }[];
    return tables
      .map(({ name }) =>
        (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
          .map((row) =>
            Object.values(row)
              .map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value)))
              .join('|'),
          )
          .join('\n'),
      )
      .join('\n');
  } finally {
    db.close();
  }
}

async function auditCount(action: string, caseNumber?: string): Promise<number> {
  const page = await call(s().harness.core, await supervisor(), 'audit:query', {
    action,
    caseNumber,
    limit: 200,
    offset: 0,
  });
  return page.total;
}

describe('archive', () => {
  it('archives an accepted case whose signed forms are in; afterwards every change is refused as archived', async () => {
    await open();
    const caseNumber = await acceptedCaseWithScan(1);
    const core = s().harness.core;
    const clerk = await s().signInAgain();
    const before = await call(core, clerk, 'archive:status', { caseNumber });
    expect(before.canArchive).toBe(true);
    const archived = await call(core, clerk, 'archive:case', { caseNumber });
    expect(archived.archived).toBe(true);
    expect(archived.archivedByName).toBe('李柜员');
    expect(await auditCount('case.archived', caseNumber)).toBe(1);

    const detail = await call(core, clerk, 'case:get', { caseNumber, reveal: false });
    expect(detail.state).toBe('archived');
    const material = detail.materials[0];
    const attempts: [string, unknown][] = [
      ['case:saveValues', { caseNumber, values: {} }],
      [
        'case:recordMaterial',
        {
          caseNumber,
          code: material?.code,
          originalSeen: false,
          copyArchived: false,
          attested: false,
        },
      ],
      [
        'case:attach',
        { caseNumber, itemCode: material?.code, fileName: 'a.png', dataBase64: scan('late') },
      ],
      ['case:removeAttachment', { caseNumber, attachmentId: material?.attachments[0]?.id ?? 1 }],
      ['case:startCollecting', { caseNumber }],
      ['case:submit', { caseNumber }],
      ['case:reopen', { caseNumber }],
      ['case:cancel', { caseNumber, reason: '申请人放弃' }],
      [
        'case:approveException',
        {
          caseNumber,
          supervisorUsername: SUPERVISOR.username,
          supervisorPassword: SUPERVISOR.password,
          reason: '申请人下周补交材料',
        },
      ],
      ['print:print', { caseNumber, kind: detail.forms[0] }],
      ['cakey:readCertificate', { caseNumber }],
      ['cakey:prove', { caseNumber, pin: '123456' }],
      ['cakey:unlockField', { caseNumber, field: 'company.name' }],
      ['idcard:unlockField', { caseNumber, field: 'applicant.name' }],
      ['archive:case', { caseNumber }],
    ];
    for (const [channel, request] of attempts) {
      const error = await callFails(core, clerk, channel, request);
      expect({ channel, code: error.code }).toEqual({ channel, code: 'CASE_ARCHIVED' });
      expect(error.message).toContain('已归档');
      expect(error.nextStep.length).toBeGreaterThan(0);
    }
    const after = await call(core, clerk, 'case:get', { caseNumber, reveal: false });
    expect(after.materials[0]?.attachments).toHaveLength(1);
  });

  it('refuses to archive a case whose signed forms have not come back, and the batch leaves it', async () => {
    await open();
    const core = s().harness.core;
    const clerk = await s().signInAgain();
    const opened = await call(
      core,
      clerk,
      'case:create',
      caseTypeKeyByNames(s().profile, personSelf),
    );
    await call(core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: validValuesFor(opened, 2),
    });
    for (const item of opened.materials) {
      await call(core, clerk, 'case:recordMaterial', {
        caseNumber: opened.caseNumber,
        code: item.code,
        originalSeen: item.needsOriginal,
        copyArchived: item.needsCopy,
        attested: item.attestation !== 'none',
        signedOriginalArchived: false,
      });
    }
    await call(core, clerk, 'case:approveException', {
      caseNumber: opened.caseNumber,
      supervisorUsername: SUPERVISOR.username,
      supervisorPassword: SUPERVISOR.password,
      reason: '申请人次日送回签字件',
    });
    await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
    await s().drainAll();
    const fresh = await s().signInAgain();
    const status = await call(core, fresh, 'archive:status', { caseNumber: opened.caseNumber });
    expect(status.canArchive).toBe(false);
    expect(status.problem?.message).toContain('签字');
    const error = await callFails(core, fresh, 'archive:case', { caseNumber: opened.caseNumber });
    expect(error.code).toBe('ARCHIVE_SIGNED_FORMS_MISSING');
    expect(error.nextStep).toContain('签字原件已存档');

    const batch = await call(core, await supervisor(), 'archive:runBatch', {});
    expect(batch.archived).toEqual([]);
    expect(batch.skipped.map((item) => item.caseNumber)).toEqual([opened.caseNumber]);
    const still = await call(core, fresh, 'case:get', {
      caseNumber: opened.caseNumber,
      reveal: false,
    });
    expect(still.state).toBe('accepted');
  });

  it('refuses to archive a case the platform has not answered yet', async () => {
    await open();
    const submitted = await s().submitCase(personSelf, 3);
    const error = await callFails(s().harness.core, await supervisor(), 'archive:case', {
      caseNumber: submitted.caseNumber,
    });
    expect(error.code).toBe('ARCHIVE_NOT_FINAL');
  });

  it('runs the daily archive batch once a day from the set hour, driven by the clock', async () => {
    await open();
    const caseNumber = await acceptedCaseWithScan(4);
    const ctxDay = s().harness.clock.now();
    const boss = await supervisor();
    await call(s().harness.core, boss, 'retention:updateSettings', { dailyRunHour: 18 });
    const core = s().harness.core;
    // Before the hour: nothing happens.
    await desk.tick();
    expect(
      (await call(core, await supervisor(), 'case:get', { caseNumber, reveal: false })).state,
    ).toBe('accepted');
    s().harness.clock.set(
      new Date(ctxDay.getFullYear(), ctxDay.getMonth(), ctxDay.getDate(), 18, 5),
    );
    await desk.tick();
    expect(
      (await call(core, await supervisor(), 'case:get', { caseNumber, reveal: false })).state,
    ).toBe('archived');
    s().harness.clock.set(
      new Date(ctxDay.getFullYear(), ctxDay.getMonth(), ctxDay.getDate(), 22, 0),
    );
    await desk.tick();
    expect(await auditCount('archive.batch-run')).toBe(1);
    const overview = await call(core, await supervisor(), 'retention:overview', {});
    expect(overview.lastBatch?.archived).toEqual([caseNumber]);
  });
});
