import { join } from 'node:path';
import type { Figure } from './results';
import { recordFigures } from './results';
import { runCameraSuite } from './suites/devices-browser';
import { runCasesSuite } from './suites/cases';
import { runClerkSuite } from './suites/clerk';
import { runCoreSuite } from './suites/core';
import { runExportSuite } from './suites/export';
import { runIdcardSuite } from './suites/idcard';
import { runPrintSuite } from './suites/print';
import { runShellSuite } from './suites/shell';
import { runSyncSuite } from './suites/sync';

/** Every benchmark suite by name; later issues add theirs here. */
const suites: Record<string, () => Promise<Figure[]>> = {
  shell: runShellSuite,
  cases: runCasesSuite,
  idcard: runIdcardSuite,
  print: runPrintSuite,
  sync: runSyncSuite,
  export: runExportSuite,
  clerk: runClerkSuite,
  camera: runCameraSuite,
  core: runCoreSuite,
};

async function main(names: readonly string[]): Promise<void> {
  const chosen = names.length > 0 ? names : Object.keys(suites);
  const unknown = chosen.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(
      `未知的基准测试套件：${unknown.join(', ')}；可用：${Object.keys(suites).join(', ')}`,
    );
    process.exit(2);
  }
  for (const name of chosen) {
    const suite = suites[name];
    if (!suite) continue;
    console.log(`# ${name}`);
    recordFigures(join(import.meta.dirname, 'results.json'), await suite());
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
