import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const C_LOCALE = { ...process.env, LC_ALL: 'C', LANG: 'C' };

function schedulerRunning(): boolean {
  const result = spawnSync('lpstat', ['-r'], { env: C_LOCALE, encoding: 'utf8' });
  return result.status === 0 && /scheduler is running/.test(result.stdout);
}

/** Starts the CUPS scheduler by hand (there is no systemd on the test machines). */
export async function ensureCupsd(): Promise<void> {
  if (schedulerRunning()) return;
  execFileSync('/usr/sbin/cupsd');
  for (let attempt = 0; attempt < 100 && !schedulerRunning(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!schedulerRunning()) throw new Error('cupsd did not start');
}

/** A cups-pdf queue whose jobs land as PDF files in a folder of the test's own. */
export interface PdfQueue {
  name: string;
  outputDir: string;
  /** The PDF files printed so far, oldest first. */
  outputs(): string[];
  /** Waits until `count` files have been printed, and returns the newest. */
  waitForOutput(count: number, timeoutMs?: number): Promise<Uint8Array>;
  stop(): void;
  resume(): void;
  remove(): void;
}

/**
 * Adds a cups-pdf queue. cups-pdf reads `/etc/cups/cups-pdf-<suffix>.conf` for the device
 * URI `cups-pdf:/<suffix>`, so each queue writes to its own folder.
 */
export function addPdfQueue(name: string): PdfQueue {
  const suffix = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const outputDir = mkdtempSync(join(tmpdir(), 'counter-cups-pdf-'));
  chmodSync(outputDir, 0o1777);
  const conf = `/etc/cups/cups-pdf-${suffix}.conf`;
  writeFileSync(conf, `Out ${outputDir}\nAnonDirName ${outputDir}\nLabel 0\n`);
  execFileSync(
    'lpadmin',
    [
      '-p',
      name,
      '-E',
      '-v',
      `cups-pdf:/${suffix}`,
      '-P',
      '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd',
    ],
    { env: C_LOCALE, stdio: 'ignore' },
  );
  const outputs = () =>
    existsSync(outputDir)
      ? readdirSync(outputDir)
          .filter((file) => file.endsWith('.pdf'))
          .sort((a, b) => jobNumber(a) - jobNumber(b))
          .map((file) => join(outputDir, file))
      : [];
  return {
    name,
    outputDir,
    outputs,
    async waitForOutput(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const files = outputs();
        const newest = files.at(-1);
        // cups-pdf writes the file in place: wait until it ends with the PDF trailer.
        if (files.length >= count && newest && readFileSync(newest).includes('%%EOF')) {
          return new Uint8Array(readFileSync(newest));
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no printed file ${count} in ${outputDir} within ${timeoutMs} ms`);
    },
    stop: () => execFileSync('cupsdisable', [name], { env: C_LOCALE }),
    resume: () => execFileSync('cupsenable', [name], { env: C_LOCALE }),
    remove() {
      spawnSync('lpadmin', ['-x', name], { env: C_LOCALE });
      rmSync(conf, { force: true });
      rmSync(outputDir, { recursive: true, force: true });
    },
  };
}

function jobNumber(file: string): number {
  return Number(/job_(\d+)/.exec(file)?.[1] ?? 0);
}
