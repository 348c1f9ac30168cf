/**
 * The desktop shell's entry (electron-vite's main bundle): bootstrap only. It takes the
 * single-instance lock, opens the core with the OS keychain, wires IPC and opens the window.
 */
import { join, resolve } from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, dialog, screen } from 'electron';
import type { CallerSession, Core } from '../../api/core-types';
import type { ProcessEvents } from '../../api/last-resort';
import { installLastResort } from '../../api/last-resort';
import type { CoreOptions } from '../../api/open-core';
import { appStatusSchema } from '../../contract/schemas';
import { openCore } from '../../api/open-core';
import { LaunchOptionError, parseLaunchOptions } from '../config';
import { ApplicantWindowKeeper, applicantEntry } from './applicant-window';
import { appFiles, sqliteBinding } from './app-paths';
import { autoStartEntry, KioskGuard } from './kiosk';
import { readPinnedUpdateKey } from './update-key';
import { UpdateSchedule } from './update-schedule';
import { registerIpc } from './ipc';
import { KeychainUnavailableError, SafeStorageSecretStore } from './safe-storage-secret-store';
import type { RendererEntry } from './window';
import { createMainWindow, loadApp } from './window';

/** What the bootstrap takes from outside: the core factory, the command line, the env. */
export interface DesktopShellDeps {
  openCore: (options: CoreOptions) => Core;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The process, for the last-resort handler; tests of the wiring leave it out. */
  processEvents?: ProcessEvents;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page to show: the built index.html inside the app, or electron-vite's dev server. The
 * dev server is honoured only in an unpackaged app and only on loopback: an environment
 * variable must never point an installed counter at a remote page holding the preload's API.
 */
export function rendererEntry(
  env: NodeJS.ProcessEnv,
  isPackaged: boolean,
  appPath: string,
): RendererEntry {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && devUrl) {
    try {
      const url = new URL(devUrl);
      if (/^https?:$/.test(url.protocol) && LOOPBACK_HOSTS.has(url.hostname)) {
        return { kind: 'dev-server', url: url.href };
      }
    } catch {
      // Not a URL: fall through to the built files.
    }
  }
  return { kind: 'file', indexHtml: join(appPath, 'out', 'renderer', 'index.html') };
}

/** The data folder: `--data DIR`, else COUNTER_DATA_DIR, else Electron's userData folder. */
export function desktopDataDir(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  // Only the data folder matters here; Electron knows its own userData folder best.
  const fallback = env.COUNTER_DATA_DIR || app.getPath('userData');
  return resolve(parseLaunchOptions(argv, { COUNTER_DATA_DIR: fallback }).dataDir);
}

/** The settings the shell follows, as the core reports them to every shell (`app:status`). */
async function shellSettings(core: Core): Promise<{ kioskMode: boolean; updateUrl: string }> {
  const status = await core.dispatch(core.newSession(), 'app:status', {});
  const parsed = status.ok ? appStatusSchema.safeParse(status.value) : null;
  if (!parsed?.success) return { kioskMode: false, updateUrl: '' };
  return { kioskMode: parsed.data.kioskMode, updateUrl: parsed.data.updateUrl };
}

