import { randomBytes } from 'node:crypto';
import type { CaKeyCertificate, CaseCaKey } from '../../contract/cakey-channels';
import type { DeviceStatus } from '../../contract/schemas';
import type { CertificateCompany } from '../../domain/ca-certificate';
import {
  certificateValidity,
  companyFieldKeys,
  companyFromCertificate,
  formatName,
  issuerDisplayName,
  NAME_ATTRIBUTE_LABELS,
} from '../../domain/ca-certificate';
import type { CaKeyModule, CaKeyToken, TokenCertificate } from '../../domain/ports/ca-key';
import type { ParsedCertificate } from '../../devices/cakey/certificate';
import { appendAudit } from '../../store/repositories/audit-log';
import {
  findCaseCaKey,
  markCaseCaKeyVerified,
  saveCaseCaKeyRead,
} from '../../store/repositories/case-ca-keys';
import { CaKeyRefusal, TRAINING_KEY, isCaKeyError, isModuleRefusal } from './cakey-desk';
import { applyDeviceValues } from '../cases/case-field-locks';
import { requireAssignee } from '../shared/case-access';
import { caseTypeOf } from '../shared/case-view';
import { recordDeviceFieldUnlock, requireCase, requireEditable } from '../cases/cases';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

/** The CA key's line in the device status area. */
export function cakeyStatus(ctx: ServiceContext): DeviceStatus {
  return ctx.cakey.status(getSettings(ctx));
}

/** A certificate on a token with what the counter makes of it. */
interface KeyCertificate {
  token: CaKeyToken;
  object: TokenCertificate;
  parsed: ParsedCertificate;
  company: CertificateCompany;
}

/**
 * @peculiar/x509 and its dependencies load when a CA key is first read: loading them at
 * start would slow every start for a step many cases never take.
 */
const loadCertificateParser = () => import('../../devices/cakey/certificate');

/**
 * The company certificate on the first token: of several, one that names a credit code and
 * is valid now comes first (a key may also hold an encryption certificate or an old one).
 */
async function companyCertificate(
  ctx: ServiceContext,
  module: CaKeyModule,
): Promise<KeyCertificate> {
  const { parseCertificate } = await loadCertificateParser();
  const now = ctx.clock.now();
  const found: KeyCertificate[] = [];
  const tokens = await module.tokens();
  // No slot with a token present: the key is not plugged in (or was just pulled), which is
  // not the same as a key without certificates.
  if (tokens.length === 0) throw new CaKeyRefusal('absent', '未插入 UKey');
  for (const token of tokens) {
    const session = await module.openSession(token.slot);
    try {
      for (const object of await session.certificates()) {
        try {
          const parsed = parseCertificate(object.der);
          found.push({ token, object, parsed, company: companyFromCertificate(parsed.facts) });
        } catch {
          // A certificate this parser cannot read is skipped; another one may serve.
        }
      }
    } finally {
      await session.close();
    }
  }
  const score = (item: KeyCertificate) =>
    (item.company.creditCode ? 2 : 0) +
    (certificateValidity(item.parsed.facts, now).kind === 'valid' ? 1 : 0);
  const best = [...found].sort((a, b) => score(b) - score(a))[0];
  if (!best) throw new UseCaseError('CAKEY_NO_CERTIFICATE');
  return best;
}

/** Turns the desk's and the token's failures into the contract's errors. */
function refusalOf(ctx: ServiceContext, error: unknown): unknown {
  if (isModuleRefusal(error)) {
    const code = {
      'not-configured': 'CAKEY_NOT_CONFIGURED',
      absent: 'CAKEY_ABSENT',
      'driver-missing': 'CAKEY_DRIVER_MISSING',
    } as const;
    return new UseCaseError(code[error.reason], { message: `${error.detail}。` });
  }
  if (!isCaKeyError(error)) return error;
  switch (error.reason) {
    case 'pin-incorrect': {
      const count = error.token ? ctx.cakey.countWrongPin(error.token) : 1;
      const warning = error.token?.pinFinalTry
        ? '再输错一次 UKey 将被锁定，请申请人确认后再输入。'
        : '请申请人本人核对后重新输入。';
      const message = `UKey 的 PIN 码不正确（已连续输错 ${count} 次）。${warning}`;
      return new UseCaseError('CAKEY_PIN_INCORRECT', { message, fields: { pin: message } });
    }
    case 'pin-locked':
      return new UseCaseError('CAKEY_PIN_LOCKED', { message: error.message });
    case 'token-removed':
      return new UseCaseError('CAKEY_REMOVED');
    case 'module-unavailable':
      return new UseCaseError('CAKEY_DRIVER_MISSING', { message: error.message });
    case 'pin-invalid':
      return new UseCaseError('CAKEY_PIN_INCORRECT', {
        message: error.message,
        fields: { pin: error.message },
      });
    case 'no-private-key':
    case 'failed':
      return new UseCaseError('CAKEY_FAILED', { message: error.message });
  }
}

