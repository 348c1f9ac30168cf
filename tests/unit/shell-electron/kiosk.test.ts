import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-main/contract';
import { startDesktopShell } from '../../../src-main/shell/electron/main';
import { autoStartEntry } from '../../../src-main/shell/electron/kiosk';
import type { FakeBrowserWindow } from '../../fakes/electron';
import {
  BrowserWindow,
  Menu,
  app,
  fakeFrame,
  ipcMain,
  resetFakeElectron,
} from '../../fakes/electron';
import type { DispatchedRequest, RecordingCore } from './recording-core';
import { recordingCore } from './recording-core';

const appPath = '/opt/counter-desk';
let configHome: string;
let kioskMode: boolean;
let leaveAnswer: Envelope<unknown>;

function status(): Envelope<unknown> {
  return {
    ok: true,
    value: {
      state: 'ready',
      shell: 'electron',
      version: '0.1.0',
      hallName: '太原市政务服务中心',
      kioskMode,
      updateUrl: '',
      storeError: null,
    },
  };
}

function answer(request: DispatchedRequest): Promise<Envelope<unknown>> {
  if (request.channel === 'app:status') return Promise.resolve(status());
  if (request.channel === 'kiosk:leave') return Promise.resolve(leaveAnswer);
  return Promise.resolve({ ok: true, value: {} });
}

async function start(): Promise<{ core: RecordingCore; window: FakeBrowserWindow }> {
  const core = recordingCore(answer);
  await startDesktopShell({
    openCore: () => core,
    argv: ['counter-desk'],
    env: { XDG_CONFIG_HOME: configHome },
  });
  const [window] = BrowserWindow.getAllWindows();
  if (!window) throw new Error('no window');
  return { core, window };
}

function fromPage(window: FakeBrowserWindow) {
  const indexHtml = join(appPath, 'out', 'renderer', 'index.html');
  return { sender: window.webContents, frame: fakeFrame(`${pathToFileURL(indexHtml).href}#/`) };
}

const autostartFile = () => join(configHome, 'autostart', 'counter-desk.desktop');

beforeEach(() => {
  resetFakeElectron();
  app.appPath = appPath;
  configHome = mkdtempSync(join(tmpdir(), 'counter-kiosk-'));
  kioskMode = false;
  leaveAnswer = { ok: true, value: {} };
});

afterEach(() => {
  rmSync(configHome, { recursive: true, force: true });
});

describe('kiosk use of the desktop app', () => {
  it('leaves the window as it is while the setting is off', async () => {
    const { window } = await start();

    expect(window.isKiosk()).toBe(false);
    expect(Menu.applicationMenu).toBeUndefined();
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(existsSync(autostartFile())).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'goes full screen without a menu, refuses to close or quit, and starts at login',
    async () => {
      kioskMode = true;
      const { window, core } = await start();

      expect(window.isKiosk()).toBe(true);
      expect(window.menuBarVisible).toBe(false);
      expect(Menu.applicationMenu).toBeNull();
      window.close();
      app.quit();
      expect(window.isDestroyed()).toBe(false);
      expect(core.closeCount).toBe(0);
      expect(readFileSync(autostartFile(), 'utf8')).toMatch(/^Exec=".+"$/m);
    },
  );

  it('closes only after a supervisor’s password was accepted', async () => {
    kioskMode = true;
    const { window, core } = await start();
    leaveAnswer = { ok: false, error: { code: 'KIOSK_LEAVE_REFUSED', message: '', nextStep: '' } };
    const credentials = { username: 'zhang', password: 'wrong-password-1' };

    await ipcMain.invoke('kiosk:leave', fromPage(window), credentials);
    expect(window.isDestroyed()).toBe(false);

    leaveAnswer = { ok: true, value: {} };
    await ipcMain.invoke('kiosk:leave', fromPage(window), credentials);
    expect(window.isDestroyed()).toBe(true);
    expect(core.closeCount).toBe(1);
  });

  it('follows the setting as soon as the supervisor saves it', async () => {
    const { window } = await start();
    kioskMode = true;

    await ipcMain.invoke('settings:update', fromPage(window), { kioskMode: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.isKiosk()).toBe(true);
    expect(existsSync(autostartFile())).toBe(process.platform === 'linux');

    kioskMode = false;
    await ipcMain.invoke('settings:update', fromPage(window), { kioskMode: false });
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.isKiosk()).toBe(false);
    expect(existsSync(autostartFile())).toBe(false);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('the start-at-login entry', () => {
  it('is a login item on Windows, pointing at the installed program', () => {
    expect(autoStartEntry('win32', {}, 'C:\\Program Files\\柜台办件台\\柜台办件台.exe')).toEqual({
      kind: 'login-item',
      path: 'C:\\Program Files\\柜台办件台\\柜台办件台.exe',
    });
  });

  it('is an XDG autostart file on UOS and Kylin, naming the AppImage when run from one', () => {
    const entry = autoStartEntry(
      'linux',
      { APPIMAGE: '/home/clerk/counter-desk-0.1.0-x86_64.AppImage' },
      '/tmp/.mount_abc/counter-desk',
      '/home/clerk',
    );
    expect(entry).toMatchObject({
      kind: 'xdg-autostart',
      file: '/home/clerk/.config/autostart/counter-desk.desktop',
    });
    if (entry.kind !== 'xdg-autostart') throw new Error('unreachable');
    expect(entry.contents).toContain('Exec="/home/clerk/counter-desk-0.1.0-x86_64.AppImage"');
  });
});
