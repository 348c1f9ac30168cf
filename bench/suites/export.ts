import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Figure } from '../results';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = 10_000;

interface ChildResult {
  cases: number;
  seconds: number;
  casesPerS: number;
  peakRssMb: number;
  zipMb: number;
}

/**
 * Suite `export`: 10,000 archived cases exported (XLSX index and checklist PDFs, no
 * attachments) in a child process of its own, so the peak RSS is the export's. The child is
 * bundled with esbuild and run on plain Node, as the app's core runs: under tsx its loader
 * thread alone would add some 60 MB to the figure. Goals: >= 200 cases/s, <= 300 MB.
 */
export async function runExportSuite(): Promise<Figure[]> {
  const bundle = join(ROOT, 'out', 'bench', 'export-child.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'export-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
    // The sources are ES modules; in the CommonJS bundle import.meta is rebuilt from __filename.
    define: { 'import.meta.dirname': '__dirname', 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  const { stdout } = await promisify(execFile)(process.execPath, [bundle, String(CASES)], {
    cwd: ROOT,
    maxBuffer: 1024 * 1024,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
  if (result.cases !== CASES) throw new Error(`exported ${result.cases} of ${CASES} cases`);
  return [
    { name: 'export_cases_per_s', value: Number(result.casesPerS.toFixed(1)), unit: 'cases/s' },
    { name: 'export_peak_rss_mb', value: Number(result.peakRssMb.toFixed(1)), unit: 'MB' },
    { name: 'export_zip_mb', value: Number(result.zipMb.toFixed(1)), unit: 'MB' },
  ];
}
