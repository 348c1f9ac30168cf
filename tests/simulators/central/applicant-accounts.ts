import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { OperationSecrets } from '../../../src-main/domain/applicant';
import {
  applicantPasswordRule,
  applicantScreenOf,
  birthDateOfIdNumber,
  operationSecretsSchema,
  passwordAccepted,
  SEALING_INFO,
  SEALING_INFO_SECRETS,
  SEALING_SUITE,
  sealingAad,
} from '../../../src-main/domain/applicant';
import { applicantSecretsOf } from '../../../src-main/domain/operations/operation';
import type { ProvinceProfile } from '../../../src-main/domain/profile';
import { LegacySystemsSim } from './legacy-systems';
import {
  ROTATION_EXPORTER_CONTEXT,
  ROTATION_INFO,
  ROTATION_SECRET_BYTES,
  rotationStatement,
} from '../../../src-main/domain/sealing-key-rotation';

/**
 * The platform's side of the applicant's screen, registered by the central simulator:
 *
 * - an HPKE key pair (X25519, HKDF-SHA256, AES-128-GCM) whose public half goes out with every
 *   counter registration and at `GET /v1/sealing-key`;
 * - on case intake, the sealed password is opened (bound to the case number, the signing
 *   counter and the key id), checked against the province's rule again and kept only as a
 *   scrypt hash under the login name; a province that activates by SMS gets an SMS recorded;
 * - an account operation's secrets (激活: the new password; 升级: the legacy system's password
 *   and the administrator's new one) are opened the same way under their own info; the old
 *   password is checked against the legacy account (Jiangsu's refusals for a wrong one and an
 *   account upgraded already), the new one against the rule, and kept as a hash on acceptance;
 * - `POST /v1/login` checks a login name and password the way the platform's login would;
 * - rotation: `POST /__admin/sealing-key/rotate {graceMs}` makes a new key the current one;
 *   the previous one still opens passwords for `graceMs`, then a password sealed to it is
 *   refused (SEALING_KEY_RETIRED: the applicant sets it again). `POST /v1/sealing-key/endorsement`
 *   (signed line) proves the current key with the counter's pinned one (see the domain module);
 * - `GET /__admin/sms` lists the SMS the platform "sent", `GET /__admin/accounts` the logins.
 */

type CryptoKeyOf<S extends { kem: { serializePublicKey(key: never): unknown } }> = Parameters<
  S['kem']['serializePublicKey']
>[0];

