import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { createUsers } from '../../src-main/store/migrations/0001-create-users';
import { createAuditLog } from '../../src-main/store/migrations/0002-create-audit-log';
import { createSettings } from '../../src-main/store/migrations/0003-create-settings';
import {
  latestSchemaVersion,
  migrate,
  migrations,
  NewerSchemaError,
  schemaVersion,
} from '../../src-main/store/migrations';

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
    .map((row) => row.name)
    .sort();

describe('migrations', () => {
  it('numbers migrations 1..n in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('brings an empty database to the latest version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(latestSchemaVersion);
    expect(tables(db)).toEqual(['audit_log', 'settings', 'users']);
  });

  it('0001 creates users with a case-insensitive unique login name', () => {
    const db = new Database(':memory:');
    migrate(db, [createUsers]);
    const insert = db.prepare(
      `INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
       VALUES (?, '甲', 'clerk', 'h', 't', 't')`,
    );
    insert.run('Guiyuan');
    expect(() => insert.run('guiyuan')).toThrow(/UNIQUE/);
  });

  it('0002 creates an audit log that refuses updates and deletes', () => {
    const db = new Database(':memory:');
    migrate(db, [createUsers, createAuditLog]);
    db.prepare(
      `INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (1, 't', 'auth.login', 'p', 'h')`,
    ).run();
    expect(() => db.prepare(`UPDATE audit_log SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('0002 answers "today\'s logins" from an index, not a table scan', () => {
    const db = new Database(':memory:');
    migrate(db, [createUsers, createAuditLog]);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM audit_log WHERE action = ? AND at >= ?`)
      .all('auth.login', '2026-11-24') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(
      /USING (COVERING )?INDEX audit_log_action_at/,
    );
  });

  it('0003 creates settings keyed by name', () => {
    const db = new Database(':memory:');
    migrate(db, [createUsers, createAuditLog, createSettings]);
    expect(tables(db)).toContain('settings');
    expect(schemaVersion(db)).toBe(3);
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    expect(() => migrate(db)).toThrow(NewerSchemaError);
    expect(schemaVersion(db)).toBe(latestSchemaVersion + 1);
    expect(tables(db)).toEqual([]);
  });

  it('rolls back a migration that fails halfway', () => {
    const db = new Database(':memory:');
    const broken = {
      version: 1,
      name: 'broken',
      up(target: Database.Database) {
        target.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});
