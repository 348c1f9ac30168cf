import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openDatabase } from '../../src-main/store/open-database';
import { readSetting, writeSetting } from '../../src-main/store/repositories/settings';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, CLERK, openStaffedCore, SUPERVISOR } from '../helpers/core-harness';

/**
 * The attack: a supervisor setting named any file as the CA key's PKCS#11 module, and the
 * core loaded it, running its code as the app's user. The "module" here is a real shared
 * library whose constructor leaves a marker file when it is loaded.
 */

let harness: CoreHarness;
let supervisor: CallerSession;
let clerk: CallerSession;
let work: string;
let evil: string;
let marker: string;

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore());
  work = mkdtempSync(join(tmpdir(), 'evil-module-'));
  marker = join(work, 'loaded');
  evil = join(work, 'libcastle.so');
  const source = join(work, 'evil.c');
  writeFileSync(
    source,
    `#include <stdio.h>
     __attribute__((constructor)) static void planted(void) {
       FILE *f = fopen(${JSON.stringify(marker)}, "w"); if (f) fclose(f);
     }`,
  );
  execFileSync('gcc', ['-shared', '-fPIC', '-o', evil, source]);
});

afterEach(() => {
  harness.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** Writes the module setting straight into the store, as a release before the check did. */
function storeModuleSetting(path: string): void {
  harness.core.close();
  const master = new KeyFileSecretStore(harness.dataDir).loadMasterKey();
  if (!master) throw new Error('no master key');
  const db = openDatabase(harness.dataDir, deriveKey(master, 'database'));
  try {
    const stored = (readSetting(db, 'counter') ?? {}) as Record<string, unknown>;
    writeSetting(
      db,
      'counter',
      { ...stored, cakeyMode: 'usb', cakeyModules: { feitian: path } },
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
  harness.reopen();
}

describe('the CA key module is chosen from detected drivers, never a free path', () => {
  it('refuses a module path outside the detected drivers, and loads nothing', async () => {
    const refused = await callFails(harness.core, supervisor, 'settings:update', {
      cakeyMode: 'usb',
      cakeyModules: { feitian: evil },
    });
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/只能从本机检测到的 CA 证书驱动中选择/);
    expect(refused.fields?.cakeyModules).toMatch(/检测到的驱动/);
    const settings = await call(harness.core, supervisor, 'settings:get', {});
    expect(settings.cakeyModules.feitian).not.toBe(evil);
    await harness.core.dispatch(clerk, 'cakey:readCertificate', {});
    expect(existsSync(marker)).toBe(false);
  });

  it('never loads a module stored before the check that lies outside the system folders', async () => {
    storeModuleSetting(evil);
    const session = harness.core.newSession();
    const users = harness.core.newSession();
    await call(harness.core, users, 'auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    const clerks = await call(harness.core, users, 'clerks:list', {});
    expect(clerks.some((user) => user.username === CLERK.username)).toBe(true);
    await call(harness.core, session, 'auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    const read = await harness.core.dispatch(session, 'cakey:readCertificate', {});
    expect(read.ok).toBe(false);
    await harness.core.dispatch(session, 'cakey:status', {});
    expect(existsSync(marker)).toBe(false);
  });

  it('offers the supervisor the drivers installed in system folders to choose from', async () => {
    const detected = await call(harness.core, supervisor, 'cakey:detectModules', {});
    const softhsm = detected.find((module) => module.vendor === 'softhsm');
    expect(softhsm?.path).toMatch(/^\/usr\/lib\/.*libsofthsm2\.so$/);
    expect(detected.every((module) => !module.path.startsWith(work))).toBe(true);
    const saved = await call(harness.core, supervisor, 'settings:update', {
      cakeyModules: { feitian: softhsm?.path ?? '' },
    });
    expect(saved.cakeyModules.feitian).toBe(softhsm?.path);
    const byClerk = await callFails(harness.core, clerk, 'cakey:detectModules', {});
    expect(byClerk.code).toBe('FORBIDDEN');
  });
});
