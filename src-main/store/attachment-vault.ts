import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptBytes, encryptBytes } from './crypto/file-cipher';

/** The folder, under the data folder, that holds the encrypted copies. */
export const ATTACHMENTS_FOLDER = 'attachments';

/**
 * Scanned copies and signed forms, content-addressed by the SHA-256 of their plain bytes and
 * sealed with AES-256-GCM (DESIGN.md Data). The hash is also the GCM context, so a file
 * renamed to another hash fails to open instead of showing the wrong document.
 */
export class AttachmentVault {
  constructor(
    private readonly root: string,
    private readonly key: Buffer,
  ) {}

  /** Where the sealed bytes of a hash live: two-level fan-out keeps folders small. */
  private pathOf(sha256: string): string {
    return join(this.root, ATTACHMENTS_FOLDER, sha256.slice(0, 2), `${sha256}.bin`);
  }

  /** Stores the bytes once, however often they are attached, and returns their hash. */
  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (existsSync(path)) return sha256;
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    // Write then rename: a crash mid-write never leaves a truncated file under the real name.
    const temporary = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temporary, encryptBytes(this.key, bytes, sha256), { mode: 0o600 });
    renameSync(temporary, path);
    return sha256;
  }

  /** The plain bytes of a stored hash; throws when missing or tampered with. */
  get(sha256: string): Buffer {
    const plain = decryptBytes(this.key, readFileSync(this.pathOf(sha256)), sha256);
    if (createHash('sha256').update(plain).digest('hex') !== sha256) {
      throw new Error('attachment content does not match its hash');
    }
    return plain;
  }

  /** Whether the bytes of a hash are stored. */
  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Deletes the sealed file of a hash that no attachment uses any more. */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}
