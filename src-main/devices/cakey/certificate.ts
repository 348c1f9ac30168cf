import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { CertificateFacts, NameAttribute } from '../../domain/ca-certificate';
import type { ChallengeMechanism } from '../../domain/ports/ca-key';

// @peculiar/x509 writes the usual attributes by short name; the domain works with OIDs.
const SHORT_NAME_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  T: '2.5.4.12',
  G: '2.5.4.42',
  I: '2.5.4.43',
  E: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
};

// GM/T 0006: SM3withSM2 signatures and the SM2 curve, in DER.
const SM2_SIGNATURE_OID = '1.2.156.10197.1.501';
const SM2_CURVE_DER = Buffer.from('06082a811ccf5501822d', 'hex');

/** A certificate from a CA key, parsed: the domain's facts plus what the screen shows. */
export interface ParsedCertificate {
  facts: CertificateFacts;
  der: Uint8Array;
  /** SHA-256 of the DER, upper-case hex pairs separated by colons. */
  fingerprintSha256: string;
  serialNumber: string;
  /** e.g. 'RSA 2048 / SHA-256', 'SM2 / SM3'. */
  algorithm: string;
  /** How the key signs a challenge, or null where this app cannot verify it (SM2). */
  mechanism: ChallengeMechanism | null;
  /** The public key as SubjectPublicKeyInfo DER. */
  publicKeyDer: Uint8Array;
}

function namesFrom(json: Record<string, string[]>[]): NameAttribute[] {
  return json.flatMap((rdn) =>
    Object.entries(rdn).flatMap(([type, values]) =>
      values.map((value) => ({ oid: SHORT_NAME_OIDS[type] ?? type, value })),
    ),
  );
}

function fingerprint(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

/**
 * Parses a DER certificate with @peculiar/x509. SM2 certificates parse too (issuer, subject,
 * validity, extensions); only their signature cannot be checked with node:crypto here.
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const certificate = new X509Certificate(der);
  const publicKeyDer = new Uint8Array(certificate.publicKey.rawData);
  const signatureName = String(
    (certificate.signatureAlgorithm as unknown as { name?: string }).name,
  );
  const isSm2 =
    signatureName === SM2_SIGNATURE_OID || Buffer.from(publicKeyDer).includes(SM2_CURVE_DER);
  let algorithm = 'SM2 / SM3';
  let mechanism: ChallengeMechanism | null = null;
  if (!isSm2) {
    const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
    const details = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === 'rsa') {
      algorithm = `RSA ${details?.modulusLength ?? ''} / SHA-256`;
      mechanism = 'rsa-pkcs1-sha256';
    } else if (key.asymmetricKeyType === 'ec') {
      algorithm = `ECDSA ${details?.namedCurve ?? ''} / SHA-256`;
      mechanism = 'ecdsa-sha256';
    } else {
      algorithm = key.asymmetricKeyType ?? signatureName;
    }
  }
  return {
    facts: {
      subject: namesFrom(certificate.subjectName.toJSON()),
      issuer: namesFrom(certificate.issuerName.toJSON()),
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      extensions: certificate.extensions.map((extension) => ({
        oid: extension.type,
        value: new Uint8Array(extension.value),
      })),
    },
    der,
    fingerprintSha256: fingerprint(der),
    serialNumber: certificate.serialNumber,
    algorithm,
    mechanism,
    publicKeyDer,
  };
}

/**
 * Checks the key's signature over the challenge with the certificate's public key:
 * RSA PKCS#1 v1.5 with SHA-256, or ECDSA with SHA-256 as PKCS#11 returns it (r || s).
 */
export function verifyChallenge(
  certificate: ParsedCertificate,
  challenge: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!certificate.mechanism) return false;
  const key = createPublicKey({
    key: Buffer.from(certificate.publicKeyDer),
    format: 'der',
    type: 'spki',
  });
  return verify(
    'sha256',
    challenge,
    certificate.mechanism === 'ecdsa-sha256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
    signature,
  );
}
