import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';

const ROOT = join(import.meta.dirname, '..', '..');

/** Waits for the address line the launcher prints, or fails with what the process said. */
function addressOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
      if (match) resolve(match[0]);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`the shell exited (${code}):\n${output}`)));
  });
}

describe('the built browser shell, as `npm start` runs it', () => {
  let dataDir: string;
  let child: ChildProcess;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'counter-built-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from the bundle and shows the first-run screen at the printed address', async () => {
    // The bundle, not the sources: the order in which bundled modules load differs from
    // the test runner's, and a library that needs a polyfill first fails only here.
    child = spawn(
      process.execPath,
      [join(ROOT, 'out', 'main', 'web.js'), '--data', dataDir, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const address = await addressOf(child);

    const page = await browser.newPage();
    await page.goto(address);
    await expect.poll(() => page.getByRole('heading', { name: '首次设置' }).isVisible()).toBe(true);
    // A first run: the page waits for the core rather than guess the login screen.
    expect(await page.locator('meta[name="counter-start"]').count()).toBe(0);
  });

  it('answers a call made the moment the address is printed, before its core has loaded', async () => {
    // The shell listens first and loads the core after: an early call waits, it never fails.
    const early = spawn(
      process.execPath,
      [join(ROOT, 'out', 'main', 'web.js'), '--data', dataDir, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const address = await addressOf(early);
      // The store the first start made is there: the page may show the login before the core.
      expect(await (await fetch(address)).text()).toContain('name="counter-start"');
      const reply = await fetch(`${address}api/app:status`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Counter-Request': '1',
          'X-Counter-Session': 'C'.repeat(43),
        },
        body: '{}',
      });
      expect(await reply.json()).toMatchObject({
        ok: true,
        value: { state: 'setup-required', shell: 'browser' },
      });
    } finally {
      early.kill('SIGTERM');
    }
  });
});

describe('the counter page as built', () => {
  // Each file of the first page is a round trip that waits on the browser's own start, and
  // every component's script is work before the login takes typing (docs/benchmarks.md).
  it('shows the login from one script beside its entry and one style sheet, without Element Plus’s components', () => {
    const rendererDir = join(ROOT, 'out', 'renderer');
    const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
    const scripts = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.\/([^"]+)"/g),
    ].map((match) => match[1] ?? '');
    const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\.\/([^"]+)"/g)];
    expect(scripts).toHaveLength(2);
    expect(styles).toHaveLength(1);
    for (const script of scripts) {
      const code = readFileSync(join(rendererDir, script), 'utf8');
      expect(code, script).not.toMatch(/name:\s*[`"']El[A-Z]\w*[`"']/);
    }
  });
});
