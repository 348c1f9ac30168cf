import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src-main/store/repositories/audit-log';
import { appendAudit } from '../../src-main/store/repositories/audit-log';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openDatabase } from '../../src-main/store/open-database';
import { call, SUPERVISOR } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

/**
 * The attack: someone holding the store key drops the audit triggers, rewrites rows and
 * re-hashes the chain after them (or cuts it short); the local check then says intact. The
 * platform's signed checkpoints, sent by the outbox, still tell where the log stopped being
 * what the platform saw.
 */

const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };

let sync: SyncHarness;
let counterId: string;

beforeEach(async () => {
  sync = await openSyncHarness();
  const status = await call(sync.harness.core, sync.supervisor, 'sync:status', {});
  counterId = status.counterId ?? '';
});

afterEach(async () => {
  await sync.dispose();
});

/** Opens the store with its key, as an attacker holding it would. */
function withStore(change: (db: ReturnType<typeof openDatabase>) => void): void {
  sync.harness.core.close();
  const master = new KeyFileSecretStore(sync.harness.dataDir).loadMasterKey();
  if (!master) throw new Error('no master key');
  const db = openDatabase(sync.harness.dataDir, deriveKey(master, 'database'));
  try {
    change(db);
  } finally {
    db.close();
  }
  sync.harness.reopen();
}

interface StoredRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  detail: string;
}

/** Drops the triggers, replaces every row after `afterId` (edited by `edit`) and re-hashes. */
function rewriteAfter(afterId: number, edit: (row: StoredRow) => StoredRow | null): void {
  withStore((db) => {
    const rows = db
      .prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id')
      .all(afterId) as StoredRow[];
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.transaction(() => {
      db.prepare('DELETE FROM audit_log WHERE id > ?').run(afterId);
      for (const row of rows) {
        const edited = edit(row);
        if (!edited) continue;
        const event: AuditEvent = {
          at: edited.at,
          actorId: edited.actor_id,
          actorName: edited.actor_name ?? '',
          action: edited.action as AuditEvent['action'],
          subject: edited.subject,
          detail: JSON.parse(edited.detail) as AuditEvent['detail'],
        };
        appendAudit(db, event);
      }
    })();
  });
}

async function supervisorSession() {
  const session = sync.harness.core.newSession();
  await call(sync.harness.core, session, 'auth:login', {
    username: SUPERVISOR.username,
    password: SUPERVISOR.password,
  });
  return session;
}

/** Two submits, each checkpointed, and an interval checkpoint between them. */
async function anchoredActivity(): Promise<{ first: number; last: number }> {
  const first = await sync.submitCase(personSelf, 1);
  await sync.desk.anchorTick();
  const afterFirst = sync.central.auditAnchors(counterId);
  expect(afterFirst.map((anchor) => anchor.reason)).toContain('submit');
  sync.harness.clock.advanceMinutes(11);
  const clerk = await sync.signInAgain();
  await call(sync.harness.core, clerk, 'case:get', { caseNumber: first.caseNumber, reveal: true });
  await sync.desk.anchorTick();
  const anchors = sync.central.auditAnchors(counterId);
  expect(anchors.map((anchor) => anchor.reason)).toContain('interval');
  expect(anchors.every((anchor) => anchor.signature.length > 0)).toBe(true);
  return { first: afterFirst.at(-1)?.auditId ?? 0, last: anchors.at(-1)?.auditId ?? 0 };
}

describe('audit checkpoints at the platform', () => {
  it('sends a signed checkpoint at each submit and every few minutes, and finds the log matching', async () => {
    const { last } = await anchoredActivity();
    const supervisor = await supervisorSession();
    const result = await call(sync.harness.core, supervisor, 'sync:verifyAuditAnchors', {});
    expect(result.state).toBe('match');
    expect(result.lastMatchingId).toBe(last);
    expect(result.divergesFromId).toBeNull();
  });

  it('says from which row a rewritten and re-hashed log no longer matches what the platform saw', async () => {
    const { first } = await anchoredActivity();
    // Erase who revealed the applicant's data: the reveal row is rewritten as someone else.
    rewriteAfter(first, (row) =>
      row.action === 'case.revealed' ? { ...row, actor_name: '系统' } : row,
    );
    const supervisor = await supervisorSession();
    const local = await call(sync.harness.core, supervisor, 'audit:verify', {});
    // The local chain alone cannot tell: it was re-hashed.
    expect(JSON.stringify(local)).toMatch(/"intact":true/);
    const result = await call(sync.harness.core, supervisor, 'sync:verifyAuditAnchors', {});
    expect(result.state).toBe('diverged');
    expect(result.lastMatchingId).toBe(first);
    expect(result.divergesFromId).toBe(first + 1);
    expect(result.message).toContain(`自第 ${first + 1} 条记录起与平台所见不一致`);
    expect(result.message).toMatch(/联系信息中心/);
  });

  it('says where a log cut short stops matching', async () => {
    const { first } = await anchoredActivity();
    rewriteAfter(first, () => null);
    const supervisor = await supervisorSession();
    const result = await call(sync.harness.core, supervisor, 'sync:verifyAuditAnchors', {});
    expect(result.state).toBe('diverged');
    expect(result.divergesFromId).toBe(first + 1);
    expect(result.message).toMatch(/已不存在/);
  });

  it('keeps the platform copy: a checkpoint of a rewritten row is refused, not overwritten', async () => {
    const { last } = await anchoredActivity();
    const before = sync.central.auditAnchors(counterId);
    rewriteAfter(0, (row) => ({ ...row, actor_name: '系统' }));
    // The rewriter re-sends a checkpoint of the last row the platform saw, with the new hash.
    withStore((db) => {
      const row = db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(last) as {
        hash: string;
      };
      db.prepare(
        `INSERT INTO audit_anchors (audit_id, hash, reason, created_at) VALUES (?, ?, 'interval', ?)`,
      ).run(last, row.hash, sync.harness.clock.now().toISOString());
    });
    await sync.desk.anchorTick();
    const after = sync.central.auditAnchors(counterId);
    expect(after).toEqual(before);
  });
});
