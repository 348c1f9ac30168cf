import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('CDE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a file's bytes with AES-256-GCM (DESIGN.md, Data: scans are encrypted files).
 * Layout: magic, 12-byte IV, ciphertext, 16-byte tag. `context` (e.g. the content hash) is bound
 * as associated data, so a file renamed onto another's name fails to decrypt.
 */
export function encryptBytes(key: Buffer, plain: Uint8Array, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, body, cipher.getAuthTag()]);
}

/** Reverses encryptBytes; throws when the key, the context or a single byte is wrong. */
export function decryptBytes(key: Buffer, sealed: Uint8Array, context: string): Buffer {
  const data = Buffer.from(sealed);
  if (data.length < MAGIC.length + IV_BYTES + TAG_BYTES || !data.subarray(0, 4).equals(MAGIC)) {
    throw new Error('not an encrypted counter-desk file');
  }
  const iv = data.subarray(4, 4 + IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const body = data.subarray(4 + IV_BYTES, data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}
