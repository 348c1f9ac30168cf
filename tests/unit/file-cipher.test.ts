import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptBytes, encryptBytes } from '../../src-main/store/crypto/file-cipher';
import { deriveKey, generateMasterKey } from '../../src-main/store/crypto/key-hierarchy';

describe('attachment file encryption', () => {
  const key = deriveKey(generateMasterKey(), 'attachments');
  const scan = Buffer.from('身份证复印件 110101199003077777');

  it('round-trips a file and leaves no clear text in the sealed bytes', () => {
    const sealed = encryptBytes(key, scan, 'sha256-of-scan');
    expect(sealed.includes(Buffer.from('110101199003077777'))).toBe(false);
    expect(decryptBytes(key, sealed, 'sha256-of-scan')).toEqual(scan);
  });

  it('refuses a file with one flipped byte', () => {
    const sealed = encryptBytes(key, scan, 'ctx');
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => decryptBytes(key, sealed, 'ctx')).toThrow();
  });

  it('refuses a file moved under another name or opened with another key', () => {
    const sealed = encryptBytes(key, scan, 'name-a');
    expect(() => decryptBytes(key, sealed, 'name-b')).toThrow();
    expect(() => decryptBytes(Buffer.from(randomBytes(32)), sealed, 'name-a')).toThrow();
  });

  it('derives different keys for the database and the attachments', () => {
    const master = generateMasterKey();
    expect(deriveKey(master, 'database').equals(deriveKey(master, 'attachments'))).toBe(false);
  });
});
