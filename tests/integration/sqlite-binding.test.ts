import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, StoreOpenError } from '../../src-main/store/open-database';

const require = createRequire(import.meta.url);
const nodeBuild = join(
  dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

describe('the SQLite native module for another ABI', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-binding-'));
    dirs.push(dir);
    return dir;
  };

  it('opens the store with the binding it is given', () => {
    const db = openDatabase(dataDir(), randomBytes(32), nodeBuild);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('loads exactly that file: a missing Electron build stops the store, not silently Node’s', () => {
    expect(() => openDatabase(dataDir(), randomBytes(32), '/nowhere/better_sqlite3.node')).toThrow(
      StoreOpenError,
    );
  });
});
