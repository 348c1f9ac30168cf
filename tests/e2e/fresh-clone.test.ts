import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * A clone as a newcomer gets it: the files git would commit (tracked and new, nothing ignored,
 * so no out/), with the installed node_modules linked in as `npm install` would have left them.
 */
function freshClone(into: string): void {
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && file !== 'node_modules' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(ROOT, file), join(into, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'));
}

/** Waits for the address the launcher prints, or fails with what it said. */
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
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
}

describe('a fresh clone, started as README says', () => {
  let clone: string;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let browser: Browser;

  beforeAll(async () => {
    clone = mkdtempSync(join(tmpdir(), 'counter-clone-'));
    dataDir = mkdtempSync(join(tmpdir(), 'counter-clone-data-'));
    freshClone(clone);
    browser = await launchChromium();
  });

  afterAll(async () => {
    // npm, the launcher and the shell are one process group: end them together.
    if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await browser?.close();
    rmSync(clone, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds on `npm start` and serves the app at the printed address', async () => {
    expect(existsSync(join(clone, 'out'))).toBe(false);
    // `npm start` exactly, configured through the environment README documents; no desktop,
    // so the launcher picks the browser shell as it does on a server or in CI.
    child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        COUNTER_PORT: '0',
        COUNTER_DATA_DIR: dataDir,
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        COUNTER_DOWNLOAD_ELECTRON: '',
      },
    });
    const address = await addressOf(child);

    const page = await browser.newPage();
    await page.goto(address);
    await expect.poll(() => page.getByRole('heading', { name: '首次设置' }).isVisible()).toBe(true);
    expect(existsSync(join(clone, 'out', 'main', 'web.js'))).toBe(true);
  });
});
