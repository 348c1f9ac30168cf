import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../../domain/ports/secret-store';
import { KEY_BYTES } from '../../store/crypto/key-hierarchy';

/** Why the desktop shell cannot start without the OS keychain, and what to do instead. */
export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  '无法使用本机操作系统的密钥库（Windows 数据保护、macOS 钥匙串或 Linux 密钥环），' +
  '柜台办件台无法安全保存数据库密钥，因此没有启动。' +
  '请用本人的系统账号登录桌面后再打开；如本机没有可用的密钥库，' +
  '请改用浏览器版（在程序目录运行 npm start -- --browser），其密钥保存在仅本账号可读的文件中。';

/** The keychain is missing or would only pretend to protect the key. */
export class KeychainUnavailableError extends Error {
  constructor() {
    super(KEYCHAIN_UNAVAILABLE_MESSAGE);
    this.name = 'KeychainUnavailableError';
  }
}

/**
 * The desktop shell's secret store: the master key, hex-encoded, encrypted by the OS keychain
 * through Electron safeStorage (DESIGN.md, Data), in a file only the OS user can read.
 * Construct it after the app is ready: before that safeStorage reports no encryption.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly description: string;
  private readonly path: string;

  constructor(dataDir: string, platform: NodeJS.Platform = process.platform) {
    if (!safeStorage.isEncryptionAvailable()) throw new KeychainUnavailableError();
    // Without a keyring, Linux falls back to 'basic_text': a password hard-coded in Chromium,
    // which protects nothing. Refuse it rather than give a false sense of safety.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new KeychainUnavailableError();
    }
    this.path = join(dataDir, 'keys', 'master.key.safe');
    this.description = `系统密钥库加密的密钥文件 ${this.path}`;
  }

  loadMasterKey(): Uint8Array | null {
    if (!existsSync(this.path)) return null;
    // Group or world access was never granted by us: tighten it before use.
    if ((statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
    const hex = safeStorage.decryptString(readFileSync(this.path));
    if (!new RegExp(`^[0-9a-f]{${KEY_BYTES * 2}}$`).test(hex)) {
      throw new Error('the master key decrypted by safeStorage is not a key of the right length');
    }
    return new Uint8Array(Buffer.from(hex, 'hex'));
  }

  saveMasterKey(key: Uint8Array): void {
    if (key.length !== KEY_BYTES) throw new Error(`a master key has ${KEY_BYTES} bytes`);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // 'wx' never overwrites: replacing an existing key would lock the database away for good.
    writeFileSync(this.path, safeStorage.encryptString(Buffer.from(key).toString('hex')), {
      mode: 0o600,
      flag: 'wx',
    });
  }
}
