import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Bundles entry points for plain Node as CommonJS files in `outdir` (`<name>.cjs`), the way
 * the app's build ships the PDF render thread: for the export bench and the test of the
 * thread. The sources are ES modules; import.meta is rebuilt from __filename.
 */
export async function bundleForNode(
  entryPoints: Record<string, string>,
  outdir: string,
): Promise<void> {
  await build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'error',
    define: { 'import.meta.dirname': '__dirname', 'import.meta.url': 'importMetaUrl' },
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
}

/** The export's PDF render thread's source. */
export const PDF_WORKER_SOURCE = join(ROOT, 'src-main', 'print', 'pdf-render-worker.ts');

/** The export's XLSX index thread's source. */
export const XLSX_WORKER_SOURCE = join(ROOT, 'src-main', 'export', 'xlsx-index-worker.ts');
