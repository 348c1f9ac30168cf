import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src-main/api/open-core';
import type { Core } from '../../src-main/api/core-types';
import type { ExportJob } from '../../src-main/contract/export-channels';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openSeedConnection, seedArchivedCases } from '../../tests/helpers/archived-cases';
import { call, CLERK, SUPERVISOR, withSupervisorAndClerk } from '../../tests/helpers/core-harness';

function open(dataDir: string, threads: string | undefined): Core {
  return openCore({
    dataDir,
    resourcesDir: join(import.meta.dirname, '..', '..', 'resources'),
    secretStore: new KeyFileSecretStore(dataDir),
    shell: 'browser',
    version: 'bench',
    logger: { error: (message) => console.error(message) },
    // Bundled beside this file by the suite, as the app's build puts it beside the core.
    pdfWorkerScript:
      threads === 'in-process'
        ? join(dataDir, 'no-worker')
        : join(import.meta.dirname, 'pdf-worker.cjs'),
  });
}

/** `seed <cases>`: a data folder with that many archived cases; prints its path. */
async function seed(cases: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-export-'));
  const core = open(dataDir, 'in-process');
  try {
    const { supervisor, clerkId } = await withSupervisorAndClerk(core);
    const profile = await call(core, supervisor, 'profile:current', {});
    const db = openSeedConnection(dataDir);
    seedArchivedCases(db, {
      profile,
      clerk: { id: clerkId, name: CLERK.displayName },
      count: cases,
      first: new Date('2026-10-01T09:00:00+08:00'),
      missingEvery: 50,
    });
    db.close();
  } finally {
    core.close();
  }
  console.log(dataDir);
}

/**
 * `export <dataDir> [in-process]`: one export of every archived case in a process that did
 * nothing else, so its peak RSS is the export's. Prints one JSON line.
 */
async function exportAll(dataDir: string, threads: string | undefined): Promise<void> {
  const core = open(dataDir, threads);
  // Beside the data folder, not in it: the core refuses to write exports into its own folder.
  const outDir = `${dataDir}-exports`;
  mkdirSync(outDir, { recursive: true });
  try {
    const supervisor = core.newSession();
    await call(core, supervisor, 'auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    let peak = process.memoryUsage().rss;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      if (usage.rss > peak) {
        peak = usage.rss;
        atPeak = usage;
      }
    }, 20);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let job: ExportJob = await call(core, supervisor, 'export:start', {
      filter: { from: null, to: null, clerkId: null, caseType: null, states: ['archived'] },
      fullData: false,
      reason: '',
      includeAttachments: false,
      folder: outDir,
    });
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await call(core, supervisor, 'export:progress', { jobId: job.jobId });
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (job.state !== 'finished' || !job.path) throw new Error(`export ${job.state}`);
    // The core thread's share of the peak (the render thread's heap is not in these figures).
    if (process.env.BENCH_MEMORY) console.error(JSON.stringify(atPeak));
    console.log(
      JSON.stringify({
        cases: job.done,
        seconds,
        casesPerS: job.done / seconds,
        // CPU time of all the process's threads: what the machine's load cannot inflate.
        cpuMsPerCase: (cpu.user + cpu.system) / 1000 / job.done,
        peakRssMb: peak / 1024 / 1024,
        zipMb: statSync(job.path).size / 1024 / 1024,
      }),
    );
  } finally {
    core.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

const [mode, argument, threads] = process.argv.slice(2);
(mode === 'seed' ? seed(Number(argument ?? 10_000)) : exportAll(argument ?? '', threads)).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
