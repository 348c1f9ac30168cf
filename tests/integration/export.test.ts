import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import type { CallerSession } from '../../src-main/api/core-types';
import type { ExportFilter, ExportJob } from '../../src-main/contract/export-channels';
import type { ExportManifest } from '../../src-main/domain/export-manifest';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { insertAttachment } from '../../src-main/store/repositories/case-items';
import type { SeededCase } from '../helpers/archived-cases';
import { openSeedConnection, openSeedVault, seedArchivedCases } from '../helpers/archived-cases';
import type { CoreHarness } from '../helpers/core-harness';
import { bundleForNode, PDF_WORKER_SOURCE } from '../helpers/node-bundle';
import { pdfText } from '../helpers/pdf-tools';
import {
  call,
  callFails,
  CLERK,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';

const ROOT = join(import.meta.dirname, '..', '..');

let harness: CoreHarness;
let supervisor: CallerSession;
let clerk: CallerSession;
let clerkId: number;
let profile: ProvinceProfile;
let seeded: SeededCase[];
let seedDb: Database;
let outDir: string;

const ALL_NOVEMBER: ExportFilter = {
  from: '2026-11-01',
  to: '2026-11-30',
  clerkId: null,
  caseType: null,
  states: ['archived'],
};

beforeAll(async () => {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-30T10:00:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  clerkId = staff.clerkId;
  clerk = await signInClerk(harness.core, staff.clerkPassword);
  profile = await call(harness.core, clerk, 'profile:current', {});
  seedDb = openSeedConnection(harness.dataDir);
  // 1,000 archived cases in November, every 97th without its signed form back...
  seeded = seedArchivedCases(seedDb, {
    profile,
    clerk: { id: clerkId, name: CLERK.displayName },
    count: 1000,
    missingEvery: 97,
  });
  // ...and one in October, outside the period every test exports.
  seedArchivedCases(seedDb, {
    profile,
    clerk: { id: clerkId, name: CLERK.displayName },
    count: 1,
    first: new Date('2026-10-15T09:00:00+08:00'),
    startIndex: 5000,
  });
  outDir = mkdtempSync(join(tmpdir(), 'counter-export-out-'));
});

afterAll(() => {
  seedDb.close();
  harness.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

async function exportAndWait(
  request: Partial<Parameters<typeof startRequest>[0]> = {},
): Promise<ExportJob> {
  const started = await call(harness.core, supervisor, 'export:start', startRequest(request));
  let job = started;
  await vi.waitFor(
    async () => {
      job = await call(harness.core, supervisor, 'export:progress', { jobId: started.jobId });
      expect(job.state).not.toBe('running');
    },
    { timeout: 120_000, interval: 100 },
  );
  return job;
}

function startRequest(overrides: {
  filter?: ExportFilter;
  fullData?: boolean;
  reason?: string;
  includeAttachments?: boolean;
  folder?: string;
}) {
  return {
    filter: ALL_NOVEMBER,
    fullData: false,
    reason: '',
    includeAttachments: false,
    folder: outDir,
    ...overrides,
  };
}

/** Every entry of a ZIP read independently of the app's verifier: name, bytes. */
async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    files.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return files;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readIndex(xlsx: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('办件清单');
  if (!sheet) throw new Error('no index sheet');
  return sheet;
}

function rowOf(sheet: ExcelJS.Worksheet, caseNumber: string): Record<string, string> {
  // exceljs rows are 1-based sparse arrays: Array.from fills the holes.
  const headers = Array.from(sheet.getRow(1).values as (string | number | undefined)[], (value) =>
    String(value ?? ''),
  );
  for (let number = 2; number <= sheet.rowCount; number += 1) {
    const values = sheet.getRow(number).values as (string | number | undefined)[];
    if (values[1] === caseNumber)
      return Object.fromEntries(
        headers.map((header, index) => [header, String(values[index] ?? '')]),
      );
  }
  throw new Error(`no row for ${caseNumber}`);
}

/** A person case: its index row shows a resident ID number. */
const personCase = () => {
  const found = seeded.find(
    (item) => item.values['applicant.idNumber'] && !item.values['company.name'],
  );
  if (!found) throw new Error('no person case seeded');
  return found;
};

describe('supervisor export', () => {
  let zipPath: string;
  let files: Map<string, Buffer>;

  it('exports 1,000 archived cases whose every file matches the manifest', async () => {
    const count = await call(harness.core, supervisor, 'export:count', { filter: ALL_NOVEMBER });
    expect(count.count).toBe(1000);
    const job = await exportAndWait();
    expect(job).toMatchObject({ state: 'finished', done: 1000, total: 1000 });
    zipPath = job.path ?? '';
    expect(zipPath.startsWith(outDir)).toBe(true);
    files = await readZip(zipPath);
    const manifest = JSON.parse(
      files.get('manifest.json')?.toString('utf8') ?? '',
    ) as ExportManifest;
    expect(manifest).toMatchObject({
      caseCount: 1000,
      fullData: false,
      supervisor: { name: '王主任' },
      app: { version: 'test' },
      filter: { from: '2026-11-01', to: '2026-11-30', states: ['archived'] },
    });
    // 1,000 checklists and the index, each listed with its size and hash, nothing else.
    expect(manifest.files).toHaveLength(1001);
    expect([...files.keys()].sort()).toEqual(
      [...manifest.files.map((file) => file.path), 'manifest.json'].sort(),
    );
    for (const listed of manifest.files) {
      const bytes = files.get(listed.path);
      expect(bytes?.length, listed.path).toBe(listed.size);
      expect(sha256(bytes ?? Buffer.alloc(0)), listed.path).toBe(listed.sha256);
    }
    for (const item of seeded)
      expect(files.get(`核验清单/${item.caseNumber}.pdf`)?.subarray(0, 5).toString()).toBe('%PDF-');
    // No temporary file is left beside the result.
    expect(readdirSync(outDir).filter((name) => name.endsWith('.part'))).toEqual([]);

    const verified = await call(harness.core, supervisor, 'export:verify', { path: zipPath });
    expect(verified).toMatchObject({
      intact: true,
      filesChecked: 1002,
      caseCount: 1000,
      recordedHere: true,
    });
  }, 180_000);

  it('writes an XLSX index with one masked row per case and its checklist summary', async () => {
    const sheet = await readIndex(files.get('办件索引.xlsx') ?? Buffer.alloc(0));
    expect(sheet.rowCount).toBe(1001);
    const person = personCase();
    const row = rowOf(sheet, person.caseNumber);
    const idNumber = person.values['applicant.idNumber'] ?? '';
    const name = person.values['applicant.name'] ?? '';
    expect(row).toMatchObject({
      办理事项: person.caseType.title,
      状态: '已归档',
      受理柜员: CLERK.displayName,
      应收材料: String(person.caseType.materials.length),
      平台答复: '平台已受理',
      核验清单文件: `核验清单/${person.caseNumber}.pdf`,
    });
    expect(row['证件号码/统一社会信用代码']).toBe(
      `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`,
    );
    expect(row['申请主体']).not.toBe(name);
    expect(row['申请主体']?.startsWith(name.slice(0, 1))).toBe(true);
    // No full ID number of any case appears anywhere in the masked index.
    const everything = JSON.stringify(sheet.getSheetValues());
    for (const item of seeded.slice(0, 50)) {
      for (const [key, value] of Object.entries(item.values))
        if (key.endsWith('.idNumber')) expect(everything).not.toContain(value);
    }
    // A case whose signed form never came back says so.
    const missing = seeded.find(
      (item, index) => index % 97 === 0 && item.caseType.materials.some((m) => m.form),
    );
    if (missing) expect(rowOf(sheet, missing.caseNumber)['缺件情况']).toContain('签字件未收回');
  });

  it('exports full personal data only with a reason, and audits it', async () => {
    const refused = await callFails(
      harness.core,
      supervisor,
      'export:start',
      startRequest({ fullData: true, reason: '' }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    const job = await exportAndWait({
      fullData: true,
      reason: '配合市审计局检查（审计函〔2026〕12号）',
      filter: { ...ALL_NOVEMBER, to: '2026-11-02' },
    });
    expect(job.state).toBe('finished');
    const zip = await readZip(job.path ?? '');
    const person = personCase();
    const sheet = await readIndex(zip.get('办件索引.xlsx') ?? Buffer.alloc(0));
    expect(rowOf(sheet, person.caseNumber)['证件号码/统一社会信用代码']).toBe(
      person.values['applicant.idNumber'],
    );
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 20 });
    // The reason is in the audit row itself (the viewer shows details; the list does not).
    const fullData = seedDb
      .prepare(`SELECT actor_name, detail FROM audit_log WHERE action = 'export.full-data'`)
      .get() as { actor_name: string; detail: string };
    expect(fullData.actor_name).toBe('王主任');
    expect(JSON.parse(fullData.detail)).toMatchObject({
      reason: '配合市审计局检查（审计函〔2026〕12号）',
    });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['export.started', 'export.finished']),
    );
  }, 120_000);

  it('leaves no file that looks complete when the supervisor cancels', async () => {
    const before = readdirSync(outDir);
    const started = await call(harness.core, supervisor, 'export:start', startRequest({}));
    const cancelled = await call(harness.core, supervisor, 'export:cancel', {
      jobId: started.jobId,
    });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.path).toBeNull();
    expect(cancelled.done).toBeLessThan(1000);
    expect(readdirSync(outDir).sort()).toEqual(before.sort());
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(audit.map((entry) => entry.action)).toContain('export.cancelled');
  });

  it('names the file that was changed after the export when verifying', async () => {
    const tampered = join(outDir, 'tampered.zip');
    copyFileSync(zipPath, tampered);
    const target = `核验清单/${seeded[10]?.caseNumber ?? ''}.pdf`;
    const zip = await yauzl.openPromise(tampered, { lazyEntries: true });
    let offset = -1;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === target) {
        const header = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
        offset = header.fileDataStart + 200;
      }
    }
    zip.close();
    const bytes = readFileSync(tampered);
    bytes[offset] = (bytes[offset] ?? 0) ^ 0xff;
    writeFileSync(tampered, bytes);

    const verified = await call(harness.core, supervisor, 'export:verify', { path: tampered });
    expect(verified.intact).toBe(false);
    expect(verified.problems).toEqual([`${target}：内容已被改动（SHA-256 不符）`]);

    const cli = await promisify(execFile)(
      'npx',
      ['tsx', join(ROOT, 'src-main/shell/verify-export-cli.ts'), tampered],
      {
        cwd: ROOT,
      },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(target);
    expect(cli.stdout).toContain('校验未通过');
  }, 60_000);

  it('refuses the export to a clerk', async () => {
    const refused = await callFails(harness.core, clerk, 'export:start', startRequest({}));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await callFails(harness.core, clerk, 'export:verify', { path: zipPath })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('filters by period, clerk and case type', async () => {
    const count = async (filter: Partial<ExportFilter>) =>
      (
        await call(harness.core, supervisor, 'export:count', {
          filter: { ...ALL_NOVEMBER, ...filter },
        })
      ).count;
    expect(await count({ from: null, to: null })).toBe(1001);
    expect(await count({ from: '2026-10-01', to: '2026-10-31' })).toBe(1);
    expect(await count({ clerkId: clerkId + 1000 })).toBe(0);
    const first = seeded[0]?.caseType.key;
    const caseType = `${first?.operation}/${first?.subjectType}/${first?.delegated ? 'delegated' : 'self'}`;
    expect(await count({ caseType })).toBe(
      seeded.filter((item) => item.caseType === seeded[0]?.caseType).length,
    );
    expect(await count({ states: ['accepted'] })).toBe(0);
    const nothing = await callFails(
      harness.core,
      supervisor,
      'export:start',
      startRequest({ filter: { ...ALL_NOVEMBER, states: ['accepted'] } }),
    );
    expect(nothing.code).toBe('EXPORT_NOTHING_TO_EXPORT');
  });

  it('exports a case whose personal data and attachments retention already purged', async () => {
    const [purged] = seedArchivedCases(seedDb, {
      profile,
      clerk: { id: clerkId, name: CLERK.displayName },
      count: 1,
      first: new Date('2026-12-01T09:00:00+08:00'),
      startIndex: 9000,
    });
    if (!purged) throw new Error('not seeded');
    // What a purge leaves: masked values and list name, the attachment row without its file.
    seedDb
      .prepare(
        `UPDATE cases SET values_json = '{}', display_name = '张*', display_key = '' WHERE id = ?`,
      )
      .run(purged.id);
    insertAttachment(seedDb, purged.id, {
      itemCode: purged.caseType.materials[0]?.code ?? 'x',
      sha256: 'f'.repeat(64),
      fileName: 'scan.jpg',
      mimeType: 'image/jpeg',
      size: 10,
      userId: clerkId,
      userName: CLERK.displayName,
      now: purged.createdAt,
    });
    // Beside it, a case whose scan is still in the vault.
    const [kept] = seedArchivedCases(seedDb, {
      profile,
      clerk: { id: clerkId, name: CLERK.displayName },
      count: 1,
      first: new Date('2026-12-01T10:00:00+08:00'),
      startIndex: 9001,
    });
    if (!kept) throw new Error('not seeded');
    const scan = Buffer.from('%PDF-1.4 signed letter scan');
    const itemCode = kept.caseType.materials[0]?.code ?? 'x';
    // The file inside the ZIP is named by the material's Chinese label, not its code.
    const itemLabel = (kept.caseType.materials[0]?.label ?? '').replace(/[\\/:*?"<>|]/g, '_');
    const attachmentId = insertAttachment(seedDb, kept.id, {
      itemCode,
      sha256: openSeedVault(harness.dataDir).put(scan),
      fileName: '委托书.pdf',
      mimeType: 'application/pdf',
      size: scan.length,
      userId: clerkId,
      userName: CLERK.displayName,
      now: kept.createdAt,
    });
    const job = await exportAndWait({
      filter: { ...ALL_NOVEMBER, from: '2026-12-01', to: '2026-12-01' },
      includeAttachments: true,
    });
    expect(job.state).toBe('finished');
    const zip = await readZip(job.path ?? '');
    const manifest = JSON.parse(zip.get('manifest.json')?.toString('utf8') ?? '') as ExportManifest;
    expect(manifest.omittedAttachments).toEqual([
      { caseNumber: purged.caseNumber, fileName: 'scan.jpg', why: '附件文件已清除或缺失' },
    ]);
    const sheet = await readIndex(zip.get('办件索引.xlsx') ?? Buffer.alloc(0));
    expect(rowOf(sheet, purged.caseNumber)['申请主体']).toBe('张*');
    expect(zip.get(`附件/${kept.caseNumber}/${itemLabel}-${attachmentId}-委托书.pdf`)).toEqual(
      scan,
    );
    expect(manifest.files.map((file) => file.path)).toContain(
      `附件/${kept.caseNumber}/${itemLabel}-${attachmentId}-委托书.pdf`,
    );
    expect([...zip.keys()].some((path) => path.includes(itemCode))).toBe(false);
  });
});

describe('supervisor export with the PDF render thread', () => {
  it('renders the checklists in the thread the built app starts, with the same content', async () => {
    // Inside the checkout: the bundle finds pdf-lib and fontkit in its node_modules.
    mkdirSync(join(ROOT, 'out'), { recursive: true });
    const bundleDir = mkdtempSync(join(ROOT, 'out', 'test-pdf-worker-'));
    await bundleForNode({ 'pdf-worker': PDF_WORKER_SOURCE }, bundleDir);
    const threaded = openTestCore(undefined, {
      pdfWorkerScript: join(bundleDir, 'pdf-worker.cjs'),
    });
    try {
      threaded.clock.set(new Date('2026-11-30T10:00:00+08:00'));
      const staff = await withSupervisorAndClerk(threaded.core);
      const db = openSeedConnection(threaded.dataDir);
      const cases = seedArchivedCases(db, {
        profile,
        clerk: { id: staff.clerkId, name: CLERK.displayName },
        count: 40,
      });
      db.close();
      const session = staff.supervisor;
      const started = await call(threaded.core, session, 'export:start', startRequest({}));
      let job = started;
      await vi.waitFor(
        async () => {
          job = await call(threaded.core, session, 'export:progress', { jobId: started.jobId });
          expect(job.state).not.toBe('running');
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(job).toMatchObject({ state: 'finished', done: 40 });
      const verified = await call(threaded.core, session, 'export:verify', {
        path: job.path ?? '',
      });
      expect(verified.intact).toBe(true);
      const zip = await readZip(job.path ?? '');
      const person = cases.find((item) => item.values['applicant.idNumber']);
      const text = pdfText(zip.get(`核验清单/${person?.caseNumber ?? ''}.pdf`) ?? Buffer.alloc(0));
      expect(text).toContain(person?.caseNumber);
      expect(text).toContain('导出存档（已脱敏）');
      expect(text).not.toContain(person?.values['applicant.name']);
    } finally {
      threaded.dispose();
      rmSync(bundleDir, { recursive: true, force: true });
    }
  }, 120_000);
});