const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes128Gcm(),
});

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS platform_logins (login_name TEXT PRIMARY KEY, salt BLOB NOT NULL,
    hash BLOB NOT NULL, case_number TEXT NOT NULL, set_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS platform_ratings (case_number TEXT PRIMARY KEY,
    counter_id TEXT NOT NULL, level TEXT NOT NULL, reasons TEXT NOT NULL, text TEXT,
    rated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS platform_sms (id INTEGER PRIMARY KEY, mobile TEXT NOT NULL,
    text TEXT NOT NULL, case_number TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** What the simulator needs to know of a submission. */
export interface ApplicantSubmission {
  caseNumber: string;
  profileId: string;
  caseType: { operation: string };
  values: Record<string, string>;
  applicant?: {
    sealedPassword?: { keyId: string; enc: string; ct: string } | null;
    sealedSecrets?: { keyId: string; enc: string; ct: string } | null;
  };
}

type Opened =
  | { password: string }
  | { secrets: OperationSecrets }
  | { problem: 'PASSWORD_UNREADABLE' | 'SEALING_KEY_RETIRED' };

/** One of the platform's sealing keys; old ones are kept to open what was sealed under them. */
interface SealingKeyPair {
  keyId: string;
  pair: webcrypto.CryptoKeyPair;
  publicKey: string;
  /** Passwords sealed to it are accepted until then (null: the current key). */
  acceptUntil: number | null;
}

/** The administrator first: an upgrade's new password is theirs. */
const PARTIES = ['admin', 'applicant', 'agent', 'legalRep'];

function first(values: Record<string, string>, field: string): string {
  for (const party of PARTIES) {
    const value = values[`${party}.${field}`]?.trim();
    if (value) return value;
  }
  return '';
}

/** Problems a refusal names, in the platform's words. */
const messages: Record<string, string> = {
  PASSWORD_UNREADABLE: '密码密文无法解开（与办件或柜台不符）',
  PASSWORD_RULE: '密码不符合平台密码规则',
  SECRETS_MISSING: '缺少申请人在申请人屏幕上输入的密码',
  LOGIN_NAME_MISMATCH:
    '登录账号与申请人在申请人屏幕上设置的不一致，请将办件交给申请人在申请人屏幕上重新设置账号和密码后再提交',
  SEALING_KEY_RETIRED:
    '平台加密密钥已更换，本办件的密码是用已停用的密钥加密的，请将办件交给申请人在申请人屏幕上重新设置密码后再提交',
};

/** Seeds/003 2.3 完成升级: the words the platform shows with the new 单位编号. */
const upgradedMessage = (unitCode: string) =>
  `历史用户升级成功, 请使用新单位编号 ${unitCode} 前往登录`;

export class ApplicantAccounts {
  /** Every key the platform has had, oldest first; the last one is current. */
  private readonly keys: SealingKeyPair[] = [];
  /** Opened passwords of submissions being handled, by idempotency key (memory only). */
  private readonly opened = new Map<string, Opened>();
  /** Jiangsu's legacy city systems, whose old passwords an upgrade proves. */
  readonly legacy: LegacySystemsSim;

  constructor(
    private readonly db: Database.Database,
    private readonly profiles: Map<string, ProvinceProfile>,
    private readonly now: () => number,
  ) {
    db.exec(SCHEMA);
    this.legacy = new LegacySystemsSim(db);
  }

  /** Makes the first key pair once. */
  async init(): Promise<void> {
    if (this.keys.length === 0) await this.addKey();
  }

  private async addKey(): Promise<SealingKeyPair> {
    const pair = (await suite.kem.generateKeyPair()) as webcrypto.CryptoKeyPair;
    const raw = await suite.kem.serializePublicKey(pair.publicKey as CryptoKeyOf<typeof suite>);
    const key: SealingKeyPair = {
      keyId: `sim-sealing-${this.keys.length + 1}`,
      pair,
      publicKey: Buffer.from(raw).toString('base64'),
      acceptUntil: null,
    };
    this.keys.push(key);
    return key;
  }

  private get current(): SealingKeyPair {
    const key = this.keys.at(-1);
    if (!key) throw new Error('sealing key not made yet');
    return key;
  }

  /**
   * The platform's operator rotates the sealing key: a new one becomes current; passwords
   * sealed to the previous one are still opened for `graceMs`, then refused.
   */
  async rotate(graceMs: number): Promise<{ keyId: string }> {
    const previous = this.current;
    previous.acceptUntil = this.now() + graceMs;
    return { keyId: (await this.addKey()).keyId };
  }

  /** The platform's operator changes a province's profile (e.g. activation by SMS). */
  installProfile(profile: ProvinceProfile): void {
    this.profiles.set(profile.id, profile);
  }

  /** The key the registration answer and `GET /v1/sealing-key` carry. */
  sealingKey(): { keyId: string; suite: string; publicKey: string } {
    const key = this.current;
    return { keyId: key.keyId, suite: SEALING_SUITE, publicKey: key.publicKey };
  }

  /**
   * The current key, endorsed with the key the counter has pinned: HPKE's exporter secret of
   * the counter's context (only the holder of that key's private half derives it) MACs the
   * statement. Called on the counter's signed line.
   */
  async endorsement(
    counterId: string,
    body: Buffer,
  ): Promise<{ status: number; payload: unknown }> {
    let input: { fromKeyId?: unknown; enc?: unknown };
    try {
      input = JSON.parse(body.toString('utf8')) as { fromKeyId?: unknown; enc?: unknown };
    } catch {
      return { status: 400, payload: { code: 'BAD_REQUEST', message: '请求格式错误' } };
    }
    const from = this.keys.find((key) => key.keyId === input.fromKeyId);
    if (!from || typeof input.enc !== 'string') {
      return { status: 404, payload: { code: 'UNKNOWN_KEY', message: '平台没有该密钥' } };
    }
    const context = await suite.createRecipientContext({
      recipientKey: from.pair,
      enc: Buffer.from(input.enc, 'base64'),
      info: new TextEncoder().encode(ROTATION_INFO),
    });
    const secret = await context.export(
      new TextEncoder().encode(ROTATION_EXPORTER_CONTEXT),
      ROTATION_SECRET_BYTES,
    );
    const key = this.sealingKey();
    const proof = createHmac('sha256', Buffer.from(secret))
      .update(rotationStatement({ counterId, fromKeyId: from.keyId, ...key }))
      .digest('base64');
    return { status: 200, payload: { key, proof } };
  }

  /**
   * Before a case intake is handled (opening is asynchronous, the intake is one transaction):
   * opens the sealed password with the associated data of this case and this counter.
   */
  async prepare(req: IncomingMessage, url: URL, body: Buffer): Promise<void> {
    if (req.method !== 'POST' || url.pathname !== '/v1/cases' || this.keys.length === 0) return;
    const key = String(req.headers['idempotency-key'] ?? '');
    let input: ApplicantSubmission;
    try {
      input = JSON.parse(body.toString('utf8')) as ApplicantSubmission;
    } catch {
      return;
    }
    const secrets = input.applicant?.sealedSecrets;
    const sealed = secrets ?? input.applicant?.sealedPassword;
    if (!sealed) return;
    const counterId = String(req.headers['x-counter-id'] ?? '');
    const sealedTo = this.keys.find((item) => item.keyId === sealed.keyId);
    if (sealedTo?.acceptUntil != null && this.now() > sealedTo.acceptUntil) {
      this.opened.set(key, { problem: 'SEALING_KEY_RETIRED' });
      return;
    }
    try {
      if (!sealedTo) throw new Error('unknown key');
      const aad = sealingAad({ caseNumber: input.caseNumber, counterId, keyId: sealed.keyId });
      const plain = await suite.open(
        {
          recipientKey: sealedTo.pair,
          enc: Buffer.from(sealed.enc, 'base64'),
          info: new TextEncoder().encode(secrets ? SEALING_INFO_SECRETS : SEALING_INFO),
        },
        Buffer.from(sealed.ct, 'base64'),
        new TextEncoder().encode(aad),
      );
      const text = new TextDecoder().decode(plain);
      this.opened.set(
        key,
        secrets ? { secrets: operationSecretsSchema.parse(JSON.parse(text)) } : { password: text },
      );
    } catch {
      this.opened.set(key, { problem: 'PASSWORD_UNREADABLE' });
    }
  }

  /** The secrets an operation of the profile asks the applicant for. */
  private asks(input: ApplicantSubmission) {
    return applicantSecretsOf(
      this.profiles.get(input.profileId)?.operations ?? [],
      input.caseType.operation,
    );
  }

  /** What an upgrade case claims about its legacy account, with the old password. */
  private legacyClaim(input: ApplicantSubmission, oldPassword: string) {
    return {
      system: input.values['legacy.system'] ?? '',
      username: input.values['legacy.username'] ?? '',
      unitCode: input.values['legacy.unitCode'] ?? '',
      creditCode: input.values['company.creditCode'] ?? '',
      oldPassword,
    };
  }

  /** The refusal code for the password, or null. */
  check(input: ApplicantSubmission, key: string): string | null {
    const opened = this.opened.get(key);
    const asks = this.asks(input);
    if (asks.length > 0 && (!opened || 'password' in opened)) return 'SECRETS_MISSING';
    if (!opened) return null;
    if ('problem' in opened) return opened.problem;
    const profile = this.profiles.get(input.profileId);
    if (!profile) return null;
    const secrets: OperationSecrets = 'secrets' in opened ? opened.secrets : {};
    if (asks.some((name) => !secrets[name])) return 'SECRETS_MISSING';
    // The account sealed with the password is the one the applicant chose: the case's value
    // must still be it, or the password would go to a name the applicant never saw.
    const chosen = secrets.loginName?.toLowerCase();
    if (chosen !== undefined && chosen !== input.values['account.username']?.toLowerCase()) {
      return 'LOGIN_NAME_MISMATCH';
    }
    if (asks.includes('oldPassword')) {
      const refusal = this.legacy.check(this.legacyClaim(input, secrets.oldPassword ?? ''));
      if (refusal) return refusal;
    }
    const password = 'password' in opened ? opened.password : (secrets.newPassword ?? '');
    const accepted = passwordAccepted(applicantPasswordRule(profile), password, {
      loginName: input.values['account.username'] ?? '',
      birthDate: birthDateOfIdNumber(first(input.values, 'idNumber')),
      mobile: first(input.values, 'mobile'),
    });
    return accepted ? null : 'PASSWORD_RULE';
  }

  /** The platform's words for a refusal of this module, or null. */
  refusalMessage(code: string): string | null {
    return messages[code] ?? null;
  }

  /** Keeps a login's password as a scrypt hash only. */
  private keepLogin(loginName: string, password: string, caseNumber: string): void {
    const salt = randomBytes(16);
    this.db
      .prepare(
        `INSERT INTO platform_logins (login_name, salt, hash, case_number, set_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (login_name) DO UPDATE SET salt = excluded.salt, hash = excluded.hash`,
      )
      .run(loginName.toLowerCase(), salt, scryptSync(password, salt, 32), caseNumber, this.now());
  }

  /**
   * The case is accepted: keep the password's hash, or "send" the activation SMS. An upgrade
   * gets its new 单位编号, the administrator's login under it, and the platform's words.
   */
  accept(input: ApplicantSubmission, key: string): { message: string | null; unitCode?: string } {
    const opened = this.opened.get(key);
    this.opened.delete(key);
    const secrets = opened && 'secrets' in opened ? opened.secrets : null;
    if (secrets?.oldPassword && secrets.newPassword) {
      const unitCode = this.legacy.upgrade(this.legacyClaim(input, secrets.oldPassword));
      this.keepLogin(unitCode, secrets.newPassword, input.caseNumber);
      return { message: upgradedMessage(unitCode), unitCode };
    }
    const loginName = input.values['account.username']?.toLowerCase();
    if (secrets?.newPassword && loginName) {
      // 激活: the account the applicant set, with the password typed on their screen.
      this.keepLogin(loginName, secrets.newPassword, input.caseNumber);
      return { message: null };
    }
    if (input.caseType.operation !== 'register' || !loginName) return { message: null };
    if (opened && 'password' in opened) {
      this.keepLogin(loginName, opened.password, input.caseNumber);
      return { message: null };
    }
    const profile = this.profiles.get(input.profileId);
    const mobile = first(input.values, 'mobile');
    if (profile && applicantScreenOf(profile).activation === 'sms' && mobile) {
      this.db
        .prepare('INSERT INTO platform_sms (mobile, text, case_number, at) VALUES (?, ?, ?, ?)')
        .run(
          mobile,
          `您的统一身份认证平台账号 ${loginName} 已开通，请点击短信中的链接设置密码完成激活。`,
          input.caseNumber,
          this.now(),
        );
    }
    return { message: null };
  }

  /** Forgets what was opened for a refused intake. */
  forget(key: string): void {
    this.opened.delete(key);
  }

  /** Routes of this module; null when the path is not one of them. */
  route(method: string, path: string, body: Buffer): { status: number; payload: unknown } | null {
    if (method === 'POST' && path === '/v1/login') {
      const input = JSON.parse(body.toString('utf8') || '{}') as {
        loginName?: string;
        password?: string;
      };
      const row = this.db
        .prepare('SELECT salt, hash FROM platform_logins WHERE login_name = ?')
        .get((input.loginName ?? '').toLowerCase()) as { salt: Buffer; hash: Buffer } | undefined;
      const ok =
        row !== undefined &&
        timingSafeEqual(scryptSync(input.password ?? '', row.salt, 32), row.hash);
      return ok
        ? { status: 200, payload: { ok: true } }
        : { status: 401, payload: { code: 'LOGIN_FAILED', message: '用户名或密码错误' } };
    }
    return null;
  }

  /** Routes that need the counter's signature (checked by the caller); null when not ours. */
  signedRoute(
    counterId: string,
    method: string,
    path: string,
    body: Buffer,
  ): { status: number; payload: unknown } | null {
    const rating = /^\/v1\/cases\/([^/]+)\/rating$/.exec(path);
    if (method === 'POST' && rating?.[1]) {
      const input = JSON.parse(body.toString('utf8')) as {
        level: string;
        reasons?: string[];
        text?: string | null;
        ratedAt: string;
      };
      // Idempotent: the same case's rating sent again replaces itself.
      this.db
        .prepare(
          `INSERT INTO platform_ratings (case_number, counter_id, level, reasons, text, rated_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (case_number) DO UPDATE SET level = excluded.level,
             reasons = excluded.reasons, text = excluded.text, rated_at = excluded.rated_at`,
        )
        .run(
          decodeURIComponent(rating[1]),
          counterId,
          input.level,
          JSON.stringify(input.reasons ?? []),
          input.text ?? null,
          input.ratedAt,
        );
      return { status: 200, payload: { ok: true } };
    }
    return null;
  }

  /** Admin views: the SMS "sent" and the logins that have a password. */
  admin(path: string): unknown {
    if (path === '/__admin/sms') {
      return this.db
        .prepare('SELECT mobile, text, case_number AS caseNumber FROM platform_sms')
        .all();
    }
    if (path === '/__admin/ratings') {
      return this.db
        .prepare('SELECT case_number AS caseNumber, level, text FROM platform_ratings')
        .all();
    }
    if (path === '/__admin/accounts') {
      return this.db
        .prepare('SELECT login_name AS loginName, case_number AS caseNumber FROM platform_logins')
        .all();
    }
    return null;
  }
}
