import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../domain/ports/secret-store';
import { KEY_BYTES } from './crypto/key-hierarchy';

/**
 * The browser shell's secret store: the master key in a file only the OS user can read (0600),
 * since there is no OS keychain to ask without Electron (DESIGN.md, Data).
 */
export class KeyFileSecretStore implements SecretStore {
  readonly description: string;
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'keys', 'master.key');
    this.description = `密钥文件 ${this.path}`;
  }

  loadMasterKey(): Uint8Array | null {
    if (!existsSync(this.path)) return null;
    // Group or world access means the key may have leaked: tighten it before use.
    if ((statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
    const key = Buffer.from(readFileSync(this.path, 'utf8').trim(), 'hex');
    if (key.length !== KEY_BYTES) throw new Error('master key file has the wrong length');
    return new Uint8Array(key);
  }

  saveMasterKey(key: Uint8Array): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileSync(this.path, Buffer.from(key).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
}
