/**
 * A recording fake of the parts of `electron` the desktop shell uses. The `electron` test
 * project aliases the module to this file (vitest.config.ts), so the shell's wiring runs
 * unchanged where no Electron binary exists, the way GitHub Desktop tests its main process.
 * Each fake mimics the default Electron would apply when the shell sets nothing (a permission
 * is granted, a new window is allowed), so a test fails when a hardening step is removed.
 */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  WindowOpenHandlerResponse,
} from 'electron';

/** The event object Electron passes to listeners that may cancel the default action. */
export interface FakeEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

function fakeEvent<P extends object>(params: P): FakeEvent & P {
  let prevented = false;
  return Object.assign(
    {
      preventDefault(): void {
        prevented = true;
      },
      get defaultPrevented(): boolean {
        return prevented;
      },
    },
    params,
  );
}

/** A frame as IPC reports it (`event.senderFrame`): its URL and its parent, if any. */
export interface FakeWebFrame {
  readonly url: string;
  readonly parent: FakeWebFrame | null;
}

/** Builds a sender frame; give a parent to model an iframe inside the page. */
export function fakeFrame(url: string, parent: FakeWebFrame | null = null): FakeWebFrame {
  return { url, parent };
}

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;
type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: unknown,
) => boolean;
type DevicePermissionHandler = (details: { deviceType: string; origin: string }) => boolean;

/** A session: the CSP hook and the permission handlers the shell installs on it. */
export class FakeSession {
  private headersListener: HeadersListener | null = null;
  private permissionRequestHandler: PermissionRequestHandler | null = null;
  private permissionCheckHandler: PermissionCheckHandler | null = null;
  private devicePermissionHandler: DevicePermissionHandler | null = null;

  readonly webRequest = {
    onHeadersReceived: (first: unknown, second?: unknown): void => {
      // Electron takes `(listener)` or `(filter, listener)`; only the last one matters here.
      const listener = second === undefined ? first : second;
      this.headersListener = typeof listener === 'function' ? (listener as HeadersListener) : null;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
    this.devicePermissionHandler = handler;
  }

  /** Passes a response through the installed hook and returns the headers the page would get. */
  receiveResponse(
    url: string,
    responseHeaders: Record<string, string[]> = {},
  ): Promise<Record<string, string | string[]>> {
    const listener = this.headersListener;
    if (listener === null) return Promise.resolve(responseHeaders);
    return new Promise((resolve) => {
      listener({ url, responseHeaders }, (response) => {
        resolve(response.responseHeaders ?? responseHeaders);
      });
    });
  }

  /** Asks for a permission as a page would; Electron grants it when no handler is set. */
  requestPermission(
    permission: string,
    webContents: unknown = null,
    details: Record<string, unknown> = { requestingUrl: 'file:///' },
  ): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (handler === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      handler(webContents, permission, resolve, details);
    });
  }

  /** Checks a permission synchronously; Electron answers yes when no handler is set. */
  checkPermission(
    permission: string,
    origin = 'file:///',
    details: Record<string, unknown> = {},
  ): boolean {
    const handler = this.permissionCheckHandler;
    return handler === null ? true : handler(null, permission, origin, details);
  }

  /**
   * Checks access to a WebHID/WebUSB/serial device; without a handler Electron keeps the grants
   * made earlier through device selection, modelled here as a device the page was granted.
   */
  checkDevicePermission(deviceType: string, origin = 'file:///'): boolean {
    const handler = this.devicePermissionHandler;
    return handler === null ? true : handler({ deviceType, origin });
  }
}

let nextWebContentsId = 1;

