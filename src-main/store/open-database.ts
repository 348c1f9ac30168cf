import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import type { StoreProblem } from '../contract/schemas';
import { migrate, NewerSchemaError } from './migrations';

import { DATABASE_FILE } from './database-file';

export { DATABASE_FILE };

/** Why the store could not be opened, in a form the startup screen can explain. */
export class StoreOpenError extends Error {
  constructor(
    readonly problem: StoreProblem,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Unlocks an SQLCipher-encrypted connection with a raw 256-bit key. The whole file, its WAL and
 * its indexes are encrypted, so nothing personal lies on disk in clear (DESIGN.md, Data).
 */
export function unlockConnection(db: Db, key: Buffer): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  // A raw key (x'..'): ours is already 256 random bits from HKDF, so SQLCipher's PBKDF2
  // stretching, meant for passphrases, would only add about 120 ms to every start.
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/**
 * Opens (or creates) the encrypted database, proves the key by reading the schema, refuses a
 * newer schema, then migrates. Any failure is a StoreOpenError; the file is never reset.
 * `nativeBinding` is the SQLite module built for another ABI (Electron's), if not Node's.
 */
export function openDatabase(dataDir: string, key: Buffer, nativeBinding?: string): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  ownerOnly(dataDir, path);
  const db = openDatabaseFile(path, key, nativeBinding);
  // The WAL and its index exist once the database is open; SQLite gives them the main
  // file's mode, and older ones made before this check are tightened here.
  ownerOnly(dataDir, path);
  return db;
}

/**
 * The data folder 0700 and the database with its WAL files 0600: encrypted or not, nobody
 * else on the machine reads or replaces them. A new database file is created 0600 before
 * SQLite opens it (SQLite would create it under the umask, usually 0644).
 */
function ownerOnly(dataDir: string, path: string): void {
  if (process.platform === 'win32') return;
  try {
    if (!existsSync(path)) closeSync(openSync(path, 'wx', 0o600));
    chmodSync(dataDir, 0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    }
  } catch {
    // A folder we may not change (a shared mount): opening reports any real problem.
  }
}

/** As openDatabase, for an explicit path (`:memory:` in tests). */
export function openDatabaseFile(path: string, key: Buffer, nativeBinding?: string): Db {
  let db: Db;
  try {
    db = new Database(path, nativeBinding === undefined ? {} : { nativeBinding });
  } catch (error) {
    throw new StoreOpenError('io', describe(error));
  }
  try {
    unlockConnection(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw classify(error);
  }
}

function classify(error: unknown): StoreOpenError {
  if (error instanceof NewerSchemaError) return new StoreOpenError('newer-version', error.message);
  const code = (error as { code?: unknown }).code;
  // SQLCipher reports a wrong key exactly like a file that is not a database at all.
  if (code === 'SQLITE_NOTADB') return new StoreOpenError('cannot-decrypt', describe(error));
  if (code === 'SQLITE_CORRUPT') return new StoreOpenError('damaged', describe(error));
  return new StoreOpenError('io', describe(error));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
