import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src-main/api/open-core';
import type { ExportJob } from '../../src-main/contract/export-channels';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openSeedConnection, seedArchivedCases } from '../../tests/helpers/archived-cases';
import { call, CLERK, withSupervisorAndClerk } from '../../tests/helpers/core-harness';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = Number(process.argv[2] ?? 10_000);

/**
 * One export of CASES archived cases in a process of its own, so that its peak RSS is the
 * export's and nothing else's. Prints one JSON line: cases/s, peak RSS, ZIP size.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-export-'));
  const outDir = join(dataDir, 'out');
  const core = openCore({
    dataDir,
    resourcesDir: join(ROOT, 'resources'),
    secretStore: new KeyFileSecretStore(dataDir),
    shell: 'browser',
    version: 'bench',
    logger: { error: (message) => console.error(message) },
    exportFolder: outDir,
  });
  try {
    const { supervisor, clerkId } = await withSupervisorAndClerk(core);
    const profile = await call(core, supervisor, 'profile:current', {});
    const seedDb = openSeedConnection(dataDir);
    seedArchivedCases(seedDb, {
      profile,
      clerk: { id: clerkId, name: CLERK.displayName },
      count: CASES,
      first: new Date('2026-10-01T09:00:00+08:00'),
      missingEvery: 50,
    });
    seedDb.close();
    mkdirSync(outDir);

    let peak = process.memoryUsage().rss;
    let ticks = 0;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      if (process.env.BENCH_MEMORY && (ticks += 1) % 50 === 0)
        console.error(
          JSON.stringify(
            Object.fromEntries(
              Object.entries(usage).map(([key, value]) => [key, Math.round(value / 1e6)]),
            ),
          ),
        );
    }, 20);
    const started = performance.now();
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
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (job.state !== 'finished' || !job.path) throw new Error(`export ${job.state}`);
    console.log(
      JSON.stringify({
        cases: job.done,
        seconds,
        casesPerS: job.done / seconds,
        peakRssMb: peak / 1024 / 1024,
        zipMb: statSync(job.path).size / 1024 / 1024,
      }),
    );
  } finally {
    core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
