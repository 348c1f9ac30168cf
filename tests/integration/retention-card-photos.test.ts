import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { TrainingCard } from '../../src-main/contract/idcard-channels';
import { HousekeepingDesk } from '../../src-main/services/archive/housekeeping';
import { AttachmentVault } from '../../src-main/store/attachment-vault';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openSeedConnection } from '../helpers/archived-cases';
import {
  caseTypeKeyByNames,
  pngWithText,
  recordAllMaterials,
  validValuesFor,
} from '../helpers/case-fixtures';
import { call, SUPERVISOR } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

/**
 * The card photo read at the counter is personal data kept sealed with the case: the
 * retention purge takes it with the person's values (row and sealed file), except where
 * another case still holds the same photo, and says so in the audit.
 */

const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };
const DAY_MS = 86_400_000;
/** The training cards' photos (sample-cards.ts): 1,024 bytes of one value each. */
const PHOTO_BYTE: Partial<Record<TrainingCard, number>> = { delegator: 0x57, agent: 0x58 };

let sync: SyncHarness | undefined;
let desk: HousekeepingDesk;

afterEach(async () => {
  await desk.whenIdle();
  await sync?.dispose();
  sync = undefined;
});

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

/** The SHA-256 the vault keeps a training card's photo under. */
function photoSha(card: TrainingCard): string {
  return createHash('sha256')
    .update(new Uint8Array(1024).fill(PHOTO_BYTE[card] ?? 0))
    .digest('hex');
}

/**
 * Opens a person case, reads the training card into its applicant (the photo is kept),
 * records the materials with a scan, submits it and drains it until the platform answered
 * (the training cards' people may already hold an account: then it is refused).
 */
async function answeredCaseWithCard(seed: number, card: TrainingCard): Promise<string> {
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
  const waiting = call(core, clerk, 'idcard:waitForCard', {
    timeoutMs: 5000,
    caseNumber: opened.caseNumber,
    party: 'applicant',
  });
  await call(core, clerk, 'idcard:placeTrainingCard', { sample: card });
  expect((await waiting)?.photoKept).toBe(true);
  await recordAllMaterials(core, clerk, opened);
  await call(core, clerk, 'case:attach', {
    caseNumber: opened.caseNumber,
    itemCode: opened.materials[0]?.code ?? '',
    fileName: '身份证复印件.png',
    dataBase64: pngWithText(`scan-${seed}`).toString('base64'),
  });
  await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
  await s().drainAll();
  const state = await call(core, await s().signInAgain(), 'case:get', {
    caseNumber: opened.caseNumber,
    reveal: false,
  });
  expect(['accepted', 'refused']).toContain(state.state);
  return opened.caseNumber;
}

/** Archives a case: an accepted one as the supervisor, a refused one with its reason. */
async function archive(caseNumber: string): Promise<void> {
  const clerk = await s().signInAgain();
  const detail = await call(s().harness.core, clerk, 'case:get', { caseNumber, reveal: false });
  if (detail.state === 'refused') {
    await call(s().harness.core, clerk, 'archive:case', {
      caseNumber,
      reason: '申请人已有平台账号，不再办理',
    });
  } else {
    await call(s().harness.core, await supervisor(), 'archive:case', { caseNumber });
  }
}

/** The photo rows of a case, counted in the store itself. */
function photoRows(caseNumber: string): number {
  const db = openSeedConnection(s().harness.dataDir);
  try {
    const row = db
      .prepare(
        `SELECT COUNT(*) AS n FROM case_card_photos p JOIN cases c ON c.id = p.case_id
         WHERE c.case_number = ?`,
      )
      .get(caseNumber) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/** Every value of every row of every table, decrypted with the store's key, as one text. */
function decryptedRowsText(): string {
  const db = openSeedConnection(s().harness.dataDir);
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {
      name: string;
    }[];
    return tables
      .map(({ name }) =>
        (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
          .map((row) => Object.values(row).map(String).join('|'))
          .join('\n'),
      )
      .join('\n');
  } finally {
    db.close();
  }
}

/** The core's vault, opened with its keys, to ask whether a file is still there. */
function vault(): AttachmentVault {
  const dataDir = s().harness.dataDir;
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no key');
  return new AttachmentVault(
    dataDir,
    deriveKey(master, 'attachments'),
    deriveKey(master, 'attachment-names'),
  );
}

/** Every file in the data folder (database, WAL, vault), as bytes. */
function dataFiles(): Buffer[] {
  const dataDir = s().harness.dataDir;
  return readdirSync(dataDir, { recursive: true })
    .map((name) => join(dataDir, String(name)))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path));
}

