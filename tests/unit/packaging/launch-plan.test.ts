import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseShell,
  electronEnv,
  electronViteCli,
  nativeBuildDecision,
  nativeBuildStamp,
  wantsElectronDownload,
} from '../../../scripts/launch-plan.mjs';
import { abiBoundModules, NATIVE_MODULES } from '../../../scripts/native-modules.mjs';

const require = createRequire(import.meta.url);
const ROOT = '/srv/counter-desk';

describe('the npm start launcher', () => {
  it('finds the electron-vite command line through the package, as electron-vite 6 exports it', () => {
    const packageJson = require.resolve('electron-vite/package.json');
    const cli = electronViteCli(
      packageJson,
      JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> },
    );
    expect(readFileSync(cli, 'utf8')).toMatch(/^#!.*node/);
    // The deep import the launcher once used is not exported: it must not come back.
    expect(() => require.resolve('electron-vite/bin/electron-vite.js')).toThrow(
      /not defined by "exports"/,
    );
  });

  it('downloads Electron only when asked, by flag or environment', () => {
    expect(wantsElectronDownload([], {})).toBe(false);
    expect(wantsElectronDownload(['--port', '5000'], { COUNTER_DOWNLOAD_ELECTRON: '0' })).toBe(
      false,
    );
    expect(wantsElectronDownload(['--download-electron'], {})).toBe(true);
    expect(wantsElectronDownload([], { COUNTER_DOWNLOAD_ELECTRON: '1' })).toBe(true);
    expect(wantsElectronDownload([], { COUNTER_DOWNLOAD_ELECTRON: 'yes' })).toBe(true);
  });

  it('starts the browser shell without Electron and says how to get the desktop app', () => {
    const plan = chooseShell({
      args: ['--port', '5000', '--download-electron'],
      electronPath: null,
      display: true,
    });
    expect(plan.shell).toBe('browser');
    expect(plan.message).toContain('浏览器模式');
    expect(plan.message).toContain('npm start -- --download-electron');
    expect(plan.shellArgs).toEqual(['--port', '5000']);
  });

  it('starts Electron where it is installed and a desktop is there, else says why not', () => {
    expect(chooseShell({ args: [], electronPath: '/e/electron', display: true })).toEqual({
      shell: 'electron',
      message: null,
      shellArgs: [],
    });
    expect(chooseShell({ args: [], electronPath: '/e/electron', display: false }).message).toMatch(
      /DISPLAY/,
    );
    expect(
      chooseShell({
        args: ['--browser', '--data', '/d'],
        electronPath: '/e/electron',
        display: true,
      }),
    ).toEqual({ shell: 'browser', message: null, shellArgs: ['--data', '/d'] });
  });
});

describe('the Electron build of the native modules', () => {
  const sqlite = {
    name: 'better-sqlite3-multiple-ciphers',
    binary: 'build/Release/better_sqlite3.node',
    version: '12.9.0',
  };
  const probe = {
    root: ROOT,
    electronVersion: '41.7.1',
    abi: '145',
    arch: 'x64',
    modules: [sqlite],
  };

  it('rebuilds on the first start with Electron, into a folder of its own per ABI', () => {
    const decision = nativeBuildDecision({ ...probe, stamp: null });
    if (decision.action !== 'rebuild')
      throw new Error(`expected a rebuild, got ${decision.action}`);
    expect(decision.reason).toContain('首次');
    expect(decision.dir).toBe(
      join(ROOT, 'node_modules', '.counter-desk-native', 'electron-abi145-x64'),
    );
    // The Node build in node_modules stays as it is: the browser shell and the tests use it.
    expect(decision.bindings[sqlite.name]).toBe(
      join(decision.dir, 'node_modules', sqlite.name, sqlite.binary),
    );
    expect(decision.dir.startsWith(join(ROOT, 'node_modules', sqlite.name))).toBe(false);
  });

  it('uses the existing build while Electron and the modules stay the same', () => {
    const stamp = nativeBuildStamp(probe);
    expect(nativeBuildDecision({ ...probe, stamp }).action).toBe('use');
  });

  it('rebuilds once Electron or a module changes version', () => {
    const stamp = nativeBuildStamp(probe);
    const newer = nativeBuildDecision({ ...probe, electronVersion: '41.8.0', stamp });
    expect(newer.action === 'rebuild' && newer.reason).toContain('41.8.0');
    const module = nativeBuildDecision({
      ...probe,
      modules: [{ ...sqlite, version: '12.10.0' }],
      stamp,
    });
    expect(module.action === 'rebuild' && module.reason).toContain('版本');
    const arm = nativeBuildDecision({ ...probe, arch: 'arm64', stamp });
    expect(arm.action).toBe('rebuild');
    if (arm.action !== 'none') expect(arm.dir).toMatch(/electron-abi145-arm64$/);
  });

  it('needs nothing when every native module is Node-API', () => {
    expect(nativeBuildDecision({ ...probe, modules: [], stamp: null })).toEqual({ action: 'none' });
  });

  it('hands the Electron child the SQLite binding of its own ABI', () => {
    const decision = nativeBuildDecision({ ...probe, stamp: nativeBuildStamp(probe) });
    const env = electronEnv({ PATH: '/bin' }, decision);
    expect(env.COUNTER_SQLITE_BINDING).toMatch(/electron-abi145-x64\/.*better_sqlite3\.node$/);
    expect(env.PATH).toBe('/bin');
  });

  it('rebuilds exactly the modules built against V8 itself', () => {
    expect(abiBoundModules().map((module) => module.name)).toEqual([
      'better-sqlite3-multiple-ciphers',
    ]);
    expect(NATIVE_MODULES.filter((module) => module.kind === 'abi')).toHaveLength(1);
  });
});
