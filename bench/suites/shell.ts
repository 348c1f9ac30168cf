import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openCore } from '../../src-main/api/open-core';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { launchChromium } from '../../tests/helpers/chromium';
import type { Figure } from '../results';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = 5;

/** A data folder past first run, so the shell opens on the login screen. */
async function preparedDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-'));
  const core = openCore({
    dataDir,
    resourcesDir: join(ROOT, 'resources'),
    secretStore: new KeyFileSecretStore(dataDir),
    shell: 'browser',
    version: 'bench',
  });
  const created = await core.dispatch(core.newSession(), 'setup:createSupervisor', {
    username: 'zhuren',
    displayName: '王主任',
    password: 'Counter#2026',
  });
  core.close();
  if (!created.ok) throw new Error(created.error.message);
  return dataDir;
}

function startShell(dataDir: string, port: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'out', 'main', 'web.js'), '--data', dataDir, '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`browser shell exited with ${code}`)));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The gzipped size of the JS the login screen needs: entry script and its preloads. */
export function initialJsKbGz(rendererDir: string): number {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(
    /<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?\/?([^"]+\.js)"/g,
  )) {
    if (match[1]) files.add(match[1]);
  }
  if (files.size === 0) throw new Error('no scripts found in out/renderer/index.html: build first');
  let bytes = 0;
  for (const file of files)
    bytes += gzipSync(readFileSync(join(rendererDir, file)), { level: 9 }).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

/** Suite `shell`: cold start of the browser shell to a ready login screen, and bundle size. */
export async function runShellSuite(): Promise<Figure[]> {
  const browser = await launchChromium();
  const dataDir = await preparedDataDir();
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.newPage();
      const started = performance.now();
      const shell = await startShell(dataDir, 0);
      try {
        await page.goto(shell.url);
        await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible' });
        times.push(performance.now() - started);
      } finally {
        shell.stop();
        await page.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    { name: 'shell_cold_start_ms', value: Math.round(median(times)), unit: 'ms' },
    {
      name: 'renderer_initial_js_kb_gz',
      value: initialJsKbGz(join(ROOT, 'out', 'renderer')),
      unit: 'KB',
    },
  ];
}
