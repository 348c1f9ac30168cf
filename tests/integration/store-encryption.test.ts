import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { appendAudit } from '../../src-main/store/repositories/audit-log';
import { DATABASE_FILE, openDatabase, unlockConnection } from '../../src-main/store/open-database';
import { latestSchemaVersion } from '../../src-main/store/migrations';
import type { CoreHarness } from '../helpers/core-harness';
import { call, openTestCore } from '../helpers/core-harness';

const KNOWN_ID_NUMBER = '11010519491231002X';
let harness: CoreHarness | null = null;

afterEach(() => {
  harness?.dispose();
  harness = null;
});

function databaseKey(dataDir: string): Buffer {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no master key');
  return deriveKey(master, 'database');
}

describe('encrypted store', () => {
  it('keeps a known ID number out of the raw database and WAL files', async () => {
    harness = openTestCore();
    const session = harness.core.newSession();
    expect((await call(harness.core, session, 'app:status', {})).state).toBe('setup-required');
    const db = openDatabase(harness.dataDir, databaseKey(harness.dataDir));
    db.pragma('wal_autocheckpoint = 0');
    appendAudit(db, {
      at: new Date().toISOString(),
      actorId: null,
      actorName: '测试',
      action: 'auth.login',
      subject: KNOWN_ID_NUMBER,
      detail: { idNumber: KNOWN_ID_NUMBER },
    });
    const wal = readFileSync(join(harness.dataDir, `${DATABASE_FILE}-wal`));
    expect(wal.length).toBeGreaterThan(0);
    db.close();
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      let raw: Buffer;
      try {
        raw = readFileSync(join(harness.dataDir, file));
      } catch {
        continue;
      }
      expect(raw.includes(Buffer.from(KNOWN_ID_NUMBER, 'latin1'))).toBe(false);
      expect(raw.includes(Buffer.from(KNOWN_ID_NUMBER, 'utf16le'))).toBe(false);
    }
    const reopened = openDatabase(harness.dataDir, databaseKey(harness.dataDir));
    const row = reopened
      .prepare('SELECT subject FROM audit_log WHERE subject = ?')
      .get(KNOWN_ID_NUMBER);
    expect(row).toEqual({ subject: KNOWN_ID_NUMBER });
    reopened.close();
  });

  it('is "not a database" to anyone without the key', () => {
    harness = openTestCore();
    harness.core.close();
    const plain = new Database(join(harness.dataDir, DATABASE_FILE));
    expect(() => plain.prepare('SELECT count(*) FROM users').get()).toThrow(/not a database/);
    plain.close();
  });

  it('keeps the master key in a file only the owner can read', () => {
    harness = openTestCore();
    expect(readFileSync(join(harness.dataDir, 'keys', 'master.key'), 'utf8')).toMatch(
      /^[0-9a-f]{64}$/,
    );
    expect(statSync(join(harness.dataDir, 'keys', 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('shows a startup error, not a reset, when the key does not match', async () => {
    harness = openTestCore();
    harness.core.close();
    writeFileSync(join(harness.dataDir, 'keys', 'master.key'), 'ab'.repeat(32));
    harness.reopen();
    const status = await call(harness.core, harness.core.newSession(), 'app:status', {});
    expect(status.state).toBe('store-error');
    expect(status.storeError?.problem).toBe('cannot-decrypt');
    expect(status.storeError?.message).toContain('无法解密');
    expect(status.storeError?.nextStep).toContain('切勿删除');
  });

  it('shows a startup error when the database was written by a newer version', async () => {
    harness = openTestCore();
    harness.core.close();
    const db = new Database(join(harness.dataDir, DATABASE_FILE));
    unlockConnection(db, databaseKey(harness.dataDir));
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    harness.reopen();
    const status = await call(harness.core, harness.core.newSession(), 'app:status', {});
    expect(status.storeError?.problem).toBe('newer-version');
    expect(status.storeError?.message).toContain('更新版本');
    harness.core.close();
    const check = new Database(join(harness.dataDir, DATABASE_FILE));
    unlockConnection(check, databaseKey(harness.dataDir));
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 5);
    check.close();
  });

  it('shows a startup error when the database file is damaged', async () => {
    harness = openTestCore();
    harness.core.close();
    writeFileSync(join(harness.dataDir, DATABASE_FILE), Buffer.alloc(8192, 7));
    harness.reopen();
    const status = await call(harness.core, harness.core.newSession(), 'app:status', {});
    expect(status.state).toBe('store-error');
    expect(['cannot-decrypt', 'damaged']).toContain(status.storeError?.problem);
    const login = await harness.core.dispatch(harness.core.newSession(), 'auth:login', {
      username: 'x',
      password: 'y',
    });
    expect(login.ok).toBe(false);
  });
});
