import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import { missingCase } from '../../domain/missing-case';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';

/** Where the renderer comes from: the built index.html, or electron-vite's dev server. */
export type RendererEntry =
  { kind: 'file'; indexHtml: string } | { kind: 'dev-server'; url: string };

/** The window's title; the page cannot rename the window to something else. */
export const WINDOW_TITLE = '柜台办件台';

function decodedPath(url: URL): string {
  return decodeURIComponent(url.pathname);
}

/**
 * Whether a URL is the app's own page (any route inside it). Navigation and IPC trust only
 * this page: the built index.html itself, never its folder or another local file, or, while
 * developing, the dev server's origin.
 */
export function isAppUrl(candidate: string, entry: RendererEntry): boolean {
  try {
    const url = new URL(candidate);
    switch (entry.kind) {
      case 'file': {
        const app = pathToFileURL(entry.indexHtml);
        // Compare decoded paths: Chromium and Node may percent-encode a path with spaces or
        // Chinese folder names differently, and the hash and query are the router's business.
        return (
          url.protocol === 'file:' && url.host === app.host && decodedPath(url) === decodedPath(app)
        );
      }
      case 'dev-server':
        return url.origin === new URL(entry.url).origin;
      default:
        return missingCase(entry);
    }
  } catch {
    // An unparsable URL (or a malformed escape in it) is not the app.
    return false;
  }
}

/**
 * Hardens the session the window uses. Electron grants every permission and sends no CSP
 * unless told otherwise (security checklist items 5 and 7).
 */
export function hardenSession(session: Session, entry?: RendererEntry): void {
  // Checklist item 7: a strict CSP on every response. Note that Chromium does not run this
  // hook for file:// pages, so the built index.html must carry the same policy in a <meta>.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  // Checklist item 5: the renderer needs no microphone, notifications, geolocation or
  // clipboard access; devices are read by the core in the main process, never by the page.
  // The one exception is the document camera (video only), and only for the app's own page.
  const ownPage = (url: string | undefined): boolean =>
    entry !== undefined && url !== undefined && isAppUrl(url, entry);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const media = details as { requestingUrl?: string; mediaTypes?: string[] };
    const types = media.mediaTypes ?? [];
    callback(
      permission === 'media' &&
        ownPage(media.requestingUrl) &&
        types.length > 0 &&
        types.every((type) => type === 'video'),
    );
  });
  session.setPermissionCheckHandler((_webContents, permission, _origin, details) => {
    const media = details as { requestingUrl?: string; mediaType?: string };
    return permission === 'media' && media.mediaType === 'video' && ownPage(media.requestingUrl);
  });
  // WebHID/WebUSB/Web Serial would bypass the core's device layer: the page gets none.
  session.setDevicePermissionHandler(() => false);
}

/**
 * Keeps the window on the app's own page (checklist items 12-14): no navigation away, no new
 * windows, no <webview>. A compromised page thus cannot take the preload's API elsewhere.
 */
export function hardenContents(contents: WebContents, entry: RendererEntry): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url, entry)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What the main window needs: the page to show, the preload to bridge it, DevTools or not. */
export interface MainWindowOptions {
  entry: RendererEntry;
  preloadPath: string;
  devTools: boolean;
}

/** Builds the hardened main window; `loadApp` then shows the page in it. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    // Shown on 'ready-to-show' so the clerk never sees a blank white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      // Checklist items 2-4: the page gets no Node, its own JavaScript world and a sandboxed
      // process; the preload is its only bridge, and exposes only the contract's API.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      // Checklist items 6, 8-10 and 12: Electron's defaults, stated so no one flips them.
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A counter PC is shared: DevTools would let anyone script the signed-in session.
      devTools: options.devTools,
    },
  });
  hardenSession(window.webContents.session, options.entry);
  hardenContents(window.webContents, options.entry);
  // The page's <title> must not rename the window the clerk looks for in the task bar.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Loads the app's page into the window; rejects if the renderer build cannot be loaded. */
export async function loadApp(
  window: Pick<BrowserWindow, 'loadFile' | 'loadURL'>,
  entry: RendererEntry,
): Promise<void> {
  switch (entry.kind) {
    case 'file':
      await window.loadFile(entry.indexHtml);
      return;
    case 'dev-server':
      await window.loadURL(entry.url);
      return;
    default:
      missingCase(entry);
  }
}