function sourceLabel(company: CertificateCompany): string {
  switch (company.source.kind) {
    case 'extension':
      return `证书扩展项 ${company.source.oid}`;
    case 'subject':
      return `证书主题 ${NAME_ATTRIBUTE_LABELS[company.source.oid] ?? company.source.oid}`;
    case 'none':
      return '证书中未找到统一社会信用代码';
  }
}

function toCaseCaKey(record: NonNullable<ReturnType<typeof findCaseCaKey>>): CaseCaKey {
  return { ...record };
}

/**
 * Reads the company certificate from the key: company name and credit code by IDCARD.md §6.3,
 * issuer and validity. An expired or not-yet-valid certificate is refused. With a case
 * number, the read is kept with the case (its code then guards the typed one) and audited.
 */
export async function readCaKeyCertificate(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber?: string | undefined },
): Promise<{ certificate: CaKeyCertificate; caseRecord: CaseCaKey | null }> {
  const record = input.caseNumber ? requireCase(ctx, input.caseNumber) : null;
  if (record) requireAssignee(actor, record);
  if (record) requireEditable(record);
  const settings = getSettings(ctx);
  let read: KeyCertificate & { keyModel: string };
  try {
    read = await ctx.cakey.withModule(settings, async (module, keyModel) => ({
      ...(await companyCertificate(ctx, module)),
      keyModel,
    }));
  } catch (error) {
    throw refusalOf(ctx, error);
  }
  const { parsed, company } = read;
  const validity = certificateValidity(parsed.facts, ctx.clock.now());
  const now = nowIso(ctx);
  appendAudit(ctx.db, {
    at: now,
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'cakey.read',
    subject: record?.caseNumber ?? null,
    detail: { fingerprint: parsed.fingerprintSha256, validity: validity.kind },
  });
  if (validity.kind !== 'valid') {
    throw new UseCaseError('CAKEY_CERTIFICATE_NOT_VALID', { message: validity.message });
  }
  const certificate: CaKeyCertificate = {
    companyName: company.companyName,
    creditCode: company.creditCode,
    creditCodeSource: sourceLabel(company),
    subject: formatName(parsed.facts.subject),
    issuer: formatName(parsed.facts.issuer),
    issuerName: issuerDisplayName(parsed.facts),
    notBefore: parsed.facts.notBefore.toISOString(),
    notAfter: parsed.facts.notAfter.toISOString(),
    fingerprintSha256: parsed.fingerprintSha256,
    algorithm: parsed.algorithm,
    verifiable: parsed.mechanism !== null,
    verifyNote: parsed.mechanism
      ? null
      : 'SM2 国密证书：本机无法验证其签名，只能由 UKey 核对 PIN 码；证书内容已读取。',
    keyModel: read.keyModel,
    tokenLabel: read.token.label,
    trainingPin: ctx.cakey.isTraining(settings) ? TRAINING_KEY.pin : null,
  };
  if (!record) return { certificate, caseRecord: null };
  ctx.db
    .transaction(() => {
      saveCaseCaKeyRead(ctx.db, record.id, {
        companyName: company.companyName,
        creditCode: company.creditCode,
        fingerprintSha256: parsed.fingerprintSha256,
        issuer: certificate.issuerName,
        notAfter: certificate.notAfter,
        readAt: now,
        readByName: actor.displayName,
      });
      lockCompanyFields(ctx, record.caseNumber, company, now);
    })
    .immediate();
  const saved = findCaseCaKey(ctx.db, record.id);
  return { certificate, caseRecord: saved ? toCaseCaKey(saved) : null };
}

