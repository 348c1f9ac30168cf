import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { installLastResort } from '../../src-main/api/last-resort';
import type { ExportFilter, ExportJob } from '../../src-main/contract/export-channels';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  CLERK,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';

let harness: CoreHarness;
let supervisor: CallerSession;
let scratch: string;

const NOVEMBER: ExportFilter = {
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
  const clerk = await signInClerk(harness.core, staff.clerkPassword);
  const profile = await call(harness.core, clerk, 'profile:current', {});
  const seed = openSeedConnection(harness.dataDir);
  seedArchivedCases(seed, {
    profile,
    clerk: { id: staff.clerkId, name: CLERK.displayName },
    count: 3,
  });
  seed.close();
  scratch = mkdtempSync(join(tmpdir(), 'counter-survives-'));
});
afterAll(() => {
  harness.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * A folder that exists, is writable (even for root) and passes every check, but in which no
 * new entry can be made: its path is so long that the export's scratch folder inside it
 * passes PATH_MAX (ENAMETOOLONG), as /proc does for root, a mode-0200 folder for a normal
 * user, or a filesystem without free inodes.
 */
function folderThatRefusesNewEntries(): string {
  let folder = join(scratch, 'deep');
  mkdirSync(folder);
  while (Buffer.byteLength(folder) < 4000) {
    folder = join(folder, 'd'.repeat(Math.min(200, 4040 - Buffer.byteLength(folder))));
    mkdirSync(folder);
  }
  // The screen takes 500 characters: a short link leads there.
  const link = join(scratch, 'usb');
  symlinkSync(folder, link);
  return link;
}

async function waitForEnd(jobId: string): Promise<ExportJob> {
  for (let i = 0; i < 200; i += 1) {
    const job = await call(harness.core, supervisor, 'export:progress', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('export did not end');
}

describe('the core outlives what a request starts', () => {
  it('turns an export folder that refuses new entries into a failed job and keeps answering', async () => {
    const folder = folderThatRefusesNewEntries();
    const job = await call(harness.core, supervisor, 'export:start', {
      filter: NOVEMBER,
      fullData: false,
      reason: '',
      includeAttachments: false,
      folder,
    });
    const ended = await waitForEnd(job.jobId);
    expect(ended.state).toBe('failed');
    expect(ended.error?.message).toContain('导出未完成');
    // Still serving: the status, the audit trail with the failure and its chain.
    expect((await call(harness.core, supervisor, 'app:status', {})).state).toBe('ready');
    const recent = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(recent.map((entry) => entry.action)).toContain('export.failed');
    expect((await call(harness.core, supervisor, 'audit:verify', {})).intact).toBe(true);
  });

  it('records an unexpected rejection without its message and goes on serving', async () => {
    const events = new EventEmitter();
    const uninstall = installLastResort(events, (source, error) =>
      harness.core.recordUnexpected?.(source, error),
    );
    const error = Object.assign(new Error('张三 110101199003071234'), { code: 'ENOSPC' });
    events.emit('unhandledRejection', error);
    events.emit('uncaughtException', new TypeError('李四'));
    uninstall();
    const recent = await call(harness.core, supervisor, 'audit:recent', { limit: 2 });
    expect(recent.map((entry) => entry.action)).toEqual([
      'core.unexpected-error',
      'core.unexpected-error',
    ]);
    const db = openSeedConnection(harness.dataDir);
    const rows = db.prepare(`SELECT * FROM audit_log WHERE action = 'core.unexpected-error'`).all();
    db.close();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('110101');
    expect(text).not.toContain('李四');
    expect(text).toContain('ENOSPC');
    expect((await call(harness.core, supervisor, 'app:status', {})).state).toBe('ready');
  });
});

describe('export and verification paths', () => {
  const start = (folder: string) =>
    callFails(harness.core, supervisor, 'export:start', {
      filter: NOVEMBER,
      fullData: false,
      reason: '',
      includeAttachments: false,
      folder,
    });

  it('refuses system folders, a symlink to one, and the data folder with its keys', async () => {
    const link = join(scratch, 'looks-harmless');
    symlinkSync('/etc', link);
    for (const folder of ['/etc', link, '/dev/shm', '/proc', '/']) {
      const error = await start(folder);
      expect(error.code, folder).toBe('EXPORT_FOLDER_UNWRITABLE');
      expect(error.message, folder).toContain('系统文件夹');
      expect(error.nextStep, folder).toContain('U 盘');
    }
    for (const folder of [harness.dataDir, join(harness.dataDir, 'keys')]) {
      const error = await start(folder);
      expect(error.message, folder).toContain('数据文件夹');
    }
    const dataLink = join(scratch, 'data-link');
    symlinkSync(join(harness.dataDir, 'keys'), dataLink);
    expect((await start(dataLink)).message).toContain('数据文件夹');
  });

  it('answers export:verify in Chinese for any path, never with raw Node errors', async () => {
    const notZip = join(scratch, 'not-a-zip.zip');
    writeFileSync(notZip, 'plain text');
    const paths = [
      join(scratch, 'missing.zip'),
      scratch,
      notZip,
      '/etc/passwd',
      '/dev/zero',
      '/proc/self/environ',
      join(harness.dataDir, 'keys', 'master.key'),
      join(harness.dataDir, 'counter.db'),
    ];
    for (const path of paths) {
      const error = await callFails(harness.core, supervisor, 'export:verify', { path });
      expect(error.code, path).toBe('EXPORT_FILE_UNREADABLE');
      expect(error.message, path).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message, path).not.toMatch(/ENOENT|EISDIR|EACCES|Error:|end of central/i);
    }
  });
});
