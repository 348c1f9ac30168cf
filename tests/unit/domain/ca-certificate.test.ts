import { describe, expect, it } from 'vitest';
import type { CertificateFacts } from '../../../src-main/domain/ca-certificate';
import {
  certificateValidity,
  companyFromCertificate,
  creditCodeMismatch,
  decodeExtensionText,
  findCreditCode,
} from '../../../src-main/domain/ca-certificate';

// IDCARD.md §5.2: 91350100M000100Y4 + check character 3.
const CODE = '91350100M000100Y43';
const OTHER_CODE = '911100007109310534';

function utf8String(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  return Uint8Array.from([0x0c, body.length, ...body]);
}

function facts(partial: Partial<CertificateFacts>): CertificateFacts {
  return {
    subject: [],
    issuer: [{ oid: '2.5.4.3', value: '测试 CA' }],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    extensions: [],
    ...partial,
  };
}

describe('credit code in a CA certificate', () => {
  it('takes the code from extension 1.2.156.10260.4.1.4 before the subject', () => {
    const company = companyFromCertificate(
      facts({
        subject: [
          { oid: '2.5.4.3', value: '福州示例科技有限公司' },
          { oid: '2.5.4.5', value: OTHER_CODE },
        ],
        extensions: [{ oid: '1.2.156.10260.4.1.4', value: utf8String(CODE) }],
      }),
    );
    expect(company).toEqual({
      companyName: '福州示例科技有限公司',
      creditCode: CODE,
      source: { kind: 'extension', oid: '1.2.156.10260.4.1.4' },
    });
  });

  it('skips an extension that holds only a 9-character organisation code', () => {
    const company = companyFromCertificate(
      facts({
        subject: [{ oid: '2.5.4.11', value: CODE }],
        extensions: [{ oid: '1.2.156.10260.4.1.4', value: utf8String('M000100Y4') }],
      }),
    );
    expect(company.creditCode).toBe(CODE);
    expect(company.source).toEqual({ kind: 'subject', oid: '2.5.4.11' });
  });

  it('finds the code in a CFCA-style CN and keeps the company name part', () => {
    const company = companyFromCertificate(
      facts({ subject: [{ oid: '2.5.4.3', value: `051@福州示例科技有限公司@N${CODE}@1` }] }),
    );
    expect(company.creditCode).toBe(CODE);
    expect(company.companyName).toBe('福州示例科技有限公司');
  });

  it('ignores an 18-character text whose check character is wrong', () => {
    expect(findCreditCode('91350100M000100Y44')).toBeNull();
    const company = companyFromCertificate(
      facts({ subject: [{ oid: '2.5.4.5', value: '91350100M000100Y44' }] }),
    );
    expect(company.creditCode).toBeNull();
    expect(company.source).toEqual({ kind: 'none' });
  });

  it('reads extension text wrapped in an OCTET STRING, as IA5String, or bare', () => {
    const inner = utf8String(CODE);
    expect(decodeExtensionText(Uint8Array.from([0x04, inner.length, ...inner]))).toBe(CODE);
    const ia5 = new TextEncoder().encode(CODE);
    expect(decodeExtensionText(Uint8Array.from([0x16, ia5.length, ...ia5]))).toBe(CODE);
    expect(decodeExtensionText(ia5)).toBe(CODE);
  });

  it('prefers the GM/T 0015-2023 extension over the 2012 one', () => {
    const company = companyFromCertificate(
      facts({
        extensions: [
          { oid: '1.2.156.10260.4.1.4', value: utf8String(OTHER_CODE) },
          { oid: '1.2.156.10260.4.4', value: utf8String(CODE) },
        ],
      }),
    );
    expect(company.creditCode).toBe(CODE);
  });
});

describe('certificate validity', () => {
  it('refuses an expired certificate and says to renew it at the CA', () => {
    const result = certificateValidity(facts({}), new Date('2027-03-01T00:00:00Z'));
    expect(result.kind).toBe('expired');
    expect(result.kind === 'expired' && result.message).toContain('2027-01-01');
    expect(result.kind === 'expired' && result.message).toContain('证书更新');
  });

  it('refuses a certificate that is not yet valid and says to check the clock', () => {
    const result = certificateValidity(facts({}), new Date('2025-12-01T00:00:00Z'));
    expect(result.kind).toBe('not-yet-valid');
    expect(result.kind === 'not-yet-valid' && result.message).toContain('日期时间');
  });

  it('accepts a certificate inside its validity', () => {
    expect(certificateValidity(facts({}), new Date('2026-06-01T00:00:00Z'))).toEqual({
      kind: 'valid',
    });
  });
});

describe('typed credit code against the key', () => {
  it('is an error when the typed code differs from the key, whatever the case', () => {
    expect(creditCodeMismatch(OTHER_CODE, CODE)).toContain(CODE);
    expect(creditCodeMismatch(CODE.toLowerCase(), CODE)).toBeNull();
    expect(creditCodeMismatch(OTHER_CODE, null)).toBeNull();
  });
});
