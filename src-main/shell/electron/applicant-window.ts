import { dirname, join } from 'node:path';
import type { BrowserWindow, Display, Screen, WebContents } from 'electron';
import { BrowserWindow as ElectronBrowserWindow } from 'electron';
import { missingCase } from '../../domain/missing-case';
import type { RendererEntry } from './window';
import { hardenContents, hardenSession, loadApp } from './window';

/**
 * The applicant's window of the desktop shell: full screen on the second display when there
 * is one, without menu or frame, on its own page (applicant.html) and its own caller session
 * (role applicant). It follows displays being plugged in and out: it opens when a second
 * display appears and closes when its display goes away.
 */

/** The applicant page beside the clerk's index.html (or on the dev server). */
export function applicantEntry(entry: RendererEntry): RendererEntry {
  switch (entry.kind) {
    case 'file':
      return { kind: 'file', indexHtml: join(dirname(entry.indexHtml), 'applicant.html') };
    case 'dev-server':
      return { kind: 'dev-server', url: new URL('applicant.html', entry.url).href };
    default:
      return missingCase(entry);
  }
}

/** The display for the applicant: the first one that is not the clerk's (primary), or none. */
export function applicantDisplay(displays: readonly Display[], primary: Display): Display | null {
  return displays.find((display) => display.id !== primary.id) ?? null;
}

/** The window's options on a display: full screen, no frame, no menu, hardened page. */
export function applicantWindowOptions(display: Display, preloadPath: string) {
  return {
    title: '申请人屏幕',
    x: display.bounds.x,
    y: display.bounds.y,
    width: display.bounds.width,
    height: display.bounds.height,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    skipTaskbar: true,
    minimizable: false,
    maximizable: false,
    closable: false,
    movable: false,
    resizable: false,
    show: false,
    backgroundColor: '#f3f6fa',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // The applicant's screen faces the public: never DevTools.
      devTools: false,
    },
  };
}

/** What the keeper needs: Electron's screen, the page, the preload. */
export interface ApplicantWindowDeps {
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;
  entry: RendererEntry;
  preloadPath: string;
}

/** Opens, moves and closes the applicant's window as displays come and go. */
export class ApplicantWindowKeeper {
  private window: BrowserWindow | null = null;
  private displayId: number | null = null;
  private readonly onChange = () => void this.follow();
  private readonly onRemoved = (_event: unknown, display: Display) => {
    if (display.id === this.displayId) this.closeWindow();
    void this.follow();
  };

  constructor(private readonly deps: ApplicantWindowDeps) {}

  /** Opens the window if a second display is there, and starts following displays. */
  start(): Promise<void> {
    this.deps.screen.on('display-added', this.onChange);
    this.deps.screen.on('display-removed', this.onRemoved);
    this.deps.screen.on('display-metrics-changed', this.onChange);
    return this.follow();
  }

  /** Stops following displays and closes the window (on quit). */
  stop(): void {
    this.deps.screen.removeListener('display-added', this.onChange);
    this.deps.screen.removeListener('display-removed', this.onRemoved);
    this.deps.screen.removeListener('display-metrics-changed', this.onChange);
    this.closeWindow();
  }

  /** The open applicant window, if any. */
  current(): BrowserWindow | null {
    return this.window;
  }

  /** Whether IPC from these contents is the applicant's window. */
  isApplicantContents(contents: WebContents): boolean {
    return (
      this.window !== null && !this.window.isDestroyed() && this.window.webContents === contents
    );
  }

  private closeWindow(): void {
    const window = this.window;
    this.window = null;
    this.displayId = null;
    if (window && !window.isDestroyed()) {
      // closable: false keeps the applicant from closing it; the shell may.
      window.destroy();
    }
  }

  private async follow(): Promise<void> {
    const display = applicantDisplay(
      this.deps.screen.getAllDisplays(),
      this.deps.screen.getPrimaryDisplay(),
    );
    if (!display) {
      this.closeWindow();
      return;
    }
    if (this.window && this.displayId === display.id) {
      this.window.setBounds(display.bounds);
      return;
    }
    this.closeWindow();
    const window = new ElectronBrowserWindow(
      applicantWindowOptions(display, this.deps.preloadPath),
    );
    window.setMenu(null);
    hardenSession(window.webContents.session);
    hardenContents(window.webContents, this.deps.entry);
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.showInactive());
    this.window = window;
    this.displayId = display.id;
    await loadApp(window, this.deps.entry);
  }
}
