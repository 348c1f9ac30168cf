import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../../src-main/api/open-core';
import type { DesktopShellDeps } from '../../../src-main/shell/electron/main';
import { startDesktopShell } from '../../../src-main/shell/electron/main';
import type { FakeBrowserWindow } from '../../fakes/electron';
import {
  BrowserWindow,
  app,
  dialog,
  fakeFrame,
  ipcMain,
  resetFakeElectron,
  safeStorage,
} from '../../fakes/electron';
import type { RecordingCore } from './recording-core';
import { recordingCore } from './recording-core';

const appPath = '/opt/counter-desk';
const indexHtml = join(appPath, 'out', 'renderer', 'index.html');

interface Started {
  core: RecordingCore;
  opened: CoreOptions[];
}

async function start(overrides: Partial<DesktopShellDeps> = {}): Promise<Started> {
  const core = recordingCore();
  const opened: CoreOptions[] = [];
  await startDesktopShell({
    openCore: (options) => {
      opened.push(options);
      return core;
    },
    argv: ['/usr/lib/counter-desk/counter-desk'],
    env: {},
    ...overrides,
  });
  return { core, opened };
}

function onlyWindow(): FakeBrowserWindow {
  const windows = BrowserWindow.getAllWindows();
  expect(windows).toHaveLength(1);
  const [window] = windows;
  if (window === undefined) throw new Error('no window');
  return window;
}

beforeEach(() => {
  resetFakeElectron();
  app.appPath = appPath;
  app.userData = '/home/clerk/.config/counter-desk';
});

describe('the desktop shell', () => {
  it('focuses the running window when a second instance starts', async () => {
    await start();
    const window = onlyWindow();
    window.minimize();

    app.launchSecondInstance();

    expect(window.restoreCount).toBe(1);
    expect(window.isMinimized()).toBe(false);
    expect(window.focused).toBe(true);
    expect(BrowserWindow.created).toHaveLength(1);
  });

  it('quits at once when another instance already runs', async () => {
    app.gotLock = false;
    const { opened } = await start();

    expect(app.quitCount).toBe(1);
    expect(opened).toEqual([]);
    expect(BrowserWindow.created).toEqual([]);
    expect(ipcMain.channels()).toEqual([]);
  });

  it('opens the core in the folder given with --data', async () => {
    const { opened } = await start({
      argv: ['/usr/bin/electron', '.', '--data', '/srv/counter'],
      env: { COUNTER_DATA_DIR: '/srv/ignored' },
    });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      dataDir: '/srv/counter',
      shell: 'electron',
      version: '0.1.0',
    });
  });

  it("falls back to COUNTER_DATA_DIR, then to Electron's user data folder", async () => {
    const fromEnv = await start({ env: { COUNTER_DATA_DIR: '/srv/from-env' } });
    expect(fromEnv.opened[0]?.dataDir).toBe('/srv/from-env');

    resetFakeElectron();
    app.userData = '/home/clerk/.config/counter-desk';
    const fallback = await start();
    expect(fallback.opened[0]?.dataDir).toBe('/home/clerk/.config/counter-desk');
  });

  it('shows the built page with the bundled preload', async () => {
    await start();
    const window = onlyWindow();
    expect(window.options.webPreferences?.preload).toBe(
      join(appPath, 'out', 'preload', 'index.cjs'),
    );
    expect(window.loads).toEqual([{ kind: 'file', path: indexHtml }]);
    expect(window.visible).toBe(true);
  });

  it('never loads a dev server or offers DevTools in a packaged app', async () => {
    app.isPackaged = true;
    await start({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    const window = onlyWindow();
    expect(window.loads).toEqual([{ kind: 'file', path: indexHtml }]);
    expect(window.options.webPreferences?.devTools).toBe(false);
  });

  it('offers DevTools in an unpackaged app only with an explicit --dev flag', async () => {
    await start();
    expect(onlyWindow().options.webPreferences?.devTools).toBe(false);

    resetFakeElectron();
    app.appPath = appPath;
    await start({ argv: ['electron', '.', '--dev'] });
    expect(onlyWindow().options.webPreferences?.devTools).toBe(true);

    resetFakeElectron();
    app.appPath = appPath;
    app.isPackaged = true;
    await start({ argv: ['counter-desk', '--dev'] });
    expect(onlyWindow().options.webPreferences?.devTools).toBe(false);
  });

  it('uses the dev server only on this machine while developing', async () => {
    await start({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(onlyWindow().loads).toEqual([{ kind: 'url', url: 'http://localhost:5173/' }]);

    resetFakeElectron();
    app.appPath = appPath;
    await start({ env: { ELECTRON_RENDERER_URL: 'http://192.0.2.10:5173' } });
    expect(onlyWindow().loads).toEqual([{ kind: 'file', path: indexHtml }]);
  });

  it('answers requests from the page it opened through the core', async () => {
    const { core } = await start();
    const window = onlyWindow();
    const frame = fakeFrame(`${pathToFileURL(indexHtml).href}#/login`);
    // The shell itself asks the core for the kiosk setting at start.
    const before = core.dispatched.length;

    const reply = await ipcMain.invoke('app:status', { sender: window.webContents, frame }, {});

    expect(reply).toEqual({ ok: true, value: { echoed: 'app:status' } });
    expect(core.dispatched.slice(before).map((request) => request.channel)).toEqual(['app:status']);
  });

  it('quits and closes the core when the window closes', async () => {
    const { core } = await start();
    onlyWindow().close();

    expect(app.quitCount).toBe(1);
    expect(core.closeCount).toBe(1);
    expect(ipcMain.channels()).toEqual([]);
  });

  it('tells the clerk and quits when the OS keychain is unavailable', async () => {
    safeStorage.available = false;
    const { opened } = await start();

    expect(opened).toEqual([]);
    expect(BrowserWindow.created).toEqual([]);
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.content).toMatch(/密钥库/);
    expect(app.quitCount).toBe(1);
  });

  it('tells the clerk and quits when the page cannot be loaded', async () => {
    BrowserWindow.failNextLoad = new Error("ERR_FILE_NOT_FOUND (-6) loading 'index.html'");
    const { core } = await start();

    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.content).toMatch(/^启动时出错/);
    expect(dialog.errorBoxes[0]?.content).not.toMatch(/\n\s+at /);
    expect(app.quitCount).toBe(1);
    expect(core.closeCount).toBe(1);
  });
});
