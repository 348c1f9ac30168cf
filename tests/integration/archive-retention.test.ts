import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { createHash, createHmac } from 'node:crypto';
import { HousekeepingDesk } from '../../src-main/services/archive/housekeeping';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openDatabase } from '../../src-main/store/open-database';
import {
  recordAllMaterials,
  validValuesFor,
  caseTypeKeyByNames,
  pngWithText,
} from '../helpers/case-fixtures';
import { call, callFails, SUPERVISOR } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

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
  return pngWithText(tag).toString('base64');
}

/** Opens a case, records everything, attaches a scan, submits, and drains it to accepted. */
async function acceptedCaseWithScan(seed: number, scanTag = `scan-${seed}`): Promise<string> {
  return (await acceptedCaseWithIds(seed, scanTag)).caseNumber;
}

/** As acceptedCaseWithScan, also returning the ID numbers typed into the case. */
async function acceptedCaseWithIds(
  seed: number,
  scanTag: string,
): Promise<{ caseNumber: string; idNumbers: string[] }> {
  const core = s().harness.core;
  const clerk = await s().signInAgain();
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(s().profile, personSelf),
  );
  const values = validValuesFor(opened, seed);
  await call(core, clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
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
  const idNumbers = Object.entries(values)
    .filter(([key]) => key.endsWith('.idNumber'))
    .map(([, value]) => value);
  return { caseNumber: opened.caseNumber, idNumbers };
}

