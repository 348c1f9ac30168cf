import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { decryptBytes, encryptBytes } from './crypto/file-cipher';

/** The folder, under the data folder, that holds the encrypted copies. */
export const ATTACHMENTS_FOLDER = 'attachments';

/**
 * Scanned copies and signed forms, one sealed file per distinct content (AES-256-GCM,
 * DESIGN.md Data). The SHA-256 of the plain bytes identifies the content in the database and
 * is the GCM context, so a file renamed to another hash fails to open. The file's name is a
 * keyed hash (HMAC-SHA256 with a key derived from the master key) of that SHA-256: a name on
 * disk no longer tells whether a given ID card scan is stored. Files named by the plain
 * SHA-256 by earlier versions are still read (and removed) under their old name.
 */
export class AttachmentVault {
  constructor(
    private readonly root: string,
    private readonly key: Buffer,
    /** Names the files; without it (earlier stores in tests) files go by their SHA-256. */
    private readonly nameKey?: Buffer,
  ) {}

  private folder(name: string): string {
    return join(this.root, ATTACHMENTS_FOLDER, name.slice(0, 2));
  }

  /** Where the sealed bytes of a hash live: two-level fan-out keeps folders small. */
  private pathOf(sha256: string): string {
    const name = this.nameKey
      ? createHmac('sha256', this.nameKey).update(sha256, 'utf8').digest('hex')
      : sha256;
    return join(this.folder(name), `${name}.bin`);
  }

  /** The name an earlier version gave the file: the plain SHA-256. */
  private legacyPathOf(sha256: string): string {
    return join(this.folder(sha256), `${sha256}.bin`);
  }

  /** The stored file of a hash, under its keyed name or, from an earlier version, its old one. */
  private existingPath(sha256: string): string | null {
    const path = this.pathOf(sha256);
    if (existsSync(path)) return path;
    const legacy = this.legacyPathOf(sha256);
    return existsSync(legacy) ? legacy : null;
  }

  /**
   * Deletes sealed `.tmp` files a killed write left behind (they never hold a whole file under
   * a real name); run when the core starts, before anything writes.
   */
  removeLeftovers(): number {
    const base = join(this.root, ATTACHMENTS_FOLDER);
    if (!existsSync(base)) return 0;
    let removed = 0;
    for (const fan of readdirSync(base, { withFileTypes: true })) {
      if (!fan.isDirectory()) continue;
      for (const file of readdirSync(join(base, fan.name))) {
        if (file.endsWith('.tmp')) {
          rmSync(join(base, fan.name, file), { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }

  /** Stores the bytes once, however often they are attached, and returns their hash. */
  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (this.existingPath(sha256)) return sha256;
    const path = this.pathOf(sha256);
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    // Write then rename: a crash mid-write never leaves a truncated file under the real name.
    const temporary = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temporary, encryptBytes(this.key, bytes, sha256), { mode: 0o600 });
    renameSync(temporary, path);
    return sha256;
  }

  /** The plain bytes of a stored hash; throws when missing or tampered with. */
  get(sha256: string): Buffer {
    const path = this.existingPath(sha256) ?? this.pathOf(sha256);
    const plain = decryptBytes(this.key, readFileSync(path), sha256);
    if (createHash('sha256').update(plain).digest('hex') !== sha256) {
      throw new Error('attachment content does not match its hash');
    }
    return plain;
  }

  /** Whether the bytes of a hash are stored. */
  has(sha256: string): boolean {
    return this.existingPath(sha256) !== null;
  }

  /** Deletes the sealed file of a hash that no attachment uses any more. */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
    rmSync(this.legacyPathOf(sha256), { force: true });
  }
}
