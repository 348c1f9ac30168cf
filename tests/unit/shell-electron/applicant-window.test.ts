import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApplicantWindowKeeper,
  applicantEntry,
} from '../../../src-main/shell/electron/applicant-window';
import { registerIpc } from '../../../src-main/shell/electron/ipc';
import type { RendererEntry } from '../../../src-main/shell/electron/window';
import type { FakeBrowserWindow } from '../../fakes/electron';
import {
  BrowserWindow,
  fakeFrame,
  fakeWebContents,
  ipcMain,
  resetFakeElectron,
  screen,
} from '../../fakes/electron';
import { recordingCore } from './recording-core';

const indexHtml = '/opt/counter-desk/out/renderer/index.html';
const clerkEntry: RendererEntry = { kind: 'file', indexHtml };
const entry = applicantEntry(clerkEntry);
const applicantHtml = join('/opt/counter-desk/out/renderer', 'applicant.html');
const preloadPath = '/opt/counter-desk/out/preload/index.cjs';
const second = { id: 2, bounds: { x: 1366, y: 0, width: 1920, height: 1080 } };

function keeper(): ApplicantWindowKeeper {
  return new ApplicantWindowKeeper({
    screen: screen as unknown as ConstructorParameters<typeof ApplicantWindowKeeper>[0]['screen'],
    entry,
    preloadPath,
  });
}

function openWindows(): FakeBrowserWindow[] {
  return BrowserWindow.getAllWindows();
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetFakeElectron();
});

describe("the applicant's window (desktop shell)", () => {
  it('opens nothing with one display, and full screen on the second display when one is plugged in', async () => {
    const applicant = keeper();
    await applicant.start();
    expect(openWindows()).toHaveLength(0);

    screen.add(second);
    await settle();
    const [window] = openWindows();
    expect(window).toBeDefined();
    expect(window?.options).toMatchObject({
      x: 1366,
      y: 0,
      width: 1920,
      height: 1080,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      skipTaskbar: true,
      closable: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        devTools: false,
        preload: preloadPath,
      },
    });
    expect(window?.menuRemoved).toBe(true);
    expect(window?.loads).toEqual([{ kind: 'file', path: applicantHtml }]);
    // It must not take the keyboard from the clerk's window.
    expect(window?.shownInactive).toBe(true);
    // No way away from its page: navigation elsewhere and new windows are refused.
    expect(window?.webContents.navigate('file:///opt/counter-desk/out/renderer/index.html')).toBe(
      false,
    );
  });

  it('closes when its display is unplugged and follows a display that changes', async () => {
    screen.add(second);
    const applicant = keeper();
    await applicant.start();
    expect(openWindows()).toHaveLength(1);

    screen.change({ id: 2, bounds: { x: 1366, y: 0, width: 1280, height: 1024 } });
    await settle();
    expect(openWindows()[0]?.bounds).toEqual({ x: 1366, y: 0, width: 1280, height: 1024 });

    screen.remove(2);
    await settle();
    expect(openWindows()).toHaveLength(0);
    expect(applicant.current()).toBeNull();

    screen.add({ id: 3, bounds: { x: -1280, y: 0, width: 1280, height: 800 } });
    await settle();
    expect(openWindows()).toHaveLength(1);
    expect(openWindows()[0]?.options).toMatchObject({ x: -1280, width: 1280 });
    applicant.stop();
    expect(openWindows()).toHaveLength(0);
  });

  it("gives the window's IPC an applicant-screen session, trusted only on the applicant page", async () => {
    screen.add(second);
    const applicant = keeper();
    await applicant.start();
    const window = openWindows()[0];
    if (!window) throw new Error('no applicant window');
    const core = recordingCore();
    registerIpc({
      core,
      entry: clerkEntry,
      applicant: {
        entry,
        isApplicantContents: (contents) => applicant.isApplicantContents(contents),
      },
    });
    const page = pathToFileURL(applicantHtml).href;
    await ipcMain.invoke(
      'applicant:view',
      { sender: window.webContents, frame: fakeFrame(page) },
      {},
    );
    expect(core.sessions.at(-1)?.applicant).toBe(true);
    // The clerk's page loaded in the applicant window is not trusted there.
    const refused = await ipcMain.invoke(
      'applicant:view',
      { sender: window.webContents, frame: fakeFrame(pathToFileURL(indexHtml).href) },
      {},
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    // The clerk's window gets an ordinary session.
    await ipcMain.invoke(
      'auth:session',
      { sender: fakeWebContents(), frame: fakeFrame(pathToFileURL(indexHtml).href) },
      {},
    );
    expect(core.sessions.at(-1)?.applicant).toBeUndefined();
  });
});
