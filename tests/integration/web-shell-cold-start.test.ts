import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/api/core-types';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import type { CoreHarness } from '../helpers/core-harness';
import { openTestCore } from '../helpers/core-harness';

/** A built renderer in miniature: a page naming a script and a style sheet, as Vite writes it. */
function fakeRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'counter-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>柜台办件台</title>' +
      '<script type="module" crossorigin src="./assets/index-Ab12.js"></script>' +
      '<link rel="stylesheet" crossorigin href="./assets/index-Cd34.css">',
  );
  writeFileSync(join(dir, 'assets', 'index-Ab12.js'), 'console.log("login");');
  writeFileSync(join(dir, 'assets', 'index-Cd34.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'SettingsView-Ef56.js'), 'console.log("settings");');
  return dir;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiHeaders = {
  'Content-Type': 'application/json',
  'X-Counter-Request': '1',
  'X-Counter-Session': 'B'.repeat(43),
};

/** Whether a promise has settled by the time everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

let rendererDir: string;
let harness: CoreHarness;
let shell: WebShell;
let coreLoaded: (core: Core) => void;
let coreFailed: (error: Error) => void;

beforeEach(async () => {
  rendererDir = fakeRenderer();
  harness = openTestCore();
  shell = await startWebShell({
    // The core as the shell's starter gives it: still loading when the server listens.
    core: new Promise<Core>((resolve, reject) => {
      coreLoaded = resolve;
      coreFailed = reject;
    }),
    rendererDir,
    port: 0,
  });
});

afterEach(async () => {
  await shell.close();
  harness.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('the browser shell while its core is still loading', () => {
  it('serves the login page and its files at once', async () => {
    const page = await send(shell.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('柜台办件台');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");

    const script = await send(shell.port, '/assets/index-Ab12.js');
    expect(script.body).toBe('console.log("login");');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // Hashed names change with the content: the browser may keep them for good.
    expect(script.headers['cache-control']).toBe('max-age=31536000, immutable');
    const style = await send(shell.port, '/assets/index-Cd34.css');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('holds an early call until the core is there and then answers it', async () => {
    const early = send(shell.port, '/api/app:status', { method: 'POST', headers: apiHeaders });
    // The page is served meanwhile.
    expect((await send(shell.port, '/')).status).toBe(200);
    expect(await settled(early)).toBe(false);

    coreLoaded(harness.core);
    const reply = await early;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: true,
      value: { state: 'setup-required', shell: 'browser' },
    });
  });

  it('answers calls with a typed error, not silence, when the core cannot load', async () => {
    const early = send(shell.port, '/api/app:status', { method: 'POST', headers: apiHeaders });
    coreFailed(new Error('native module missing'));
    const reply = await early;
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('serves files from memory once read, and still nothing outside the app folder', async () => {
    // Read once: a later request does not go back to the disk.
    expect((await send(shell.port, '/assets/SettingsView-Ef56.js')).status).toBe(200);
    rmSync(join(rendererDir, 'assets', 'SettingsView-Ef56.js'));
    rmSync(join(rendererDir, 'assets', 'index-Ab12.js'));
    expect((await send(shell.port, '/assets/SettingsView-Ef56.js')).body).toBe(
      'console.log("settings");',
    );
    // The login page's files were read before the server listened.
    expect((await send(shell.port, '/assets/index-Ab12.js')).body).toBe('console.log("login");');

    const escape = await send(shell.port, '/..%2f..%2f..%2fpackage.json');
    expect(escape.body).not.toContain('"devDependencies"');
    // An unknown path is the app's own route: the page, never cached.
    const route = await send(shell.port, '/assets/missing-0000.js');
    expect(route.body).toContain('柜台办件台');
    expect(route.headers['cache-control']).toBe('no-store');
  });
});

describe('a shell over a counter that was set up before it started', () => {
  let marked: WebShell;
  let wanted: string[];
  let release: () => void;

  beforeEach(async () => {
    wanted = [];
    marked = await startWebShell({
      core: new Promise<Core>((resolve) => (release = () => resolve(harness.core))),
      loginBeforeCore: true,
      coreWanted: () => wanted.push('core'),
      rendererDir,
      port: 0,
    });
  });

  afterEach(async () => {
    await marked.close();
  });

  it('marks the counter’s page, not the applicant’s, so a fresh tab shows the login at once', async () => {
    const page = await send(marked.port, '/');
    expect(page.body).toMatch(/^<!doctype html><meta name="counter-start" content="login" \/>/);
    expect((await send(marked.port, '/some/route')).body).toContain('name="counter-start"');
    // The other shell, over a first run, leaves its page as built.
    expect((await send(shell.port, '/')).body).not.toContain('counter-start');
  });

  it('serves the page and its files without asking for the core', async () => {
    await send(marked.port, '/');
    await send(marked.port, '/assets/index-Ab12.js');
    await send(marked.port, '/assets/index-Cd34.css');
    await send(marked.port, '/assets/SettingsView-Ef56.js');
    expect(wanted).toEqual([]);
  });

  it('asks for the core when the page first calls, and answers the call once it is there', async () => {
    const early = send(marked.port, '/api/app:status', { method: 'POST', headers: apiHeaders });
    await expect.poll(() => wanted).toEqual(['core']);
    release();
    expect(JSON.parse((await early).body)).toMatchObject({ ok: true });
  });
});