/** Submits a case like acceptedCaseWithIds and returns its number whatever the platform answered. */
async function acceptedCaseOrRefused(seed: number): Promise<string> {
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
  await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
  await s().drainAll();
  const detail = await call(core, await s().signInAgain(), 'case:get', {
    caseNumber: opened.caseNumber,
    reveal: false,
  });
  expect(detail.state).toBe('refused');
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

  it('refuses to archive a case whose signed forms have not come back, the batch leaves it, and it archives once the originals brought later are recorded', async () => {
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
    expect(status.unsignedForms.length).toBeGreaterThan(0);

    // The applicant brings the signed forms the next day.
    const recorded = await call(core, fresh, 'archive:recordSignedOriginals', {
      caseNumber: opened.caseNumber,
    });
    expect(recorded.unsignedForms).toEqual([]);
    expect(recorded.canArchive).toBe(true);
    expect(await auditCount('case.signed-originals-recorded', opened.caseNumber)).toBe(1);
    const archived = await call(core, fresh, 'archive:case', { caseNumber: opened.caseNumber });
    expect(archived.archived).toBe(true);
    const again = await callFails(core, fresh, 'archive:recordSignedOriginals', {
      caseNumber: opened.caseNumber,
    });
    expect(again.code).toBe('CASE_ARCHIVED');
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

describe('archive of a refused case', () => {
  it('archives a refused case only with the reason it will not be submitted again, and a clerk only their own', async () => {
    await open();
    const core = s().harness.core;
    await acceptedCaseWithScan(5);
    // The same applicant again: the platform refuses the second registration.
    const again = await acceptedCaseOrRefused(5);
    const boss = await supervisor();
    const other = await call(core, boss, 'clerks:create', {
      username: 'guiyuan2',
      displayName: '赵柜员',
      role: 'clerk',
      initialPassword: 'Start#2026b',
    });
    expect(other.role).toBe('clerk');
    const otherSession = core.newSession();
    await call(core, otherSession, 'auth:login', { username: 'guiyuan2', password: 'Start#2026b' });
    await call(core, otherSession, 'auth:changePassword', {
      currentPassword: 'Start#2026b',
      newPassword: 'Other#Pass9x',
    });
    const notOwn = await callFails(core, otherSession, 'archive:case', {
      caseNumber: again,
      reason: '申请人决定不再办理',
    });
    expect(notOwn.code).toBe('ARCHIVE_NOT_OWN_CASE');

    const clerk = await s().signInAgain();
    const status = await call(core, clerk, 'archive:status', { caseNumber: again });
    expect(status.needsReason).toBe(true);
    const noReason = await callFails(core, clerk, 'archive:case', { caseNumber: again });
    expect(noReason.code).toBe('BAD_REQUEST');
    expect(noReason.fields?.reason).toBeTruthy();
    const archived = await call(core, clerk, 'archive:case', {
      caseNumber: again,
      reason: '申请人已有平台账号，不再办理',
    });
    expect(archived.archived).toBe(true);
    const batch = await call(core, await supervisor(), 'archive:runBatch', {});
    expect(batch.skipped).toEqual([]);
  });
});

describe('daily purge', () => {
  it('purges on the daily run when switched on, as the counter itself, once that day', async () => {
    await open();
    const core = s().harness.core;
    await call(core, await supervisor(), 'retention:updateSettings', {
      dailyPurge: true,
      dailyRunHour: 18,
      attachmentDays: 1,
      personalDataDays: 2,
    });
    const kept = await acceptedCaseWithIds(21, 'daily');
    await call(core, await supervisor(), 'archive:case', { caseNumber: kept.caseNumber });
    const start = s().harness.clock.now();
    s().harness.clock.set(
      new Date(start.getFullYear(), start.getMonth(), start.getDate() + 3, 18, 30),
    );
    await desk.tick();
    await desk.whenIdle();
    const status = await call(core, await supervisor(), 'archive:status', {
      caseNumber: kept.caseNumber,
    });
    expect(status.personalDataPurgedAt).not.toBeNull();
    const page = await call(core, await supervisor(), 'audit:query', {
      action: 'retention.purge-finished',
      limit: 10,
      offset: 0,
    });
    expect(page.rows.map((row) => row.actorName)).toEqual(['系统（每日清除）']);
    await desk.tick();
    expect(await auditCount('retention.purge-started')).toBe(1);
  });
});

describe('retention purge', () => {
  async function archiveNow(caseNumber: string): Promise<void> {
    await call(s().harness.core, await supervisor(), 'archive:case', { caseNumber });
  }
  function advanceDays(days: number): void {
    s().harness.clock.set(new Date(s().harness.clock.now().getTime() + days * DAY_MS));
  }

  it('removes exactly what its preview announced, nothing of young or unarchived cases, and audits it', async () => {
    await open();
    const core = s().harness.core;
    await call(core, await supervisor(), 'retention:updateSettings', {
      attachmentDays: 5,
      personalDataDays: 8,
    });
    // Day 0: two cases archived (A shares its scan with the unarchived case D).
    const a = await acceptedCaseWithIds(11, 'shared');
    const b = await acceptedCaseWithIds(12, 'scan-b');
    await archiveNow(a.caseNumber);
    await archiveNow(b.caseNumber);
    // Day 3: E archived; day 6: C archived; D accepted but never archived.
    advanceDays(3);
    const e = await acceptedCaseWithIds(13, 'scan-e');
    await archiveNow(e.caseNumber);
    advanceDays(3);
    const c = await acceptedCaseWithIds(14, 'scan-c');
    await archiveNow(c.caseNumber);
    const d = await acceptedCaseWithIds(15, 'shared');
    advanceDays(3);
    // Files are named by a keyed hash of the content's SHA-256.
    const master = new KeyFileSecretStore(s().harness.dataDir).loadMasterKey();
    if (!master) throw new Error('no key');
    const nameKey = deriveKey(master, 'attachment-names');
    const fileOf = (tag: string) =>
      `${createHmac('sha256', nameKey)
        .update(
          createHash('sha256')
            .update(Buffer.from(scan(tag), 'base64'))
            .digest('hex'),
        )
        .digest('hex')}.bin`;
    expect(vaultFiles(s().harness.dataDir).sort()).toEqual(
      ['shared', 'scan-b', 'scan-e', 'scan-c'].map(fileOf).sort(),
    );

    const preview = await call(core, await supervisor(), 'retention:preview', {});
    expect(preview.attachments.caseNumbers).toEqual([a.caseNumber, b.caseNumber, e.caseNumber]);
    expect(preview.personalData.caseNumbers).toEqual([a.caseNumber, b.caseNumber]);
    expect(preview.attachments.rows).toBe(3);
    // A's scan stays: D, which is not archived, uses the same file.
    expect(preview.attachments.files).toBe(2);

    const started = await call(core, await supervisor(), 'retention:run', {
      previewId: preview.previewId,
    });
    expect(started.state).toBe('running');
    expect(started.total).toBe(3);
    await desk.whenIdle();
    const progress = await call(core, await supervisor(), 'retention:progress', {});
    expect(progress.state).toBe('done');
    expect(progress.done).toBe(3);
    expect(progress.result).toEqual({
      attachmentCases: 3,
      attachmentRows: 3,
      files: 2,
      personalDataCases: 2,
    });
    expect(vaultFiles(s().harness.dataDir).sort()).toEqual(['shared', 'scan-c'].map(fileOf).sort());

    const reader = await supervisor();
    const purged = await call(core, reader, 'case:get', { caseNumber: a.caseNumber, reveal: true });
    expect(purged.materials[0]?.attachments).toEqual([]);
    expect(purged.materials.every((item) => !item.missing.includes('signed-form'))).toBe(true);
    expect(purged.values['applicant.idNumber']).toContain('*');
    expect(purged.values['applicant.name']).toContain('*');
    const status = await call(core, reader, 'archive:status', { caseNumber: a.caseNumber });
    expect(status.personalDataPurgedAt).not.toBeNull();
    const onlyFiles = await call(core, reader, 'case:get', {
      caseNumber: e.caseNumber,
      reveal: true,
    });
    expect(onlyFiles.materials[0]?.attachments).toEqual([]);
    expect(onlyFiles.values['applicant.idNumber']).toBe(e.idNumbers[0]);
    for (const kept of [c, d]) {
      const detail = await call(core, reader, 'case:get', {
        caseNumber: kept.caseNumber,
        reveal: true,
      });
      expect(detail.materials[0]?.attachments).toHaveLength(1);
      expect(detail.values['applicant.idNumber']).toBe(kept.idNumbers[0]);
    }
    expect(await call(core, reader, 'case:search', { text: a.idNumbers[0] ?? '' })).toEqual([]);
    expect(
      (await call(core, reader, 'case:search', { text: d.idNumbers[0] ?? '' })).map(
        (row) => row.caseNumber,
      ),
    ).toEqual([d.caseNumber]);

    expect(await auditCount('retention.purge-started')).toBe(1);
    expect(await auditCount('retention.attachments-purged')).toBe(3);
    expect(await auditCount('retention.personal-data-purged')).toBe(2);
    expect(await auditCount('retention.purge-finished')).toBe(1);
    expect(await auditCount('retention.personal-data-purged', a.caseNumber)).toBe(1);

    const raw = decryptedRowsText(s().harness.dataDir);
    for (const id of [...a.idNumbers, ...b.idNumbers]) expect(raw.includes(id)).toBe(false);
    // The same check finds the ID numbers of the cases that were kept.
    for (const id of [...c.idNumbers, ...d.idNumbers]) expect(raw.includes(id)).toBe(true);
  });

  it('refuses a preview made under other settings, and personal data kept shorter than files', async () => {
    await open();
    const core = s().harness.core;
    const boss = await supervisor();
    const preview = await call(core, boss, 'retention:preview', {});
    await call(core, boss, 'retention:updateSettings', {
      attachmentDays: 30,
      personalDataDays: 60,
    });
    const stale = await callFails(core, boss, 'retention:run', { previewId: preview.previewId });
    expect(stale.code).toBe('PURGE_PREVIEW_STALE');
    expect(stale.nextStep).toContain('预览');
    const shorter = await callFails(core, boss, 'retention:updateSettings', {
      personalDataDays: 10,
    });
    expect(shorter.code).toBe('BAD_REQUEST');
    expect(shorter.fields?.personalDataDays).toContain('30');
  });

  it('lets only the supervisor preview and run a purge', async () => {
    await open();
    const clerk = await s().signInAgain();
    expect((await callFails(s().harness.core, clerk, 'retention:preview', {})).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await callFails(s().harness.core, clerk, 'audit:query', { limit: 10, offset: 0 })).code,
    ).toBe('FORBIDDEN');
  });
});
