import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleForNode, PDF_WORKER_SOURCE } from '../../tests/helpers/node-bundle';
import type { Figure } from '../results';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = 10_000;

interface ChildResult {
  cases: number;
  seconds: number;
  casesPerS: number;
  cpuMsPerCase: number;
  peakRssMb: number;
  zipMb: number;
}

/**
 * Suite `export`: 10,000 archived cases exported (XLSX index and checklist PDFs, no
 * attachments) in a child process of its own, so the peak RSS is the export's (its render
 * thread included). CPU time per case is reported too: unlike cases/s, the load of a shared
 * machine does not inflate it. The child is
 * bundled with esbuild and run on plain Node, as the app's core runs: under tsx its loader
 * thread alone would add some 60 MB to the figure. Goals: >= 200 cases/s, <= 300 MB.
 */
export async function runExportSuite(): Promise<Figure[]> {
  const bundle = join(ROOT, 'out', 'bench', 'export-child.cjs');
  await bundleForNode(
    {
      'export-child': join(import.meta.dirname, 'export-child.ts'),
      'pdf-worker': PDF_WORKER_SOURCE,
    },
    join(ROOT, 'out', 'bench'),
  );
  const run = async (...args: string[]) =>
    (await promisify(execFile)(process.execPath, [bundle, ...args], { cwd: ROOT })).stdout
      .trim()
      .split('\n')
      .at(-1) ?? '';
  // Seeding and exporting in two processes: the export's RSS owes nothing to the seeding.
  const dataDir = await run('seed', String(CASES));
  let result: ChildResult;
  try {
    result = JSON.parse(await run('export', dataDir)) as ChildResult;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (result.cases !== CASES) throw new Error(`exported ${result.cases} of ${CASES} cases`);
  return [
    { name: 'export_cases_per_s', value: Number(result.casesPerS.toFixed(1)), unit: 'cases/s' },
    { name: 'export_peak_rss_mb', value: Number(result.peakRssMb.toFixed(1)), unit: 'MB' },
    {
      name: 'export_cpu_ms_per_case',
      value: Number(result.cpuMsPerCase.toFixed(2)),
      unit: 'ms',
    },
    { name: 'export_zip_mb', value: Number(result.zipMb.toFixed(1)), unit: 'MB' },
  ];
}
