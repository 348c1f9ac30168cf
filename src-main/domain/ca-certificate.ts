import { isValidCreditCode } from './validators/credit-code';

/** One attribute of a distinguished name, e.g. { oid: '2.5.4.3', value: '某某有限公司' }. */
export interface NameAttribute {
  oid: string;
  value: string;
}

/** An extension as it sits in the certificate: its OID and the bytes of extnValue. */
export interface RawExtension {
  oid: string;
  value: Uint8Array;
}

/**
 * What the core needs of a certificate, parsed by the device layer (any X.509 parser): pure
 * data, so the search below runs the same in tests and in the renderer.
 */
export interface CertificateFacts {
  subject: NameAttribute[];
  issuer: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  extensions: RawExtension[];
}

/**
 * The extensions that may carry the company's code, in the search order of IDCARD.md §6.3:
 * the GM/T 0015-2023 USCC, GM/T 0015-2012 organisation code (which several CAs fill with the
 * USCC), the legacy RSA USCC, the business registration number, the old organisation code.
 */
export const CREDIT_CODE_EXTENSIONS = [
  '1.2.156.10260.4.4',
  '1.2.156.10260.4.1.4',
  '1.2.86.11.7.4',
  '1.2.156.10260.4.1.3',
  '1.2.156.1.8888.148',
] as const;

// Subject attributes where CAs were seen to put the code (IDCARD.md §6.3), tried first.
const SUBJECT_CODE_ORDER = ['2.5.4.5', '2.5.4.97', '2.5.4.11', '2.5.4.3', '2.5.4.10'];
const COMMON_NAME = '2.5.4.3';
const ORGANISATION = '2.5.4.10';

/** Short names of the usual DN attributes, for showing an issuer or subject. */
export const NAME_ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'E',
};

/** Where the credit code was found, for the screen and the audit log. */
export type CreditCodeSource =
  { kind: 'extension'; oid: string } | { kind: 'subject'; oid: string } | { kind: 'none' };

/** The company a certificate names. */
export interface CertificateCompany {
  companyName: string | null;
  creditCode: string | null;
  source: CreditCodeSource;
}

/** Reads one DER TLV at `offset`; returns null when the bytes are not DER. */
function readTlv(
  bytes: Uint8Array,
  offset: number,
): { tag: number; start: number; end: number } | null {
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  if (tag === undefined || length === undefined) return null;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end <= bytes.length ? { tag, start, end } : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBmp(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    text += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  }
  return text;
}

/**
 * The text of an extension value: a UTF8String, PrintableString, IA5String or BMPString,
 * possibly wrapped once more in an OCTET STRING; some CAs store the bare text (IDCARD.md §6.3).
 */
