import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/shell/content-security-policy';
import type { RendererEntry } from '../../../src-main/shell/electron/window';
import {
  WINDOW_TITLE,
  createMainWindow,
  isAppUrl,
  loadApp,
} from '../../../src-main/shell/electron/window';
import type { FakeBrowserWindow } from '../../fakes/electron';
import { BrowserWindow, resetFakeElectron } from '../../fakes/electron';

const indexHtml = '/opt/counter-desk/out/renderer/index.html';
const builtEntry: RendererEntry = { kind: 'file', indexHtml };
const appPage = pathToFileURL(indexHtml).href;
const preloadPath = '/opt/counter-desk/out/preload/index.cjs';

function openWindow(entry: RendererEntry = builtEntry, devTools = false): FakeBrowserWindow {
  createMainWindow({ entry, preloadPath, devTools });
  const window = BrowserWindow.created.at(-1);
  if (window === undefined) throw new Error('createMainWindow built no window');
  return window;
}

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

beforeEach(() => {
  resetFakeElectron();
});

describe('the main window', () => {
  it('opens the window with context isolation, sandbox and no node integration', () => {
    const { options } = openWindow();
    expect(options.title).toBe(WINDOW_TITLE);
    expect(options.webPreferences).toMatchObject({
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('keeps its own title whatever the page calls itself', () => {
    const window = openWindow();
    expect(window.setPageTitle('登录 - 浏览器')).toBe(false);
  });

  it('offers DevTools only when asked to', () => {
    expect(openWindow(builtEntry, false).options.webPreferences?.devTools).toBe(false);
    expect(openWindow(builtEntry, true).options.webPreferences?.devTools).toBe(true);
  });

  it('sends a strict content security policy with every response', async () => {
    const window = openWindow();
    const headers = await window.webContents.session.receiveResponse('http://localhost:5173/', {
      'Content-Type': ['text/html'],
    });
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);

    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('refuses navigation away from the app and denies new windows', () => {
    const { webContents } = openWindow();
    expect(webContents.navigate(`${appPage}#/cases`)).toBe(true);
    expect(webContents.navigate('https://evil.example/login')).toBe(false);
    expect(webContents.navigate('file:///etc/passwd')).toBe(false);
    expect(webContents.navigate('file:///opt/counter-desk/out/renderer/other.html')).toBe(false);
    expect(webContents.redirect('https://evil.example/')).toBe(false);
    expect(webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(webContents.openWindow(appPage)).toEqual({ action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const { webContents } = openWindow();
    expect(webContents.attachWebview('https://evil.example/')).toBe(false);
  });

  it('denies every permission request', async () => {
    const { session } = openWindow().webContents;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      await expect(session.requestPermission(permission)).resolves.toBe(false);
      expect(session.checkPermission(permission)).toBe(false);
    }
    for (const device of ['hid', 'serial', 'usb']) {
      expect(session.checkDevicePermission(device)).toBe(false);
    }
  });

  it("lets only the app's own page use the document camera, video only", async () => {
    const { session } = openWindow().webContents;
    const video = { requestingUrl: appPage, mediaTypes: ['video'] };
    await expect(session.requestPermission('media', null, video)).resolves.toBe(true);
    expect(
      session.checkPermission('media', 'file:///', { requestingUrl: appPage, mediaType: 'video' }),
    ).toBe(true);
    await expect(
      session.requestPermission('media', null, {
        requestingUrl: appPage,
        mediaTypes: ['video', 'audio'],
      }),
    ).resolves.toBe(false);
    await expect(
      session.requestPermission('media', null, {
        requestingUrl: 'https://evil.example/',
        mediaTypes: ['video'],
      }),
    ).resolves.toBe(false);
    expect(
      session.checkPermission('media', 'file:///', { requestingUrl: appPage, mediaType: 'audio' }),
    ).toBe(false);
  });

  it('shows the built page from its file once it is ready', async () => {
    const window = openWindow();
    expect(window.visible).toBe(false);
    await loadApp(window, builtEntry);
    expect(window.loads).toEqual([{ kind: 'file', path: indexHtml }]);
    expect(window.visible).toBe(true);
  });

  it('shows the dev server page while developing', async () => {
    const devEntry: RendererEntry = { kind: 'dev-server', url: 'http://localhost:5173/' };
    const window = openWindow(devEntry);
    await loadApp(window, devEntry);
    expect(window.loads).toEqual([{ kind: 'url', url: 'http://localhost:5173/' }]);
    expect(window.webContents.navigate('http://localhost:5173/#/home')).toBe(true);
    expect(window.webContents.navigate('http://localhost:5174/')).toBe(false);
  });
});

describe('the app page', () => {
  it('is recognised under a folder with spaces and Chinese characters', () => {
    const entry: RendererEntry = {
      kind: 'file',
      indexHtml: '/opt/柜台 办件台/out/renderer/index.html',
    };
    const chromiumUrl =
      'file:///opt/%E6%9F%9C%E5%8F%B0%20%E5%8A%9E%E4%BB%B6%E5%8F%B0/out/renderer/index.html#/login';
    expect(isAppUrl(chromiumUrl, entry)).toBe(true);
    expect(isAppUrl('file:///opt/%E6%9F%9C%E5%8F%B0/out/renderer/index.html', entry)).toBe(false);
    expect(isAppUrl('not a url', entry)).toBe(false);
  });
});
