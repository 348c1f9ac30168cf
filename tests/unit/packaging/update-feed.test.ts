import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  feedFileName,
  isNewer,
  isSignedRelease,
  updateDecision,
  UpdateFeedError,
  verifiedRelease,
} from '../../../src-main/shell/electron/update-feed';

const release = generateKeyPairSync('ed25519');
const releaseKey = release.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const url = new URL('http://update.hall.local/counter-desk/latest.yml');

// What electron-builder writes for the NSIS package.
const FEED = Buffer.from(
  [
    'version: 0.2.0',
    'files:',
    '  - url: counter-desk-setup-0.2.0-x64.exe',
    '    sha512: 3rH0RgqGfk6BhXlN0F1v7Rj4Ee0Xw0rV4mE3e0f8KxJk6p0dA8v1n3tq6xQ9vS1zR2bC0y5uL7wF4hJ8kM9nOA==',
    '    size: 91234567',
    'path: counter-desk-setup-0.2.0-x64.exe',
    'sha512: 3rH0RgqGfk6BhXlN0F1v7Rj4Ee0Xw0rV4mE3e0f8KxJk6p0dA8v1n3tq6xQ9vS1zR2bC0y5uL7wF4hJ8kM9nOA==',
    "releaseDate: '2026-12-01T03:00:00.000Z'",
    '',
  ].join('\n'),
);
const signatureOf = (bytes: Buffer, key = release.privateKey) =>
  sign(null, bytes, key).toString('base64');

describe('the update feed', () => {
  it('is read as electron-updater reads it, once its signature by the release key holds', () => {
    const signed = verifiedRelease(FEED, signatureOf(FEED), url, releaseKey);
    expect(signed.version).toBe('0.2.0');
    expect(signed.files).toEqual([
      expect.objectContaining({ url: 'counter-desk-setup-0.2.0-x64.exe', size: 91234567 }),
    ]);
  });

  it('is refused when one byte changed, when another key signed it, or unsigned', () => {
    const tampered = Buffer.from(FEED.toString('utf8').replace('0.2.0', '0.2.1'));
    expect(() => verifiedRelease(tampered, signatureOf(FEED), url, releaseKey)).toThrow(
      UpdateFeedError,
    );
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(() => verifiedRelease(FEED, signatureOf(FEED, other), url, releaseKey)).toThrow(
      /签名不符/,
    );
    expect(() => verifiedRelease(FEED, '', url, releaseKey)).toThrow(/签名不符/);
  });

  it('is refused when signed but incomplete', () => {
    const bare = Buffer.from('version: 0.2.0\n');
    expect(() => verifiedRelease(bare, signatureOf(bare), url, releaseKey)).toThrow(/不完整/);
  });

  it('binds what the updater offers to the signed release', () => {
    const signed = verifiedRelease(FEED, signatureOf(FEED), url, releaseKey);
    const file = signed.files[0];
    if (!file) throw new Error('no file');
    expect(isSignedRelease(signed, { version: '0.2.0', files: [file] })).toBe(true);
    expect(
      isSignedRelease(signed, { version: '0.2.0', files: [{ ...file, sha512: 'AAAA' }] }),
    ).toBe(false);
    expect(isSignedRelease(signed, { version: '0.2.1', files: [file] })).toBe(false);
  });

  it('names the feed file of each package', () => {
    expect(feedFileName('win32', 'x64')).toBe('latest.yml');
    expect(feedFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(feedFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
  });
});

describe('now or later', () => {
  const signed = verifiedRelease(FEED, signatureOf(FEED), url, releaseKey);

  it('installs a newer release at once while nobody is signed in', () => {
    expect(
      updateDecision({ release: signed, currentVersion: '0.1.0', signedInWindows: 0 }),
    ).toEqual({ action: 'install-now' });
  });

  it('waits while a clerk is signed in, so no case in progress is interrupted', () => {
    const decision = updateDecision({
      release: signed,
      currentVersion: '0.1.0',
      signedInWindows: 1,
    });
    expect(decision.action).toBe('later');
    expect(decision.action === 'later' && decision.reason).toContain('0.2.0');
  });

  it('does nothing for the same or an older version', () => {
    expect(
      updateDecision({ release: signed, currentVersion: '0.2.0', signedInWindows: 0 }).action,
    ).toBe('none');
    expect(isNewer('0.10.0', '0.9.9')).toBe(true);
    expect(isNewer('0.9.9', '0.10.0')).toBe(false);
  });
});
