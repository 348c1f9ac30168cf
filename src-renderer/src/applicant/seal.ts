import { Aes128Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import type { OperationSecrets } from '../../../src-main/domain/applicant';

/**
 * Seals the applicant's password in this page to the platform's public key (HPKE, RFC 9180:
 * DHKEM X25519 / HKDF-SHA256 / AES-128-GCM). The associated data binds it to the case and
 * counter; only the platform's private key opens it. The plain text never leaves the page.
 */
const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes128Gcm(),
});

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function toBase64(bytes: ArrayBuffer): string {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text);
}

/** Where a secret is sealed to: the platform's key, the purpose (info) and the binding (aad). */
interface SealingTarget {
  keyId: string;
  publicKey: string;
  info: string;
  aad: string;
}

export async function sealPassword(
  password: string,
  key: SealingTarget,
): Promise<{ keyId: string; enc: string; ct: string }> {
  const encoder = new TextEncoder();
  const recipientPublicKey = await suite.kem.deserializePublicKey(fromBase64(key.publicKey));
  const sealed = await suite.seal(
    { recipientPublicKey, info: encoder.encode(key.info) },
    encoder.encode(password),
    encoder.encode(key.aad),
  );
  return { keyId: key.keyId, enc: toBase64(sealed.enc), ct: toBase64(sealed.ct) };
}

/**
 * Seals an account operation's secrets together (激活: the new password; 升级: the legacy
 * system's password and the administrator's new one) as one JSON object.
 */
export async function sealSecrets(
  secrets: OperationSecrets,
  key: SealingTarget,
): Promise<{ keyId: string; enc: string; ct: string }> {
  return sealPassword(JSON.stringify(secrets), key);
}