/** The company's name and code from the certificate, written into the case and locked. */
function lockCompanyFields(
  ctx: ServiceContext,
  caseNumber: string,
  company: { companyName: string | null; creditCode: string | null },
  now: string,
): void {
  const record = requireCase(ctx, caseNumber);
  const caseType = caseTypeOf(profileById(ctx, record.profileId), record);
  if (!caseType) return;
  const { nameKey, codeKey } = companyFieldKeys(caseType.fields);
  const values: Record<string, string> = {};
  if (nameKey && company.companyName) values[nameKey] = company.companyName;
  if (codeKey && company.creditCode) values[codeKey] = company.creditCode;
  applyDeviceValues(ctx, record, caseType, { source: 'cakey', values, now });
}

/**
 * Proof of possession: the applicant's PIN unlocks the key, which signs a fresh random
 * challenge; the signature is verified with the certificate read into the case. The PIN is
 * handed to the key once and is neither stored nor logged; the audit says only the outcome.
 */
export async function proveCaKey(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; pin: string },
): Promise<CaseCaKey> {
  const record = requireCase(ctx, input.caseNumber);
  requireAssignee(actor, record);
  requireEditable(record);
  const onCase = findCaseCaKey(ctx.db, record.id);
  if (!onCase) throw new UseCaseError('CAKEY_NOT_READ');
  const audit = (action: 'cakey.proved' | 'cakey.prove-failed', outcome: string) =>
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: actor.id,
      actorName: actor.displayName,
      action,
      subject: record.caseNumber,
      detail: { fingerprint: onCase.fingerprintSha256, outcome },
    });
  let method: 'signature' | 'pin';
  try {
    method = await ctx.cakey.withModule(getSettings(ctx), async (module) => {
      const key = await companyCertificate(ctx, module);
      if (key.parsed.fingerprintSha256 !== onCase.fingerprintSha256) {
        throw new UseCaseError('CAKEY_CERTIFICATE_CHANGED');
      }
      const validity = certificateValidity(key.parsed.facts, ctx.clock.now());
      if (validity.kind !== 'valid') {
        throw new UseCaseError('CAKEY_CERTIFICATE_NOT_VALID', { message: validity.message });
      }
      const session = await module.openSession(key.token.slot);
      try {
        await session.login(input.pin);
        ctx.cakey.clearWrongPins(key.token);
        // SM2: node:crypto cannot check the signature; the key's own PIN check is the proof.
        if (!key.parsed.mechanism) return 'pin';
        const challenge = randomBytes(32);
        const signature = await session.sign(key.object.id, challenge, key.parsed.mechanism);
        const { verifyChallenge } = await loadCertificateParser();
        if (!verifyChallenge(key.parsed, challenge, signature)) {
          throw new UseCaseError('CAKEY_SIGNATURE_INVALID');
        }
        return 'signature';
      } finally {
        await session.close();
      }
    });
  } catch (error) {
    const refusal = refusalOf(ctx, error);
    audit('cakey.prove-failed', refusal instanceof UseCaseError ? refusal.code : 'error');
    throw refusal;
  }
  const verifiedAt = nowIso(ctx);
  ctx.db.transaction(() => {
    markCaseCaKeyVerified(ctx.db, record.id, verifiedAt, method);
    audit('cakey.proved', method);
  })();
  const saved = findCaseCaKey(ctx.db, record.id);
  if (!saved) throw new UseCaseError('CAKEY_NOT_READ');
  return toCaseCaKey(saved);
}

/** The certificate read into a case, if any. */
export function caseCaKey(ctx: ServiceContext, input: { caseNumber: string }): CaseCaKey | null {
  const saved = findCaseCaKey(ctx.db, requireCase(ctx, input.caseNumber).id);
  return saved ? toCaseCaKey(saved) : null;
}

/** Records that a clerk unlocked a field the certificate had filled, to type over it. */
export function recordCaKeyFieldUnlock(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; field: string },
): Record<string, never> {
  return recordDeviceFieldUnlock(ctx, actor, 'case.cakey-field-unlocked', input);
}