/** A window's contents: navigation events, the window-open handler and its frame. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session: FakeSession;
  private windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  private destroyed = false;

  constructor(session: FakeSession) {
    super();
    this.session = session;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Starts a top-level navigation; returns whether the shell let it go ahead. */
  navigate(url: string): boolean {
    const event = fakeEvent({ url, isSameDocument: false, isMainFrame: true, frame: null });
    this.emit('will-navigate', event, url, false, true, 0, 0);
    return !event.defaultPrevented;
  }

  /** A server redirect during a navigation; returns whether the shell let it go ahead. */
  redirect(url: string): boolean {
    const event = fakeEvent({ url, isSameDocument: false, isMainFrame: true, frame: null });
    this.emit('will-redirect', event, url, false, true, 0, 0);
    return !event.defaultPrevented;
  }

  /** A `<webview>` about to attach; returns whether the shell let it attach. */
  attachWebview(src: string): boolean {
    const event = fakeEvent({});
    this.emit('will-attach-webview', event, {}, { src });
    return !event.defaultPrevented;
  }

  /** `window.open` or a target=_blank link; Electron allows it when no handler is set. */
  openWindow(url: string): WindowOpenHandlerResponse {
    if (this.windowOpenHandler === null) return { action: 'allow' };
    return this.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'default' },
    });
  }

  /** Tears the contents down, as closing its window or a crash does. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** What a window was asked to show: a file or a URL. */
export type FakeLoad = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** A BrowserWindow that records how it was built and what was done to it. */
export class FakeBrowserWindow extends EventEmitter {
  /** Every window built since the last reset, in order. */
  static readonly created: FakeBrowserWindow[] = [];
  private static open: FakeBrowserWindow[] = [];

  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  readonly loads: FakeLoad[] = [];
  /** A load that should fail, to model a missing or broken renderer build. */
  static failNextLoad: Error | null = null;
  minimized = false;
  visible = false;
  focused = false;
  restoreCount = 0;
  focusCount = 0;
  kiosk = false;
  menuBarVisible = true;
  autoHideMenuBar = false;
  private destroyed = false;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents(session.defaultSession);
    FakeBrowserWindow.created.push(this);
    FakeBrowserWindow.open.push(this);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.open];
  }

  static reset(): void {
    FakeBrowserWindow.created.length = 0;
    FakeBrowserWindow.open = [];
    FakeBrowserWindow.failNextLoad = null;
  }

  loadFile(path: string): Promise<void> {
    this.loads.push({ kind: 'file', path });
    return this.finishLoad();
  }

  loadURL(url: string): Promise<void> {
    this.loads.push({ kind: 'url', url });
    return this.finishLoad();
  }

  private finishLoad(): Promise<void> {
    const failure = FakeBrowserWindow.failNextLoad;
    FakeBrowserWindow.failNextLoad = null;
    if (failure !== null) return Promise.reject(failure);
    this.emit('ready-to-show');
    return Promise.resolve();
  }

  /** The page sets its <title>; returns whether the window's own title followed it. */
  setPageTitle(title: string): boolean {
    const event = fakeEvent({});
    this.emit('page-title-updated', event, title, true);
    return !event.defaultPrevented;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }

  restore(): void {
    this.restoreCount += 1;
    this.minimized = false;
  }

  show(): void {
    this.visible = true;
  }

  focus(): void {
    this.focusCount += 1;
    this.focused = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Bounds set after creation (the applicant window following its display). */
  bounds: { x: number; y: number; width: number; height: number } | null = null;
  menuRemoved = false;
  shownInactive = false;

  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }

  setMenu(menu: null): void {
    this.menuRemoved = menu === null;
  }

  showInactive(): void {
    this.visible = true;
    this.shownInactive = true;
  }

  /** Closes the window from the main process, regardless of `closable`. */
  destroy(): void {
    this.close();
  }

  setKiosk(flag: boolean): void {
    this.kiosk = flag;
  }

  isKiosk(): boolean {
    return this.kiosk;
  }

  setMenuBarVisibility(visible: boolean): void {
    this.menuBarVisible = visible;
  }

  setAutoHideMenuBar(hide: boolean): void {
    this.autoHideMenuBar = hide;
  }

  /**
   * Closes the window as the user would (the close button, Alt+F4): 'close' may be cancelled
   * by a listener, as in Electron; otherwise the last window closing tells the app.
   */
  close(): void {
    if (this.destroyed) return;
    const event = fakeEvent({});
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    FakeBrowserWindow.open = FakeBrowserWindow.open.filter((window) => window !== this);
    this.emit('closed');
    this.webContents.destroy();
    if (FakeBrowserWindow.open.length === 0) app.allWindowsClosed();
  }
}