export function decodeExtensionText(value: Uint8Array): string | null {
  const tlv = readTlv(value, 0);
  if (tlv && tlv.end === value.length) {
    const content = value.subarray(tlv.start, tlv.end);
    switch (tlv.tag) {
      case 0x0c: // UTF8String
      case 0x13: // PrintableString
      case 0x16: // IA5String
      case 0x14: // TeletexString, seen holding ASCII
        try {
          return utf8.decode(content);
        } catch {
          return null;
        }
      case 0x1e: // BMPString
        return decodeBmp(content);
      case 0x04: // OCTET STRING wrapping the string
        return decodeExtensionText(content);
      default:
        break;
    }
  }
  try {
    const text = utf8.decode(value);
    return /^[\x20-\x7e\u4e00-\u9fff]+$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

/**
 * The first valid unified social credit code inside a text: an 18-character run that passes
 * GB 32100, found even behind a prefix such as `N`, `USCC:` or inside `名称@代码@1`.
 */
export function findCreditCode(text: string): string | null {
  const runs = text.toUpperCase().match(/[0-9A-Z]{18,}/g) ?? [];
  for (const run of runs) {
    for (let start = 0; start + 18 <= run.length; start += 1) {
      const candidate = run.slice(start, start + 18);
      if (isValidCreditCode(candidate)) return candidate;
    }
  }
  return null;
}

function creditCodeFrom(
  facts: CertificateFacts,
): { code: string; source: CreditCodeSource } | null {
  for (const oid of CREDIT_CODE_EXTENSIONS) {
    const extension = facts.extensions.find((candidate) => candidate.oid === oid);
    const text = extension ? decodeExtensionText(extension.value) : null;
    // `.4.1.4` may still hold a 9-character organisation code: only a valid USCC counts.
    const code = text ? findCreditCode(text) : null;
    if (code) return { code, source: { kind: 'extension', oid } };
  }
  const ordered = [
    ...SUBJECT_CODE_ORDER.flatMap((oid) => facts.subject.filter((a) => a.oid === oid)),
    ...facts.subject.filter((a) => !SUBJECT_CODE_ORDER.includes(a.oid)),
  ];
  for (const attribute of ordered) {
    const code = findCreditCode(attribute.value);
    if (code) return { code, source: { kind: 'subject', oid: attribute.oid } };
  }
  return null;
}

/**
 * The company's name from CN (usually the name) or O: CFCA-style CNs such as
 * `051@某某有限公司@N91350100M000100Y43@1` are split and the part with Chinese text is kept.
 */
function companyNameFrom(facts: CertificateFacts, code: string | null): string | null {
  for (const oid of [COMMON_NAME, ORGANISATION]) {
    for (const attribute of facts.subject.filter((a) => a.oid === oid)) {
      const parts = attribute.value
        .split(/[@|;,，]/)
        .map((part) => (code ? part.replace(code, '') : part).trim())
        .filter((part) => part.length > 1 && !/^[0-9A-Z]*$/.test(part));
      const chinese = parts.find((part) => /[\u4e00-\u9fff]/.test(part));
      const name = chinese ?? parts[0];
      if (name) return name;
    }
  }
  return null;
}

/**
 * The company name and credit code a certificate carries, by the search order of
 * IDCARD.md §6.3: the known extensions first, then a validated code anywhere in the subject.
 */
export function companyFromCertificate(facts: CertificateFacts): CertificateCompany {
  const found = creditCodeFrom(facts);
  return {
    companyName: companyNameFrom(facts, found?.code ?? null),
    creditCode: found?.code ?? null,
    source: found?.source ?? { kind: 'none' },
  };
}

/** Whether a certificate may be used now, and if not, what to tell the applicant. */
export type CertificateValidity =
  | { kind: 'valid' }
  | { kind: 'expired'; message: string }
  | { kind: 'not-yet-valid'; message: string };

function dateText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Refuses a certificate that has expired or is not yet valid, saying what to do. */
export function certificateValidity(facts: CertificateFacts, now: Date): CertificateValidity {
  if (now.getTime() > facts.notAfter.getTime()) {
    return {
      kind: 'expired',
      message: `该 CA 证书已于 ${dateText(facts.notAfter)} 过期，不能用于办件。请申请人先到发证 CA 机构办理证书更新，或改用纸质材料办理。`,
    };
  }
  if (now.getTime() < facts.notBefore.getTime()) {
    return {
      kind: 'not-yet-valid',
      message: `该 CA 证书自 ${dateText(facts.notBefore)} 起才生效，现在还不能使用。请核对本机日期时间，或待证书生效后再办。`,
    };
  }
  return { kind: 'valid' };
}

/** A distinguished name for the screen, e.g. `CN=某某CA, O=某某公司, C=CN`. */
export function formatName(attributes: NameAttribute[]): string {
  return attributes
    .map(
      (attribute) => `${NAME_ATTRIBUTE_LABELS[attribute.oid] ?? attribute.oid}=${attribute.value}`,
    )
    .join(', ');
}

/** The issuer's most readable name: its O, else its CN, else the whole name. */
export function issuerDisplayName(facts: CertificateFacts): string {
  const pick = (oid: string) => facts.issuer.find((attribute) => attribute.oid === oid)?.value;
  return pick(ORGANISATION) ?? pick(COMMON_NAME) ?? formatName(facts.issuer);
}

/**
 * The problem with a typed credit code against the one the company's CA key carries, or
 * null when they agree (or nothing was read from a key).
 */
export function creditCodeMismatch(typed: string, fromKey: string | null): string | null {
  if (!fromKey) return null;
  if (typed.trim().toUpperCase() === fromKey) return null;
  return `填写的统一社会信用代码与 CA 证书中的 ${fromKey} 不一致，请核对营业执照；如确为其他单位，请重新读取该单位的 CA 证书。`;
}

/** The company's own name and credit code fields of a case type (not the head office's). */
export function companyFieldKeys(fields: { key: string; kind: string; party: string }[]): {
  nameKey: string | null;
  codeKey: string | null;
} {
  const own = (kind: string) =>
    fields.find((field) => field.kind === kind && field.party === 'company')?.key ?? null;
  return { nameKey: own('org-name'), codeKey: own('uscc') };
}
