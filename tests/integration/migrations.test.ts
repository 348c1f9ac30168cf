import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { createUsers } from '../../src-main/store/migrations/0001-create-users';
import { createAuditLog } from '../../src-main/store/migrations/0002-create-audit-log';
import { createSettings } from '../../src-main/store/migrations/0003-create-settings';
import { createCases } from '../../src-main/store/migrations/0004-create-cases';
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
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'audit_log',
        'settings',
        'users',
        'cases',
        'case_keys',
        'case_items',
        'attachments',
        'case_names',
      ]),
    );
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

  describe('0004 cases', () => {
    const planOf = (db: Database.Database, sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    const migrated = () => {
      const db = new Database(':memory:');
      migrate(db, [createUsers, createAuditLog, createSettings, createCases]);
      return db;
    };

    it('finds a case by any party ID number or credit code through the key index', () => {
      const plan = planOf(
        migrated(),
        `SELECT case_id FROM case_keys WHERE kind IN ('id-number', 'credit-code') AND value = 'X'`,
      );
      expect(plan).toMatch(/SEARCH case_keys USING (COVERING )?INDEX|PRIMARY KEY/);
      expect(plan).not.toMatch(/SCAN case_keys/);
    });

    it('lists a work queue from the state index, newest first', () => {
      const plan = planOf(
        migrated(),
        `SELECT id FROM cases WHERE state = 'ready' ORDER BY updated_at DESC LIMIT 50`,
      );
      expect(plan).toMatch(/INDEX cases_state_updated/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    });

    it('shows a case history from the audit subject index', () => {
      const plan = planOf(migrated(), `SELECT * FROM audit_log WHERE subject = 'x' ORDER BY id`);
      expect(plan).toMatch(/INDEX audit_log_subject/);
    });

    it('finds a Chinese name by a substring through the trigram index', () => {
      const db = migrated();
      db.prepare('INSERT INTO case_names (rowid, names) VALUES (1, ?)').run(
        '欧阳小明 太原晋阳科技',
      );
      const hits = db
        .prepare(`SELECT rowid FROM case_names WHERE case_names MATCH '"晋阳科"'`)
        .all() as { rowid: number }[];
      expect(hits.map((row) => row.rowid)).toEqual([1]);
    });

    it('numbers each hall day once: a duplicate sequence is refused', () => {
      const db = migrated();
      db.prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES (1, 'a', '甲', 'clerk', 'h', 't', 't')`,
      ).run();
      const insert = db.prepare(
        `INSERT INTO cases (case_number, hall_code, day, sequence, profile_id, rule_version,
           operation, subject_type, delegated, title, state, materials_json, clerk_id,
           created_at, updated_at)
         VALUES (?, '0001', '20261124', 1, 'shanxi', 'v', 'register', 'person', 0, 't',
           'draft', '[]', 1, 't', 't')`,
      );
      insert.run('0001-20261124-0001');
      expect(() => insert.run('0001-20261124-0001b')).toThrow(/UNIQUE/);
    });
  });
});