/** The IPC event a handler receives: the sending contents and frame. */
export interface FakeIpcMainInvokeEvent {
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeWebFrame | null;
}

type InvokeHandler = (event: FakeIpcMainInvokeEvent, ...args: unknown[]) => unknown;

class FakeIpcMain {
  private readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    // Electron refuses a second handler for the same channel; so does the fake.
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** The channels that currently have a handler. */
  channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** Sends a request as a renderer's `ipcRenderer.invoke` would, from the given frame. */
  async invoke(
    channel: string,
    from: { sender: FakeWebContents; frame: FakeWebFrame | null },
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return await handler({ sender: from.sender, senderFrame: from.frame }, ...args);
  }

  reset(): void {
    this.handlers.clear();
  }
}

/** One `ipcRenderer.invoke` call as the preload made it. */
export interface FakeInvokeCall {
  channel: string;
  args: unknown[];
}

type RendererResponder = (channel: string, args: unknown[]) => Promise<unknown>;

const noMainProcess: RendererResponder = (channel) =>
  Promise.reject(new Error(`No handler registered for '${channel}'`));

class FakeIpcRenderer {
  readonly calls: FakeInvokeCall[] = [];
  private responder: RendererResponder = noMainProcess;

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.calls.push({ channel, args });
    return this.responder(channel, args);
  }

  /** Sets what the main process answers; by default nothing answers and invoke rejects. */
  answerWith(responder: RendererResponder): void {
    this.responder = responder;
  }

  reset(): void {
    this.calls.length = 0;
    this.responder = noMainProcess;
  }
}

class FakeContextBridge {
  /** What the preload put on `window`, by key. */
  readonly exposed = new Map<string, unknown>();

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(key, api);
  }

  reset(): void {
    this.exposed.clear();
  }
}

type StorageBackend =
  'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

// Chromium's OSCrypt prefixes its ciphertext with a version tag; the fake does the same and
// scrambles the bytes so a test can tell ciphertext from the plain hex key.
const CIPHER_TAG = Buffer.from('v11');
const scramble = (bytes: Buffer): Buffer => Buffer.from(bytes.map((byte) => byte ^ 0xa5));

class FakeSafeStorage {
  available = true;
  backend: StorageBackend = 'gnome_libsecret';
  readonly encrypted: string[] = [];

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    if (!this.available)
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    this.encrypted.push(plainText);
    return Buffer.concat([CIPHER_TAG, scramble(Buffer.from(plainText, 'utf8'))]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available)
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    if (!encrypted.subarray(0, CIPHER_TAG.length).equals(CIPHER_TAG)) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    }
    return scramble(encrypted.subarray(CIPHER_TAG.length)).toString('utf8');
  }

  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.encrypted.length = 0;
  }
}

/** The `app` module: single-instance lock, lifecycle events, paths and quitting. */
class FakeApp extends EventEmitter {
  /** Whether this process gets the single-instance lock. */
  gotLock = true;
  isPackaged = false;
  appPath = '/opt/counter-desk';
  userData = '/home/clerk/.config/counter-desk';
  version = '0.1.0';
  lockRequests = 0;
  quitCount = 0;
  quitting = false;
  /** What `setLoginItemSettings` was last given (Windows and macOS start at login). */
  loginItem: { openAtLogin?: boolean; path?: string } | null = null;

  setLoginItemSettings(settings: { openAtLogin?: boolean; path?: string }): void {
    this.loginItem = { ...settings };
  }

  requestSingleInstanceLock(): boolean {
    this.lockRequests += 1;
    return this.gotLock;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  getAppPath(): string {
    return this.appPath;
  }

  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    throw new Error(`the fake app has no path for '${name}'`);
  }

  getVersion(): string {
    return this.version;
  }

  /** Like Electron: close every window, then 'will-quit' and 'quit'; no 'window-all-closed'. */
  quit(): void {
    this.quitCount += 1;
    if (this.quitting) return;
    const event = fakeEvent({});
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    // Like Electron: each window is asked to close, and one that refuses cancels the quit.
    for (const window of FakeBrowserWindow.getAllWindows()) window.close();
    if (FakeBrowserWindow.getAllWindows().length > 0) {
      this.quitting = false;
      return;
    }
    this.emit('will-quit', fakeEvent({}));
    this.emit('quit', fakeEvent({}), 0);
  }

