import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey, generateMasterKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { migrate, migrations } from '../../src-main/store/migrations';
import { DATABASE_FILE, unlockConnection } from '../../src-main/store/open-database';
import { appendAudit } from '../../src-main/store/repositories/audit-log';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  openTestCore,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';

let harness: CoreHarness | undefined;
afterEach(() => harness?.dispose());

function rawDatabase(dataDir: string): Database.Database {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no key');
  const db = new Database(join(dataDir, DATABASE_FILE));
  unlockConnection(db, deriveKey(master, 'database'));
  return db;
}

/** 31 letters and U+20BB7: the old `slice(0, 32)` cut the last character in half. */
const CUT_IN_HALF = `${'a'.repeat(31)}\u{20BB7}`;

describe('audit chain against ill-formed text', () => {
  it('refuses a lone surrogate at the contract, before anything is written', async () => {
    harness = openTestCore();
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const before = await call(core, supervisor, 'audit:verify', {});
    const error = await callFails(core, core.newSession(), 'auth:login', {
      username: '\ud800',
      password: 'x',
    });
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.fields?.username).toContain('无法识别的字符');
    // Every channel, keys and nested values too.
    const nested = await callFails(core, supervisor, 'clerks:create', {
      username: 'abc',
      displayName: '张\udc00',
      password: 'Start#2026a',
    });
    expect(nested.fields?.displayName).toContain('无法识别的字符');
    const after = await call(core, supervisor, 'audit:verify', {});
    expect(after).toMatchObject({ intact: true, rowsChecked: before.rowsChecked });
  });

  it('keeps the chain intact after a name cut mid-character, and logs no typed name', async () => {
    harness = openTestCore();
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const error = await callFails(core, core.newSession(), 'auth:login', {
      username: CUT_IN_HALF,
      password: 'wrong-pass1',
    });
    expect(error.code).toBe('INVALID_CREDENTIALS');
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification.intact).toBe(true);
    const db = rawDatabase(harness.dataDir);
    const row = db
      .prepare(`SELECT subject, detail FROM audit_log WHERE action = 'auth.login-failed'`)
      .get() as { subject: string | null; detail: string };
    db.close();
    expect(row.subject).toBeNull();
    expect(row.detail).not.toContain('aaaa');
    expect(JSON.parse(row.detail)).toMatchObject({ reason: 'unknown-username' });
  });

  it('stores what it hashes even when an internal caller passes a lone surrogate', async () => {
    harness = openTestCore();
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const db = rawDatabase(harness.dataDir);
    appendAudit(db, {
      at: new Date().toISOString(),
      actorId: null,
      actorName: 'x\ud842',
      action: 'auth.login-failed',
      subject: CUT_IN_HALF.slice(0, 32),
      detail: { note: '\udfff' },
    });
    db.close();
    expect(await call(core, supervisor, 'audit:verify', {})).toMatchObject({ intact: true });
  });

  it('reports every edited row and every gap, not only the first', async () => {
    harness = openTestCore();
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    for (let i = 0; i < 6; i += 1) {
      await core.dispatch(core.newSession(), 'auth:login', {
        username: `nobody${i}`,
        password: 'x',
      });
    }
    const db = rawDatabase(harness.dataDir);
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.prepare(`UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE id = 2`).run();
    db.prepare(`UPDATE audit_log SET detail = '{}' WHERE id = 9`).run();
    db.prepare('DELETE FROM audit_log WHERE id IN (5, 6)').run();
    db.close();
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification.intact).toBe(false);
    expect(verification.firstBrokenId).toBe(2);
    expect(verification.problems.map((p) => p.id)).toEqual([2, 7, 9]);
    expect(verification.problems[0]?.reason).toContain('被修改');
    expect(verification.problems[1]?.reason).toContain('不连续');
    expect(verification.gaps).toEqual([{ fromId: 5, toId: 6 }]);
    expect(verification.problemCount).toBe(3);
  });
});

/**
 * How the release before this change wrote a row: hash over the JSON of the values it meant to
 * write (the lone surrogate escaped), while SQLite stored U+FFFD.
 */
function appendTheOldWay(
  db: Database.Database,
  row: { at: string; action: string; subject: string | null; detail?: string },
): void {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  const content = {
    id: (last?.id ?? 0) + 1,
    at: row.at,
    actor_id: null,
    actor_name: null,
    action: row.action,
    subject: row.subject,
    detail: row.detail ?? '{}',
    prev_hash: last?.hash ?? '0'.repeat(64),
  };
  const hash = createHash('sha256')
    .update(JSON.stringify(Object.values(content)), 'utf8')
    .digest('hex');
  db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_name, action, subject, detail, prev_hash, hash)
     VALUES (@id, @at, @actor_id, @actor_name, @action, @subject, @detail, @prev_hash, @hash)`,
  ).run({ ...content, hash });
}

describe('a store written by the release before', () => {
  it('keeps verifying its rows, recognises the attack row, and still catches a later edit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'counter-old-audit-'));
    const master = generateMasterKey();
    new KeyFileSecretStore(dataDir).saveMasterKey(master);
    const old = new Database(join(dataDir, DATABASE_FILE));
    unlockConnection(old, deriveKey(master, 'database'));
    // The schema of the release before: migrations 1-9.
    migrate(old, migrations.slice(0, 9));
    const at = '2026-11-20T01:00:00.000Z';
    appendTheOldWay(old, { at, action: 'auth.login-failed', subject: 'somebody' });
    appendTheOldWay(old, { at, action: 'auth.login-failed', subject: '\ud800' });
    appendTheOldWay(old, { at, action: 'auth.login-failed', subject: CUT_IN_HALF.slice(0, 32) });
    appendTheOldWay(old, { at, action: 'auth.login-failed', subject: 'another' });
    old.close();

    harness = openTestCore(dataDir);
    const { core } = harness;
    const supervisor = core.newSession();
    await call(core, supervisor, 'setup:createSupervisor', SUPERVISOR);
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification).toMatchObject({ intact: true, rowsChecked: 5, problems: [] });
    expect(verification.legacyIllFormedIds).toEqual([2, 3]);

    const db = rawDatabase(dataDir);
    const versions = db.prepare('SELECT hash_version AS v FROM audit_log ORDER BY id').all() as {
      v: number;
    }[];
    expect(versions.map((row) => row.v)).toEqual([1, 1, 1, 1, 2]);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET subject = 'edited' WHERE id = 4`).run();
    db.close();
    const edited = await call(core, supervisor, 'audit:verify', {});
    expect(edited.intact).toBe(false);
    expect(edited.problems.map((p) => p.id)).toEqual([4]);
  });
});