function startupMessage(error: unknown): string {
  if (error instanceof KeychainUnavailableError || error instanceof LaunchOptionError) {
    return error.message;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return [
    '启动时出错，柜台办件台没有打开。',
    '请重新打开程序；如反复出现，请记下以下内容并联系技术支持：',
    detail,
  ].join('\n');
}

/**
 * Starts the desktop shell. Resolves once the window shows the app, or once the app has
 * decided to quit (another instance runs, or startup failed and the clerk was told why).
 */
export async function startDesktopShell(deps: DesktopShellDeps): Promise<void> {
  // One counter, one window, one writer of the database: a second launch only brings the
  // running window forward (Electron's requestSingleInstanceLock pattern).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  // The counter has one window; closing it ends the app on every platform, macOS included.
  app.on('window-all-closed', () => app.quit());

  // safeStorage and BrowserWindow are usable only once the app is ready.
  await app.whenReady();
  try {
    const dataDir = desktopDataDir(deps.argv, deps.env);
    const secretStore = new SafeStorageSecretStore(dataDir);
    const appPath = app.getAppPath();
    // What the core opens by path (and its render thread) lies unpacked beside app.asar.
    const files = appFiles(appPath);
    const core = deps.openCore({
      dataDir,
      resourcesDir: files.resourcesDir,
      templatesDir: files.templatesDir,
      pdfWorkerScript: files.pdfWorkerScript,
      xlsxWorkerScript: files.xlsxWorkerScript,
      sqliteBinding: sqliteBinding(deps.env, app.isPackaged),
      secretStore,
      shell: 'electron',
      version: app.getVersion(),
    });
    // Nothing a request starts may end the process: what escapes is recorded, the app goes on.
    if (deps.processEvents) {
      installLastResort(deps.processEvents, (source, error) =>
        core.recordUnexpected?.(source, error),
      );
    }
    const entry = rendererEntry(deps.env, app.isPackaged, appPath);
    const preloadPath = files.preloadPath;
    // The applicant's own screen on the second display, when there is one.
    const applicant = new ApplicantWindowKeeper({
      screen,
      entry: applicantEntry(entry),
      preloadPath,
    });
    const kiosk = new KioskGuard(autoStartEntry(process.platform, deps.env, process.execPath));
    const followKiosk = async (): Promise<void> => kiosk.set((await shellSettings(core)).kioskMode);
    const sessions = new Map<number, CallerSession>();
    const updates = new UpdateSchedule(
      async () => (await shellSettings(core)).updateUrl,
      () => [...sessions.values()].filter((session) => session.user !== null).length,
      () => kiosk.allowLeave(),
      // Pinned when the package was made; an unpacked app (npm start) takes no updates anyway.
      readPinnedUpdateKey(appPath),
    );
    const unregisterIpc = registerIpc({
      core,
      entry,
      sessions,
      applicant: {
        entry: applicantEntry(entry),
        isApplicantContents: (contents) => applicant.isApplicantContents(contents),
      },
      afterDispatch: (channel, envelope) => {
        if (!envelope.ok) return;
        if (channel === 'settings:update') {
          void followKiosk();
          if (app.isPackaged) updates.checkSoon();
        }
        if (channel === 'kiosk:leave') {
          kiosk.allowLeave();
          app.quit();
        }
      },
    });
    // 'will-quit' comes after every window has closed: no request can still be in flight.
    app.once('will-quit', () => {
      updates.stop();
      unregisterIpc();
      core.close();
    });
    const window = createMainWindow({
      entry,
      preloadPath,
      // DevTools would let anyone at a shared counter script the signed-in session: only an
      // unpackaged app started with an explicit --dev flag (`npm start -- --dev`) offers them.
      devTools: !app.isPackaged && deps.argv.includes('--dev'),
    });
    mainWindow = window;
    kiosk.attach(window);
    await followKiosk();
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
      // The clerk's window closing ends the app: the applicant's goes with it.
      applicant.stop();
    });
    await loadApp(window, entry);
    await applicant.start();
    // Updates come only to an installed app (electron-updater refuses an unpacked one).
    if (app.isPackaged) updates.start();
  } catch (error) {
    // Before a window can show the startup screen, an error box is the only way to tell the
    // clerk; it carries the message, never a stack trace (STYLE.md F).
    dialog.showErrorBox('柜台办件台无法启动', startupMessage(error));
    app.quit();
  }
}

// Electron runs this file as its main process (process.type 'browser'). Anything else that
// imports it (the shell tests, tooling) gets the functions without starting an app.
if (process.type === 'browser') {
  void startDesktopShell({
    openCore,
    argv: process.argv,
    env: process.env,
    processEvents: process,
  });
}
