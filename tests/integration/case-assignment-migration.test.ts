import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../src-main/store/migrations';
import { addCaseAssignmentAndAnchors } from '../../src-main/store/migrations/0010-case-assignment-and-anchors';

describe('migration case-assignment-and-anchors', () => {
  it('assigns existing cases to the clerk who opened them and versions every later write', () => {
    const db = new Database(':memory:');
    const before = migrations.slice(0, migrations.indexOf(addCaseAssignmentAndAnchors));
    migrate(db, before);
    db.exec(`
      INSERT INTO users (id, username, display_name, role, password_hash, must_change_password,
        created_at, updated_at)
        VALUES (7, 'guiyuan1', '李柜员', 'clerk', 'x', 0, '2026-11-24', '2026-11-24');
      INSERT INTO cases (id, case_number, hall_code, day, sequence, profile_id, rule_version,
        operation, subject_type, delegated, title, state, materials_json, clerk_id,
        created_at, updated_at)
        VALUES (1, '0001-20261124-0001', '0001', '20261124', 1, 'shanxi', 'r1', 'register',
          'person', 0, 't', 'draft', '[]', 7, '2026-11-24', '2026-11-24');
      INSERT INTO case_items (case_id, code) VALUES (1, 'id-copy');
    `);
    migrate(db, [...before, addCaseAssignmentAndAnchors]);
    const read = () =>
      db.prepare('SELECT assignee_id, version FROM cases WHERE id = 1').get() as {
        assignee_id: number;
        version: number;
      };
    expect(read()).toEqual({ assignee_id: 7, version: 1 });
    db.prepare("UPDATE cases SET values_json = '{}' WHERE id = 1").run();
    expect(read().version).toBe(2);
    db.prepare(
      "UPDATE case_items SET original_seen = 1 WHERE case_id = 1 AND code = 'id-copy'",
    ).run();
    expect(read().version).toBe(3);
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM cases WHERE assignee_id = ? AND state = 'draft'
           ORDER BY updated_at DESC`,
        )
        .all(7) as { detail: string }[]
    )
      .map((row) => row.detail)
      .join(' ');
    expect(plan).toMatch(/INDEX cases_assignee_state_updated/);
  });
});
