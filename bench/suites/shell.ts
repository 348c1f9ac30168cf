import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openCore } from '../../src-main/api/open-core';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tests/helpers/chromium';
import type { Figure } from '../results';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = 5;
/** Pairs for the ratio: two processes starting on two cores vary from run to run. */
const RATIO_RUNS = 9;

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

/**
 * Ends a server and waits until it has exited: one still closing down would take CPU from the
 * next measurement (the shell closes its store on the way out).
 */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

function startShell(
  dataDir: string,
  port: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
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
      if (match?.[1]) resolve({ url: match[1], stop: () => stopChild(child) });
    });
    child.once('exit', (code) => reject(new Error(`browser shell exited with ${code}`)));
  });
}

/**
 * The yardstick: a bare node http server with one trivial page holding a login field,
 * spawned and shown the same way, so the ratio does not depend on the machine's speed.
 */
const TRIVIAL_SERVER = `
const http = require('node:http');
const page = '<!doctype html><meta charset="utf-8"><title>t</title><input aria-label="登录名">';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/'));
`;

function startTrivial(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', TRIVIAL_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], stop: () => stopChild(child) });
    });
    child.once('exit', (code) => reject(new Error(`trivial server exited with ${code}`)));
  });
}

/** Where the time to a usable login field goes, each from spawning the server (ms). */
interface ColdStart {
  /** The server printed its address (node start, modules loaded, listening). */
  listening: number;
  /** The page's HTML arrived in the browser. */
  firstHtml: number;
  /** The page's scripts were fetched, parsed and run (DOMContentLoaded, after module scripts). */
  scriptsRun: number;
  /** The login field took focus and a typed character. */
  fieldUsable: number;
}

/** From spawning a server to its login field taking typing, in a fresh tab of `browser`. */
async function timeToLoginField(
  browser: Browser,
  start: () => Promise<{ url: string; stop: () => Promise<void> }>,
): Promise<ColdStart> {
  const page = await browser.newPage();
  const started = performance.now();
  const server = await start();
  const listening = performance.now() - started;
  try {
    const navigated = performance.now();
    await page.goto(server.url);
    const field = page.getByRole('textbox', { name: '登录名' });
    await field.waitFor({ state: 'visible' });
    // Usable: it takes focus and a character typed into it.
    await field.fill('a');
    const fieldUsable = performance.now() - started;
    // The page's own clock starts at navigation: shift it onto the spawn's.
    // As a string: the navigation entry is a browser type this (node) project does not know.
    const timing = await page.evaluate<{ html: number; scripts: number }>(`(() => {
      const entry = performance.getEntriesByType('navigation')[0];
      return { html: entry.responseEnd, scripts: entry.domContentLoadedEventEnd };
    })()`);
    const offset = navigated - started;
    return {
      listening,
      firstHtml: offset + timing.html,
      scriptsRun: offset + timing.scripts,
      fieldUsable,
    };
  } finally {
    await server.stop();
    await page.close();
  }
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
  const trivial: ColdStart[] = [];
  const shell: ColdStart[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.newPage();
      const started = performance.now();
      const first = await startShell(dataDir, 0);
      try {
        await page.goto(first.url);
        await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible' });
        times.push(performance.now() - started);
      } finally {
        await first.stop();
        await page.close();
      }
    }
    // The ratio: shell and yardstick alternate in the same, already running Chromium.
    for (let run = 0; run < RATIO_RUNS; run += 1) {
      trivial.push(await timeToLoginField(browser, startTrivial));
      shell.push(await timeToLoginField(browser, () => startShell(dataDir, 0)));
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const parts = (runs: ColdStart[]) => ({
    listening: median(runs.map((run) => run.listening)),
    firstHtml: median(runs.map((run) => run.firstHtml)),
    scriptsRun: median(runs.map((run) => run.scriptsRun)),
    fieldUsable: median(runs.map((run) => run.fieldUsable)),
  });
  const ours = parts(shell);
  const bare = parts(trivial);
  const ratio = ours.fieldUsable / bare.fieldUsable;
  const line = (name: string, p: ReturnType<typeof parts>) =>
    `${name}: listening ${Math.round(p.listening)} ms, HTML ${Math.round(p.firstHtml)} ms, ` +
    `scripts run ${Math.round(p.scriptsRun)} ms, login field usable ${Math.round(p.fieldUsable)} ms`;
  console.log(line('shell', ours));
  console.log(line('trivial page', bare));
  return [
    { name: 'shell_cold_start_ms', value: Math.round(median(times)), unit: 'ms' },
    {
      name: 'shell_cold_start_vs_trivial_ratio',
      value: Math.round(ratio * 100) / 100,
      unit: 'x',
    },
    // The parts of the shell's time to a usable login field, each counted from the spawn.
    { name: 'shell_listening_ms', value: Math.round(ours.listening), unit: 'ms' },
    { name: 'shell_first_html_ms', value: Math.round(ours.firstHtml), unit: 'ms' },
    { name: 'shell_scripts_run_ms', value: Math.round(ours.scriptsRun), unit: 'ms' },
    { name: 'shell_login_field_ms', value: Math.round(ours.fieldUsable), unit: 'ms' },
    {
      name: 'renderer_initial_js_kb_gz',
      value: initialJsKbGz(join(ROOT, 'out', 'renderer')),
      unit: 'KB',
    },
  ];
}
