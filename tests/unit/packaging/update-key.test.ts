import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UPDATE_KEY_FIELD, updateKeyMetadata } from '../../../electron-builder.config.mjs';
import {
  NO_UPDATE_KEY_MESSAGE,
  readPinnedUpdateKey,
  UPDATE_KEY_FIELD as APP_FIELD,
} from '../../../src-main/shell/electron/update-key';
import type { UpdaterPort } from '../../../src-main/shell/electron/updater';
import { checkForSignedUpdate } from '../../../src-main/shell/electron/updater';

const folder = mkdtempSync(join(tmpdir(), 'counter-update-key-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The hall's release key, made the way docs/install.md says (here with Node's crypto).
const release = generateKeyPairSync('ed25519');
const publicPem = release.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const publicFile = join(folder, 'release-key.pub.pem');
writeFileSync(publicFile, publicPem);

const SHA = 'c2lnbmVkLXJlbGVhc2UtYnl0ZXM=';
const feed = Buffer.from(
  `version: 0.2.0\nfiles:\n  - url: counter-desk-0.2.0-amd64.deb\n    sha512: ${SHA}\n    size: 100\n`,
);
const signature = Buffer.from(sign(null, feed, release.privateKey).toString('base64'));

/** An installed app folder whose package.json is what the packager wrote. */
function installedApp(name: string, metadata: Record<string, string>): string {
  const appPath = join(folder, name);
  mkdirSync(appPath, { recursive: true });
  writeFileSync(
    join(appPath, 'package.json'),
    JSON.stringify({ name: 'counter-desk', version: '0.1.0', ...metadata }),
  );
  return appPath;
}

class RecordingUpdater implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  downloads = 0;
  installs = 0;
  setFeedURL(): void {}
  checkForUpdates() {
    return Promise.resolve({
      updateInfo: {
        version: '0.2.0',
        files: [{ url: 'counter-desk-0.2.0-amd64.deb', sha512: SHA }],
      },
    });
  }
  downloadUpdate(): Promise<unknown> {
    this.downloads += 1;
    return Promise.resolve([]);
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
}

async function checkWith(publicKeyPem: string | null) {
  const updater = new RecordingUpdater();
  const fetched: string[] = [];
  const outcome = await checkForSignedUpdate({
    feedBaseUrl: 'http://10.1.2.3/counter-desk',
    currentVersion: '0.1.0',
    platform: 'linux',
    arch: 'x64',
    signedInWindows: () => 0,
    updater,
    fetchBytes: (url) => {
      fetched.push(url.href);
      return Promise.resolve(url.pathname.endsWith('.sig') ? signature : feed);
    },
    beforeInstall: () => undefined,
    publicKeyPem,
  });
  return { outcome, updater, fetched };
}

describe('the release key pinned when the package is made', () => {
  it('goes from COUNTER_UPDATE_KEY_FILE into the packaged package.json, where the app reads it', () => {
    expect(UPDATE_KEY_FIELD).toBe(APP_FIELD);
    const metadata = updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: publicFile });
    expect(metadata).toEqual({ [APP_FIELD]: publicPem });
    expect(readPinnedUpdateKey(installedApp('pinned', metadata))).toBe(publicPem);
  });

  it('takes only the public half of a private key file, and refuses a key that is not ed25519', () => {
    const privateFile = join(folder, 'release-key.pem');
    writeFileSync(
      privateFile,
      release.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    expect(updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: privateFile })).toEqual({
      [APP_FIELD]: publicPem,
    });
    const rsaFile = join(folder, 'rsa.pem');
    writeFileSync(
      rsaFile,
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    );
    expect(() => updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: rsaFile })).toThrow(
      /不是 ed25519 密钥/,
    );
    expect(() =>
      updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: join(folder, 'missing.pem') }),
    ).toThrow(/无法读取/);
    expect(updateKeyMetadata({})).toEqual({});
  });

  it('refuses every update of a package made without a key, in words, fetching nothing', async () => {
    const pinned = readPinnedUpdateKey(installedApp('unpinned', {}));
    expect(pinned).toBeNull();
    const { outcome, updater, fetched } = await checkWith(pinned);
    expect(outcome).toEqual({ kind: 'refused', message: NO_UPDATE_KEY_MESSAGE });
    expect(NO_UPDATE_KEY_MESSAGE).toMatch(/没有固定发布公钥.*请/);
    expect(fetched).toEqual([]);
    expect(updater.downloads).toBe(0);
  });

  it('installs a feed signed with the pinned key, and refuses one signed with another', async () => {
    const pinned = readPinnedUpdateKey(
      installedApp('signed', updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: publicFile })),
    );
    const accepted = await checkWith(pinned);
    expect(accepted.outcome).toMatchObject({ kind: 'decided', action: 'install-now' });
    expect(accepted.updater.installs).toBe(1);

    const otherFile = join(folder, 'other.pem');
    writeFileSync(
      otherFile,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const other = readPinnedUpdateKey(
      installedApp('other', updateKeyMetadata({ COUNTER_UPDATE_KEY_FILE: otherFile })),
    );
    const refused = await checkWith(other);
    expect(refused.outcome).toMatchObject({ kind: 'refused' });
    expect(refused.updater.downloads).toBe(0);
  });
});
