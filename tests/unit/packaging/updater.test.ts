import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UpdateCheckDeps, UpdaterPort } from '../../../src-main/shell/electron/updater';
import { checkForSignedUpdate } from '../../../src-main/shell/electron/updater';

const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const SHA = 'c2lnbmVkLXJlbGVhc2UtYnl0ZXM=';
const feed = Buffer.from(
  `version: 0.2.0\nfiles:\n  - url: counter-desk-0.2.0-amd64.deb\n    sha512: ${SHA}\n    size: 100\n`,
);

class FakeUpdater implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  feedUrl = '';
  downloads = 0;
  installs = 0;
  offeredSha = SHA;
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feedUrl = options.url;
  }
  checkForUpdates() {
    return Promise.resolve({
      updateInfo: {
        version: '0.2.0',
        files: [{ url: 'counter-desk-0.2.0-amd64.deb', sha512: this.offeredSha }],
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

function deps(overrides: Partial<UpdateCheckDeps> = {}) {
  const updater = new FakeUpdater();
  const fetched: string[] = [];
  let released = 0;
  const base: UpdateCheckDeps = {
    feedBaseUrl: 'http://10.1.2.3/counter-desk',
    currentVersion: '0.1.0',
    platform: 'linux',
    arch: 'x64',
    signedInWindows: () => 0,
    updater,
    fetchBytes: (url) => {
      fetched.push(url.href);
      return Promise.resolve(
        url.pathname.endsWith('.sig')
          ? Buffer.from(sign(null, feed, keys.privateKey).toString('base64'))
          : feed,
      );
    },
    beforeInstall: () => {
      released += 1;
    },
    publicKeyPem,
    ...overrides,
  };
  return { base, updater, fetched, released: () => released };
}

describe('the update check', () => {
  it('is off until the supervisor sets an address', async () => {
    const { base, fetched } = deps({ feedBaseUrl: '' });
    expect(await checkForSignedUpdate(base)).toEqual({ kind: 'off' });
    expect(fetched).toEqual([]);
  });

  it('verifies the feed, downloads the signed release and installs it while nobody works', async () => {
    const { base, updater, fetched, released } = deps();
    const outcome = await checkForSignedUpdate(base);

    expect(fetched).toEqual([
      'http://10.1.2.3/counter-desk/latest-linux.yml',
      'http://10.1.2.3/counter-desk/latest-linux.yml.sig',
    ]);
    expect(outcome).toMatchObject({ kind: 'decided', action: 'install-now' });
    expect(updater.feedUrl).toBe('http://10.1.2.3/counter-desk/');
    expect(updater.downloads).toBe(1);
    expect(released()).toBe(1);
    expect(updater.installs).toBe(1);
  });

  it('keeps a downloaded release for the next quit while a clerk is signed in', async () => {
    const { base, updater } = deps({ signedInWindows: () => 1 });
    const outcome = await checkForSignedUpdate(base);

    expect(outcome).toMatchObject({ kind: 'decided', action: 'later' });
    expect(updater.installs).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('downloads nothing when the signature fails or the updater offers another build', async () => {
    const forged = deps({
      publicKeyPem: generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    });
    expect(await checkForSignedUpdate(forged.base)).toMatchObject({ kind: 'refused' });
    expect(forged.updater.downloads).toBe(0);

    const swapped = deps();
    swapped.updater.offeredSha = 'b3RoZXItYnl0ZXM=';
    expect(await checkForSignedUpdate(swapped.base)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('不一致') as unknown,
    });
    expect(swapped.updater.downloads).toBe(0);
  });
});
