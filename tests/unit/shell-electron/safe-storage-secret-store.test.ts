import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  SafeStorageSecretStore,
} from '../../../src-main/shell/electron/safe-storage-secret-store';
import { resetFakeElectron, safeStorage } from '../../fakes/electron';

let dataDir: string;
const keyFile = (): string => join(dataDir, 'keys', 'master.key.safe');
const masterKey = (): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256);

beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'counter-desk-safe-storage-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the desktop secret store', () => {
  it('stores the master key encrypted with safeStorage in a 0600 file', () => {
    const key = masterKey();
    const hex = Buffer.from(key).toString('hex');
    new SafeStorageSecretStore(dataDir, 'linux').saveMasterKey(key);

    const onDisk = readFileSync(keyFile());
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(onDisk.toString('latin1')).not.toContain(hex);
    expect(onDisk.includes(Buffer.from(key))).toBe(false);
    expect(safeStorage.decryptString(onDisk)).toBe(hex);
    expect(new SafeStorageSecretStore(dataDir, 'linux').loadMasterKey()).toEqual(key);
  });

  it('has no key on the first run', () => {
    expect(new SafeStorageSecretStore(dataDir, 'linux').loadMasterKey()).toBeNull();
  });

  it('never overwrites a master key that is already stored', () => {
    const store = new SafeStorageSecretStore(dataDir, 'linux');
    store.saveMasterKey(masterKey());
    const before = readFileSync(keyFile());

    expect(() => store.saveMasterKey(new Uint8Array(32))).toThrow();
    expect(readFileSync(keyFile())).toEqual(before);
  });

  it('tightens a key file that other users could read', () => {
    new SafeStorageSecretStore(dataDir, 'linux').saveMasterKey(masterKey());
    chmodSync(keyFile(), 0o644);

    new SafeStorageSecretStore(dataDir, 'linux').loadMasterKey();
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  });

  it('refuses to start without the OS keychain and points to the browser shell', () => {
    safeStorage.available = false;
    expect(() => new SafeStorageSecretStore(dataDir, 'win32')).toThrow(KeychainUnavailableError);
    expect(() => new SafeStorageSecretStore(dataDir, 'win32')).toThrow(/密钥库.*浏览器版/s);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  });

  it("refuses Linux's plain-text fallback keyring", () => {
    safeStorage.backend = 'basic_text';
    expect(() => new SafeStorageSecretStore(dataDir, 'linux')).toThrow(KeychainUnavailableError);
    // The backend question is Linux-only; elsewhere the OS keychain is always real.
    expect(() => new SafeStorageSecretStore(dataDir, 'darwin')).not.toThrow();
  });

  it('refuses a stored key that does not decrypt to a whole key', () => {
    const store = new SafeStorageSecretStore(dataDir, 'linux');
    store.saveMasterKey(masterKey());
    // A truncated key must not silently become a different database key.
    writeFileSync(keyFile(), safeStorage.encryptString('abcd'));
    expect(() => store.loadMasterKey()).toThrow();
  });
});
