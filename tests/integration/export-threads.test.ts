import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import type { CallerSession } from '../../src-main/api/core-types';
import type { ExportJob } from '../../src-main/contract/export-channels';
import type * as XlsxIndexModule from '../../src-main/export/xlsx-index';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import type { CoreHarness } from '../helpers/core-harness';
import { call, CLERK, openTestCore, withSupervisorAndClerk } from '../helpers/core-harness';
import { bundleForNode, PDF_WORKER_SOURCE, XLSX_WORKER_SOURCE } from '../helpers/node-bundle';

// Every index built on the core's own thread is counted: with the threads, there is none.
const onCoreThread = vi.hoisted(() => ({ indexes: 0 }));
vi.mock('../../src-main/export/xlsx-index', async (importOriginal) => {
  const actual = await importOriginal<typeof XlsxIndexModule>();
  class CountedWriter extends actual.XlsxIndexWriter {
    constructor(filename: string, title: string) {
      super(filename, title);
      onCoreThread.indexes += 1;
    }
  }
  return { ...actual, XlsxIndexWriter: CountedWriter };
});

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = 60;

let bundleDir: string;
let outDir: string;

beforeAll(async () => {
  // Inside the checkout: the bundles find exceljs, pdf-lib and fontkit in its node_modules.
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  bundleDir = mkdtempSync(join(ROOT, 'out', 'test-export-workers-'));
  await bundleForNode(
    { 'pdf-worker': PDF_WORKER_SOURCE, 'xlsx-worker': XLSX_WORKER_SOURCE },
    bundleDir,
  );
  outDir = mkdtempSync(join(tmpdir(), 'counter-export-threads-'));
}, 120_000);

afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

/** A core with the same archived cases as every other one here, and its supervisor. */
async function seededCore(
  threads: boolean,
): Promise<{ harness: CoreHarness; supervisor: CallerSession }> {
  const harness = openTestCore(
    undefined,
    threads
      ? {
          pdfWorkerScript: join(bundleDir, 'pdf-worker.cjs'),
          xlsxWorkerScript: join(bundleDir, 'xlsx-worker.cjs'),
        }
      : {},
  );
  harness.clock.set(new Date('2026-11-30T10:00:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  const profile = await call(harness.core, staff.supervisor, 'profile:current', {});
  const db = openSeedConnection(harness.dataDir);
  seedArchivedCases(db, {
    profile,
    clerk: { id: staff.clerkId, name: CLERK.displayName },
    count: CASES,
    missingEvery: 7,
  });
  db.close();
  return { harness, supervisor: staff.supervisor };
}

async function exportAll(harness: CoreHarness, supervisor: CallerSession): Promise<ExportJob> {
  const started = await call(harness.core, supervisor, 'export:start', {
    filter: { from: null, to: null, clerkId: null, caseType: null, states: ['archived'] },
    fullData: false,
    reason: '',
    includeAttachments: false,
    folder: outDir,
  });
  let job = started;
  await vi.waitFor(
    async () => {
      job = await call(harness.core, supervisor, 'export:progress', { jobId: started.jobId });
      expect(job.state).not.toBe('running');
    },
    { timeout: 60_000, interval: 100 },
  );
  return job;
}

/** The index's cells, row by row, read from the ZIP independently of the app. */
async function indexRows(zipPath: string): Promise<string[][]> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  let xlsx: Buffer | null = null;
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName !== '办件索引.xlsx') continue;
    const chunks: Buffer[] = [];
    for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    xlsx = Buffer.concat(chunks);
  }
  zip.close();
  if (!xlsx) throw new Error('no index in the export');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('办件清单');
  if (!sheet) throw new Error('no index sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push(
      Array.from(row.values as unknown[], (value) =>
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : JSON.stringify(value ?? ''),
      ),
    );
  });
  return rows;
}

describe('the export off the core’s thread', () => {
  it('builds the XLSX index in its own thread, never on the core’s, with the same rows', async () => {
    const onThread = await seededCore(false);
    let expected: string[][];
    try {
      const job = await exportAll(onThread.harness, onThread.supervisor);
      expect(job).toMatchObject({ state: 'finished', done: CASES });
      expected = await indexRows(job.path ?? '');
    } finally {
      onThread.harness.dispose();
    }
    expect(onCoreThread.indexes).toBe(1);
    expect(expected).toHaveLength(CASES + 1);

    const threaded = await seededCore(true);
    try {
      const job = await exportAll(threaded.harness, threaded.supervisor);
      expect(job).toMatchObject({ state: 'finished', done: CASES });
      expect(onCoreThread.indexes).toBe(1);
      const verified = await call(threaded.harness.core, threaded.supervisor, 'export:verify', {
        path: job.path ?? '',
      });
      expect(verified.intact).toBe(true);
      expect(await indexRows(job.path ?? '')).toEqual(expected);
    } finally {
      threaded.harness.dispose();
    }
  }, 180_000);
});
