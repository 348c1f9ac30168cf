import { hkdfSync, randomBytes } from 'node:crypto';

/** Size of the master key and of every key derived from it (AES-256, SQLCipher raw key). */
export const KEY_BYTES = 32;

/** A fresh random master key for the first run. */
export function generateMasterKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

/** What a derived key is for; each purpose gets its own HKDF `info`, so keys never repeat. */
export type KeyPurpose =
  | 'database'
  | 'attachments'
  /** Names the sealed attachment files: a keyed hash, so a name reveals nothing of the scan. */
  | 'attachment-names'
  /** Keys the hash of login names no account has, as the audit log records them. */
  | 'audit-names';

/**
 * Derives a purpose key from the master key with HKDF-SHA256 (RFC 5869), so one secret in the
 * OS keychain or key file protects both the database and the attachment files.
 */
export function deriveKey(masterKey: Uint8Array, purpose: KeyPurpose): Buffer {
  return Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), `counter-desk/${purpose}/v1`, KEY_BYTES),
  );
}
