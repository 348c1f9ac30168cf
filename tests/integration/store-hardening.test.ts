import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTACHMENTS_FOLDER, AttachmentVault } from '../../src-main/store/attachment-vault';
import { deriveKey, generateMasterKey } from '../../src-main/store/crypto/key-hierarchy';
import { DATABASE_FILE } from '../../src-main/store/open-database';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, openTestCore, SUPERVISOR } from '../helpers/core-harness';

let harness: CoreHarness | undefined;
const folders: string[] = [];
afterEach(() => {
  harness?.dispose();
  harness = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'counter-store-hard-'));
  folders.push(folder);
  return folder;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('store hardening', () => {
  it('creates the data folder 0700 and the database with its WAL files 0600', async () => {
    const previous = process.umask(0o022);
    try {
      harness = openTestCore(join(scratch(), 'data'));
      await call(harness.core, harness.core.newSession(), 'setup:createSupervisor', SUPERVISOR);
    } finally {
      process.umask(previous);
    }
    expect(mode(harness.dataDir)).toBe(0o700);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      expect(mode(join(harness.dataDir, file)), file).toBe(0o600);
    }
  });

  it('names scan files by a keyed hash, still reads files named the old way', () => {
    const root = scratch();
    const master = generateMasterKey();
    const bytes = Buffer.from('scan of an ID card');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const oldVault = new AttachmentVault(root, deriveKey(master, 'attachments'));
    oldVault.put(bytes);
    const vault = new AttachmentVault(
      root,
      deriveKey(master, 'attachments'),
      deriveKey(master, 'attachment-names'),
    );
    expect(vault.get(sha256).equals(bytes)).toBe(true);
    const other = Buffer.from('another scan');
    const otherSha = vault.put(other);
    const names = readdirSync(join(root, ATTACHMENTS_FOLDER), { recursive: true }).map(String);
    expect(names.some((name) => name.includes(otherSha))).toBe(false);
    expect(vault.get(otherSha).equals(other)).toBe(true);
    vault.remove(sha256);
    expect(vault.has(sha256)).toBe(false);
  });

  it('removes sealed .tmp files a killed write left behind when the core starts', () => {
    const dataDir = scratch();
    const fan = join(dataDir, ATTACHMENTS_FOLDER, 'ab');
    mkdirSync(fan, { recursive: true });
    writeFileSync(join(fan, `${'ab'.repeat(32)}.bin.1234.tmp`), 'sealed half');
    harness = openTestCore(dataDir);
    expect(readdirSync(fan)).toEqual([]);
  });

  it('answers setup:createSupervisor "already done" without running scrypt', async () => {
    harness = openTestCore();
    const { core } = harness;
    await call(core, core.newSession(), 'setup:createSupervisor', SUPERVISOR);
    const started = performance.now();
    const error = await callFails(core, core.newSession(), 'setup:createSupervisor', {
      ...SUPERVISOR,
      username: 'second',
    });
    const elapsed = performance.now() - started;
    expect(error.code).toBe('SETUP_ALREADY_DONE');
    // scrypt takes about 300 ms here; the refusal takes a database read.
    expect(elapsed).toBeLessThan(100);
  });

  it('takes only https for the platform, http on this machine only', async () => {
    harness = openTestCore();
    const { core } = harness;
    const supervisor = core.newSession();
    await call(core, supervisor, 'setup:createSupervisor', SUPERVISOR);
    const settings = await call(core, supervisor, 'settings:get', {});
    for (const url of ['http://tyrz.example.gov.cn/api', 'http://10.0.0.5/api', 'ftp://x/']) {
      const error = await callFails(core, supervisor, 'settings:update', {
        ...settings,
        platformUrl: url,
      });
      expect(error.fields?.platformUrl, url).toContain('https://');
    }
    for (const url of [
      'https://tyrz.example.gov.cn/api',
      'http://127.0.0.1:4830',
      'http://localhost:4830',
    ]) {
      await call(core, supervisor, 'settings:update', { ...settings, platformUrl: url });
    }
  });
});
