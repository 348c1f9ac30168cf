import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateValidity, companyFromCertificate } from '../../src-main/domain/ca-certificate';
import type { CaKeyToken } from '../../src-main/domain/ports/ca-key';
import { CaKeyError } from '../../src-main/domain/ports/ca-key';
import { parseCertificate, verifyChallenge } from '../../src-main/devices/cakey/certificate';
import pkcs11js from 'pkcs11js';
import { caKeyErrorFrom, Pkcs11Module } from '../../src-main/devices/cakey/pkcs11-module';
import type { SoftHsmStore } from '../../src-main/devices/cakey/softhsm-tokens';
import {
  KEY_CREDIT_CODE,
  SO_PIN,
  USER_PIN,
  lockUserPin,
  softHsmModulePath,
  temporarySoftHsm,
  validity,
} from '../helpers/softhsm';

let hsm: { store: SoftHsmStore; remove: () => void };
let module: Pkcs11Module;

function tokenNamed(tokens: CaKeyToken[], label: string): CaKeyToken {
  const token = tokens.find((candidate) => candidate.label === label);
  if (!token) throw new Error(`token ${label} not found`);
  return token;
}

async function firstCertificate(label: string) {
  const token = tokenNamed(await module.tokens(), label);
  const session = await module.openSession(token.slot);
  try {
    const [certificate] = await session.certificates();
    if (!certificate) throw new Error('no certificate');
    return { token, certificate, parsed: parseCertificate(certificate.der) };
  } finally {
    await session.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<CaKeyError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CaKeyError))
    throw new Error(`expected a CaKeyError, got ${String(error)}`);
  return error;
}

beforeAll(() => {
  hsm = temporarySoftHsm();
  const base = { pin: USER_PIN, soPin: SO_PIN, ...validity(-30, 365) };
  hsm.store.createToken({
    ...base,
    label: 'ext-code',
    subject: '/CN=福州示例科技有限公司/O=福州示例科技有限公司/C=CN',
    creditCodeExtension: KEY_CREDIT_CODE,
  });
  hsm.store.createToken({
    ...base,
    label: 'subject-code',
    subject: `/CN=福州示例科技有限公司/serialNumber=${KEY_CREDIT_CODE}/C=CN`,
  });
  hsm.store.createToken({
    ...base,
    ...validity(-800, -400),
    label: 'expired',
    subject: '/CN=过期示例有限公司/C=CN',
    creditCodeExtension: KEY_CREDIT_CODE,
  });
  hsm.store.createToken({ ...base, label: 'wrong-pin', subject: '/CN=输错示例有限公司' });
  hsm.store.createToken({ ...base, label: 'locked', subject: '/CN=锁定示例有限公司' });
  hsm.store.createToken({ ...base, label: 'pulled', subject: '/CN=拔出示例有限公司' });
  lockUserPin(hsm.store, 'locked');
  module = Pkcs11Module.open(softHsmModulePath());
});

afterAll(async () => {
  await module?.close();
  hsm?.remove();
});

