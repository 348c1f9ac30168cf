import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { migrate } from '../../src-main/store/migrations';
import { appendAudit } from '../../src-main/store/repositories/audit-log';
import type { AuditQuery } from '../../src-main/store/repositories/audit-query';
import { auditPageSql } from '../../src-main/store/repositories/audit-query';
import { openDatabase } from '../../src-main/store/open-database';
import type { CoreHarness } from '../helpers/core-harness';
import { call, openTestCore, withSupervisorAndClerk } from '../helpers/core-harness';

const ID_NUMBER = '11010519491231002X';
let harness: CoreHarness | null = null;
afterEach(() => {
  harness?.dispose();
  harness = null;
});

/** Writes an entry straight into the store, as an older version of the app might have. */
function appendRaw(dataDir: string, entry: Parameters<typeof appendAudit>[1]): void {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no master key');
  const db = openDatabase(dataDir, deriveKey(master, 'database'));
  appendAudit(db, entry);
  db.close();
}

describe('audit viewer', () => {
  it('filters by who, what, which case and when, page by page', async () => {
    harness = openTestCore();
    const { supervisor } = await withSupervisorAndClerk(harness.core);
    const at = (day: string) => new Date(`${day}T10:00:00+08:00`).toISOString();
    for (const [day, subject] of [
      ['2026-11-20', '0001-20261120-0001'],
      ['2026-11-21', '0001-20261121-0001'],
      ['2026-11-21', '0001-20261121-0002'],
      ['2026-11-22', '0001-20261121-0001'],
    ] as const) {
      appendRaw(harness.dataDir, {
        at: at(day),
        actorId: 1,
        actorName: '王主任',
        action: 'case.revealed',
        subject,
      });
    }
    const query = (filter: Record<string, unknown>) =>
      call(harness!.core, supervisor, 'audit:query', { limit: 2, offset: 0, ...filter });

    const byCase = await query({ caseNumber: '0001-20261121-0001' });
    expect(byCase.total).toBe(2);
    expect(byCase.rows.map((row) => row.at)).toEqual([at('2026-11-22'), at('2026-11-21')]);
    expect(byCase.rows[0]?.actionLabel).toBe('查看未脱敏信息');

    const byDay = await query({ action: 'case.revealed', from: '2026-11-21', to: '2026-11-21' });
    expect(byDay.total).toBe(2);
    const secondPage = await query({ action: 'case.revealed', offset: 2 });
    expect(secondPage.total).toBe(4);
    expect(secondPage.rows).toHaveLength(2);

    const byActor = await query({ actorId: 1, limit: 200 });
    expect(byActor.rows.every((row) => row.actorName === '王主任')).toBe(true);
    expect(byActor.total).toBeGreaterThanOrEqual(4);
    const nobody = await query({ actorId: 999 });
    expect(nobody.total).toBe(0);
  });

  it('names materials, fields and settings in words, in the viewer and in the CSV', async () => {
    harness = openTestCore();
    const { supervisor } = await withSupervisorAndClerk(harness.core);
    const at = new Date('2026-11-21T10:00:00+08:00').toISOString();
    // As the app wrote them: material codes, a field key, flags by their program names.
    appendRaw(harness.dataDir, {
      at,
      actorId: 1,
      actorName: '王主任',
      action: 'case.exception-approved',
      subject: '0001-20261121-0009',
      detail: { reason: '次日送回', missing: 'user-agreement,applicant-id-copy' },
    });
    appendRaw(harness.dataDir, {
      at,
      actorId: 1,
      actorName: '王主任',
      action: 'case.item-recorded',
      subject: '0001-20261121-0009',
      detail: { item: '用户协议', originalSeen: false, copyArchived: true, attested: true },
    });
    appendRaw(harness.dataDir, {
      at,
      actorId: 1,
      actorName: '王主任',
      action: 'settings.updated',
      subject: null,
      detail: { changed: 'printerName,platformUrl' },
    });
    const page = await call(harness.core, supervisor, 'audit:query', {
      limit: 10,
      offset: 0,
      from: '2026-11-21',
      to: '2026-11-21',
    });
    const details = page.rows.map((row) => row.detail).join('\n');
    expect(details).toContain('缺件：山西省政务服务网用户协议（本人签字，附录4）、');
    expect(details).toContain('原件已核验：否');
    expect(details).toContain('修改项：打印机、中心平台地址');
    for (const code of ['user-agreement', 'applicant-id-copy', 'originalSeen', 'printerName'])
      expect(details).not.toContain(code);

    const csv = await call(harness.core, supervisor, 'audit:export', {
      from: '2026-11-21',
      to: '2026-11-21',
    });
    const text = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
    expect(text).toContain('缺件：山西省政务服务网用户协议');
    expect(text).not.toContain('user-agreement');
    expect(text).not.toContain('originalSeen');
  });

  it('shows personal data in details masked', async () => {
    harness = openTestCore();
    const { supervisor } = await withSupervisorAndClerk(harness.core);
    appendRaw(harness.dataDir, {
      at: new Date().toISOString(),
      actorId: null,
      actorName: '旧版本',
      action: 'idcard.read',
      subject: ID_NUMBER,
      detail: { idNumber: ID_NUMBER, mobile: '13812345678' },
    });
    const page = await call(harness.core, supervisor, 'audit:query', {
      action: 'idcard.read',
      limit: 10,
      offset: 0,
    });
    const text = JSON.stringify(page.rows);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain('13812345678');
    expect(page.rows[0]?.detail).toContain('110***********002X');
    expect(page.rows[0]?.subject).toBe('110***********002X');
  });

  it('exports a period as CSV with BOM, the chain verification and the first and last hash, audited', async () => {
    harness = openTestCore();
    const { supervisor } = await withSupervisorAndClerk(harness.core);
    const today = harness.clock.now();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    appendRaw(harness.dataDir, {
      at: today.toISOString(),
      actorId: null,
      actorName: '旧版本',
      action: 'idcard.read',
      detail: { idNumber: ID_NUMBER },
    });
    const exported = await call(harness.core, supervisor, 'audit:export', { from: day, to: day });
    const bytes = Buffer.from(exported.dataBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('哈希链校验,完整');
    expect(csv).not.toContain(ID_NUMBER);
    expect(exported.intact).toBe(true);
    expect(exported.rows).toBeGreaterThan(3);
    const body = csv.trim().split('\r\n');
    const header = body.findIndex((line) => line.startsWith('序号,'));
    const rows = body.slice(header + 1).map((line) => line.split(','));
    expect(rows).toHaveLength(exported.rows);
    // Each row links to the one before: the continuity an inspector checks in the file.
    for (let i = 1; i < rows.length; i += 1) {
      expect(rows[i]?.at(-2)).toBe(rows[i - 1]?.at(-1));
    }
    expect(rows[0]?.at(-1)).toBe(exported.firstHash);
    expect(rows.at(-1)?.at(-1)).toBe(exported.lastHash);
    expect(csv).toContain(`本期末条哈希,${exported.lastHash}`);
    const audited = await call(harness.core, supervisor, 'audit:query', {
      action: 'audit.exported',
      limit: 10,
      offset: 0,
    });
    expect(audited.total).toBe(1);
  });

  it('serves every filter from an index', () => {
    const db = new Database(':memory:');
    migrate(db);
    const shapes: AuditQuery[] = [
      { subject: '0001-20261121-0001' },
      { action: 'case.revealed', fromIso: 'a', toIso: 'b' },
      { actorId: 1, fromIso: 'a' },
      { fromIso: 'a', toIso: 'b' },
    ];
    for (const shape of shapes) {
      const plan = (
        db
          .prepare(`EXPLAIN QUERY PLAN ${auditPageSql(shape)}`)
          .all({ ...shape, limit: 10, offset: 0 }) as { detail: string }[]
      )
        .map((row) => row.detail)
        .join(' ');
      expect(plan, JSON.stringify(shape)).toMatch(/USING (COVERING )?INDEX audit_log_/);
    }
  });
});