async function auditCount(action: string, caseNumber: string): Promise<number> {
  const page = await call(s().harness.core, await supervisor(), 'audit:query', {
    action,
    caseNumber,
    limit: 50,
    offset: 0,
  });
  return page.total;
}

describe('the retention purge and the card photos', () => {
  it('removes the photo rows and sealed files of purged cases with their personal data, keeps a photo another case holds, and audits it', async () => {
    desk = new HousekeepingDesk();
    sync = await openSyncHarness({ core: { housekeeping: desk } });
    const core = s().harness.core;
    const boss = await supervisor();
    await call(core, boss, 'settings:update', { idcardReader: 'training' });
    await call(core, boss, 'retention:updateSettings', { attachmentDays: 5, personalDataDays: 8 });

    // Day 0: A (张三's card) and E (李四's card) archived; D reads 张三's card too, and stays open.
    const a = await answeredCaseWithCard(21, 'delegator');
    const e = await answeredCaseWithCard(22, 'agent');
    const d = await answeredCaseWithCard(23, 'delegator');
    await archive(a);
    await archive(e);
    for (const caseNumber of [a, e, d]) expect(photoRows(caseNumber)).toBe(1);
    expect(vault().has(photoSha('delegator'))).toBe(true);
    expect(vault().has(photoSha('agent'))).toBe(true);
    expect(decryptedRowsText()).toContain(photoSha('agent'));

    s().harness.clock.set(new Date(s().harness.clock.now().getTime() + 9 * DAY_MS));
    const preview = await call(core, await supervisor(), 'retention:preview', {});
    expect(preview.personalData.caseNumbers).toEqual([a, e]);
    await call(core, await supervisor(), 'retention:run', { previewId: preview.previewId });
    await desk.whenIdle();
    const progress = await call(core, await supervisor(), 'retention:progress', {});
    expect(progress.state).toBe('done');
    // Two scans and 李四's photo; 张三's photo stays for D.
    expect(progress.result).toMatchObject({ personalDataCases: 2, files: 3 });

    // The rows are gone from the store, and with them every trace of the photo's hash.
    expect(photoRows(a)).toBe(0);
    expect(photoRows(e)).toBe(0);
    expect(photoRows(d)).toBe(1);
    expect(decryptedRowsText()).not.toContain(photoSha('agent'));
    // The sealed file of the photo only purged cases held is deleted; D's is kept.
    expect(vault().has(photoSha('agent'))).toBe(false);
    expect(vault().has(photoSha('delegator'))).toBe(true);
    // No file of the data folder holds the photo in the clear, before or after.
    const wlt = Buffer.alloc(64, PHOTO_BYTE.agent);
    expect(dataFiles().some((bytes) => bytes.includes(wlt))).toBe(false);

    // The clerk reads why there is no photo; the case that keeps it still has it.
    const clerk = await s().signInAgain();
    for (const caseNumber of [a, e]) {
      const photo = await call(core, clerk, 'idcard:photo', { caseNumber, party: 'applicant' });
      expect(photo).toMatchObject({ kept: false, image: null });
      expect(photo.note).toContain('已随个人信息按保存期限清除');
    }
    const kept = await call(core, clerk, 'idcard:photo', { caseNumber: d, party: 'applicant' });
    expect(kept.kept).toBe(true);

    for (const caseNumber of [a, e]) {
      expect(await auditCount('retention.personal-data-purged', caseNumber)).toBe(1);
    }
    expect(await auditCount('retention.personal-data-purged', d)).toBe(0);
  }, 120_000);
});