describe('a CA key through PKCS#11 (SoftHSM2)', () => {
  it('fills the credit code from extension 1.2.156.10260.4.1.4 of the key certificate', async () => {
    const { parsed } = await firstCertificate('ext-code');
    expect(companyFromCertificate(parsed.facts)).toEqual({
      companyName: '福州示例科技有限公司',
      creditCode: KEY_CREDIT_CODE,
      source: { kind: 'extension', oid: '1.2.156.10260.4.1.4' },
    });
    expect(parsed.algorithm).toBe('RSA 2048 / SHA-256');
    expect(parsed.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('finds the credit code in the subject when no extension carries it', async () => {
    const { parsed } = await firstCertificate('subject-code');
    const company = companyFromCertificate(parsed.facts);
    expect(company.creditCode).toBe(KEY_CREDIT_CODE);
    expect(company.source).toEqual({ kind: 'subject', oid: '2.5.4.5' });
  });

  it('refuses an expired certificate', async () => {
    const { parsed } = await firstCertificate('expired');
    expect(certificateValidity(parsed.facts, new Date()).kind).toBe('expired');
  });

  it('proves possession: the key signs a random challenge that verifies with its certificate', async () => {
    const { token, certificate, parsed } = await firstCertificate('ext-code');
    const session = await module.openSession(token.slot);
    try {
      await session.login(USER_PIN);
      const challenge = randomBytes(32);
      const signature = await session.sign(certificate.id, challenge, 'rsa-pkcs1-sha256');
      expect(verifyChallenge(parsed, challenge, signature)).toBe(true);
      expect(verifyChallenge(parsed, randomBytes(32), signature)).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('says the PIN is wrong and shows that wrong PINs were counted', async () => {
    const token = tokenNamed(await module.tokens(), 'wrong-pin');
    expect(token.pinCountLow).toBe(false);
    const session = await module.openSession(token.slot);
    try {
      const error = await failure(session.login('000000'));
      expect(error.reason).toBe('pin-incorrect');
      expect(error.message).toContain('PIN 码不正确');
      expect(error.message).not.toContain('000000');
      expect(error.token?.pinCountLow).toBe(true);
      await session.login(USER_PIN);
    } finally {
      await session.close();
    }
    // The right PIN clears the token's count again.
    expect(tokenNamed(await module.tokens(), 'wrong-pin').pinCountLow).toBe(false);
  });

  it('explains a locked PIN and does not try the PIN against it', async () => {
    const token = tokenNamed(await module.tokens(), 'locked');
    expect(token.pinLocked).toBe(true);
    const session = await module.openSession(token.slot);
    try {
      const error = await failure(session.login(USER_PIN));
      expect(error.reason).toBe('pin-locked');
      expect(error.message).toContain('发证 CA 机构');
    } finally {
      await session.close();
    }
  });

  it('gives a clear error when the key is pulled out between the PIN and the signature', async () => {
    const { token, certificate } = await firstCertificate('pulled');
    const session = await module.openSession(token.slot);
    await session.login(USER_PIN);
    hsm.store.deleteToken('pulled');
    const error = await failure(session.sign(certificate.id, randomBytes(32), 'rsa-pkcs1-sha256'));
    expect(error.reason).toBe('token-removed');
    expect(error.message).toContain('被拔出');
    await session.close();
    await expect(module.openSession(token.slot)).rejects.toMatchObject({ reason: 'token-removed' });
  });

  it('explains a PKCS#11 module that cannot be loaded', () => {
    expect(() => Pkcs11Module.open('/nonexistent/libvendor-pkcs11.so')).toThrow(
      /无法加载 UKey 驱动.*本柜台设置/,
    );
  });
});

describe('an SM2 certificate (GM/T 0015)', () => {
  it('parses issuer, subject, validity and extensions, and says the signature cannot be checked here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-sm2-'));
    try {
      execFileSync('openssl', ['ecparam', '-name', 'SM2', '-genkey', '-noout', '-out', 'sm2.key'], {
        cwd: dir,
      });
      execFileSync(
        'openssl',
        [
          'req',
          '-new',
          '-x509',
          '-key',
          'sm2.key',
          '-sm3',
          '-days',
          '365',
          '-utf8',
          '-subj',
          `/CN=国密示例有限公司/OU=${KEY_CREDIT_CODE}/C=CN`,
          '-addext',
          `1.2.156.10260.4.1.4=ASN1:UTF8String:${KEY_CREDIT_CODE}`,
          '-outform',
          'DER',
          '-out',
          'sm2.der',
        ],
        { cwd: dir },
      );
      const parsed = parseCertificate(readFileSync(join(dir, 'sm2.der')));
      expect(parsed.algorithm).toBe('SM2 / SM3');
      expect(parsed.mechanism).toBeNull();
      expect(companyFromCertificate(parsed.facts)).toMatchObject({
        companyName: '国密示例有限公司',
        creditCode: KEY_CREDIT_CODE,
        source: { kind: 'extension' },
      });
      expect(parsed.facts.issuer).toContainEqual({ oid: '2.5.4.3', value: '国密示例有限公司' });
      expect(certificateValidity(parsed.facts, new Date()).kind).toBe('valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PKCS#11 return values a key may give', () => {
  it('explains CKR_PIN_LOCKED from a key that locks on the last wrong PIN', () => {
    const locked = caKeyErrorFrom(
      new pkcs11js.Pkcs11Error('CKR_PIN_LOCKED', pkcs11js.CKR_PIN_LOCKED, 'C_Login'),
      null,
      true,
    );
    expect(locked.reason).toBe('pin-locked');
  });

  it('reads CKR_DEVICE_REMOVED and CKR_TOKEN_NOT_PRESENT as a pulled key', () => {
    for (const code of [
      pkcs11js.CKR_DEVICE_REMOVED,
      pkcs11js.CKR_TOKEN_NOT_PRESENT,
      pkcs11js.CKR_SESSION_HANDLE_INVALID,
    ]) {
      expect(caKeyErrorFrom(new pkcs11js.Pkcs11Error('x', code, 'C_Sign'), null, true).reason).toBe(
        'token-removed',
      );
    }
  });
});