  /** Another launch of the app, as Electron reports it to the instance holding the lock. */
  launchSecondInstance(argv: string[] = ['counter-desk']): void {
    this.emit('second-instance', fakeEvent({}), argv, '/', null);
  }

  /** Called by the fake windows; Electron skips the event while quitting. */
  allWindowsClosed(): void {
    if (!this.quitting) this.emit('window-all-closed');
  }

  reset(): void {
    this.removeAllListeners();
    this.gotLock = true;
    this.isPackaged = false;
    this.appPath = '/opt/counter-desk';
    this.userData = '/home/clerk/.config/counter-desk';
    this.version = '0.1.0';
    this.lockRequests = 0;
    this.quitCount = 0;
    this.quitting = false;
    this.loginItem = null;
  }
}

/** One error box shown with `dialog.showErrorBox`. */
export interface FakeErrorBox {
  title: string;
  content: string;
}

class FakeDialog {
  readonly errorBoxes: FakeErrorBox[] = [];

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }

  reset(): void {
    this.errorBoxes.length = 0;
  }
}

/** Fake of `electron.Menu`: only the application menu the shell sets. */
class FakeMenu {
  /** `undefined` while Electron's default menu stands; `null` once removed. */
  static applicationMenu: unknown = undefined;

  static setApplicationMenu(menu: unknown): void {
    FakeMenu.applicationMenu = menu;
  }

  static reset(): void {
    FakeMenu.applicationMenu = undefined;
  }
}

/** Fake of `electron.Menu`. */
export const Menu = FakeMenu;
/** Fake of `electron.app`. */
export const app = new FakeApp();
/** Fake of `electron.BrowserWindow`. */
export const BrowserWindow = FakeBrowserWindow;
/** Fake of `electron.ipcMain`. */
export const ipcMain = new FakeIpcMain();
/** Fake of `electron.ipcRenderer`. */
export const ipcRenderer = new FakeIpcRenderer();
/** Fake of `electron.contextBridge`. */
export const contextBridge = new FakeContextBridge();
/** Fake of `electron.safeStorage`. */
export const safeStorage = new FakeSafeStorage();
/** Fake of `electron.dialog`. */
export const dialog = new FakeDialog();
/** Fake of `electron.session`: every window shares the default session, as in Electron. */
export const session = { defaultSession: new FakeSession() };

/** One display as Electron's screen module describes it. */
export interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/** Electron's screen: the displays, the primary one, and plug/unplug events. */
class FakeScreen extends EventEmitter {
  displays: FakeDisplay[] = [{ id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } }];

  getAllDisplays(): FakeDisplay[] {
    return [...this.displays];
  }

  getPrimaryDisplay(): FakeDisplay {
    const primary = this.displays[0];
    if (!primary) throw new Error('no display');
    return primary;
  }

  /** A display is plugged in. */
  add(display: FakeDisplay): void {
    this.displays.push(display);
    this.emit('display-added', {}, display);
  }

  /** A display is unplugged. */
  remove(id: number): void {
    const display = this.displays.find((item) => item.id === id);
    if (!display) return;
    this.displays = this.displays.filter((item) => item.id !== id);
    this.emit('display-removed', {}, display);
  }

  /** A display changes resolution or position. */
  change(display: FakeDisplay): void {
    this.displays = this.displays.map((item) => (item.id === display.id ? display : item));
    this.emit('display-metrics-changed', {}, display, ['bounds']);
  }

  reset(): void {
    this.removeAllListeners();
    this.displays = [{ id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } }];
  }
}

export const screen = new FakeScreen();

/** A contents with no window around it, for IPC tests that need several senders. */
export function fakeWebContents(): FakeWebContents {
  return new FakeWebContents(session.defaultSession);
}

/** Puts every fake back to a fresh process; call it before each test. */
export function resetFakeElectron(): void {
  app.reset();
  FakeMenu.reset();
  FakeBrowserWindow.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  contextBridge.reset();
  safeStorage.reset();
  dialog.reset();
  screen.reset();
  session.defaultSession = new FakeSession();
}
