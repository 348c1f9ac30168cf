import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { DATABASE_FILE, unlockConnection } from '../../src-main/store/open-database';
import type { CoreHarness } from '../helpers/core-harness';
import { call, CLERK, openTestCore, withSupervisorAndClerk } from '../helpers/core-harness';

let harness: CoreHarness;
beforeEach(() => {
  harness = openTestCore();
});
afterEach(() => harness.dispose());

function rawDatabase(dataDir: string): Database.Database {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no key');
  const db = new Database(join(dataDir, DATABASE_FILE));
  unlockConnection(db, deriveKey(master, 'database'));
  return db;
}

describe('audit trail', () => {
  it('records logins, failures, locks and clerk changes in order', async () => {
    const { core } = harness;
    const { supervisor, clerkPassword } = await withSupervisorAndClerk(core);
    await core.dispatch(core.newSession(), 'auth:login', {
      username: CLERK.username,
      password: 'bad-pass1',
    });
    const session = core.newSession();
    await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
    await call(core, session, 'auth:lock', { reason: 'manual' });
    await call(core, session, 'auth:unlock', { password: clerkPassword });
    await call(core, session, 'auth:logout', {});
    const actions = (await call(core, supervisor, 'audit:recent', { limit: 100 }))
      .map((entry) => entry.action)
      .reverse();
    expect(actions).toEqual([
      'setup.supervisor-created',
      'clerk.created',
      'auth.login',
      'auth.password-changed',
      'auth.logout',
      'auth.login-failed',
      'auth.login',
      'auth.lock',
      'auth.unlock',
      'auth.logout',
    ]);
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification).toEqual({
      intact: true,
      rowsChecked: 10,
      firstBrokenId: null,
      reason: null,
      problems: [],
      problemCount: 0,
      gaps: [],
      legacyIllFormedIds: [],
    });
  });

  it('names the first row that was edited in the raw database', async () => {
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const db = rawDatabase(harness.dataDir);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor_name = '张三' WHERE id = 3`).run();
    db.close();
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification.intact).toBe(false);
    expect(verification.firstBrokenId).toBe(3);
    expect(verification.reason).toContain('被修改');
  });

  it('names the row after one that was deleted', async () => {
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const db = rawDatabase(harness.dataDir);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    db.close();
    const verification = await call(core, supervisor, 'audit:verify', {});
    expect(verification).toMatchObject({ intact: false, firstBrokenId: 3 });
  });
});
