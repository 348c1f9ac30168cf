/**
 * Kiosk use of the desktop app (the supervisor's 柜台专用模式 setting): full screen with no
 * menu bar, the window cannot be closed nor the app quit until a supervisor has entered a
 * password (`kiosk:leave`), and the app starts at login. Other windows (the applicant's
 * screen on the second display) join with `attach` and follow `onChange`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, Menu } from 'electron';

/** The parts of a window kiosk use changes. */
export type KioskWindow = Pick<
  BrowserWindow,
  'setKiosk' | 'setMenuBarVisibility' | 'setAutoHideMenuBar' | 'isDestroyed' | 'on'
>;

/** Where the app is registered to start at login. */
export type AutoStartEntry =
  { kind: 'login-item'; path: string } | { kind: 'xdg-autostart'; file: string; contents: string };

/** The desktop entry name under ~/.config/autostart on Linux desktops (UOS, Kylin). */
export const AUTOSTART_FILE = 'counter-desk.desktop';

/**
 * How to start the app at login on this platform: Electron's login item on Windows and macOS;
 * on Linux desktops an XDG autostart entry, pointing at the AppImage when run from one.
 */
export function autoStartEntry(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  execPath: string,
  home: string = homedir(),
): AutoStartEntry {
  const program = env.APPIMAGE || execPath;
  if (platform !== 'linux') return { kind: 'login-item', path: program };
  const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
  const quoted = `"${program.replace(/(["`$\\])/g, '\\$1')}"`;
  return {
    kind: 'xdg-autostart',
    file: join(configHome, 'autostart', AUTOSTART_FILE),
    contents: [
      '[Desktop Entry]',
      'Type=Application',
      'Name=柜台办件台',
      `Exec=${quoted}`,
      'X-GNOME-Autostart-enabled=true',
      'Terminal=false',
      '',
    ].join('\n'),
  };
}

/** Adds or removes the start-at-login entry. */
export function setAutoStart(entry: AutoStartEntry, enabled: boolean): void {
  if (entry.kind === 'login-item') {
    app.setLoginItemSettings({ openAtLogin: enabled, path: entry.path });
    return;
  }
  if (enabled) {
    mkdirSync(join(entry.file, '..'), { recursive: true });
    writeFileSync(entry.file, entry.contents);
  } else {
    rmSync(entry.file, { force: true });
  }
}

/** Keeps every attached window in kiosk use while the setting is on. */
export class KioskGuard {
  private enabled = false;
  private leaving = false;
  private readonly windows: KioskWindow[] = [];
  private readonly listeners: ((enabled: boolean) => void)[] = [];

  constructor(private readonly autoStart: AutoStartEntry) {
    // Quitting (a menu, the dock, the OS asking) is refused too, unless a supervisor let go.
    app.on('before-quit', (event) => {
      if (this.enabled && !this.leaving) event.preventDefault();
    });
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Puts a window under the guard: it follows the setting and cannot be closed in kiosk use. */
  attach(window: KioskWindow): void {
    this.windows.push(window);
    window.on('close', (event) => {
      if (this.enabled && !this.leaving) event.preventDefault();
    });
    this.applyTo(window);
  }

  /** Follows the setting: on start and whenever the supervisor saves it. */
  set(enabled: boolean): void {
    const changed = enabled !== this.enabled;
    this.enabled = enabled;
    // The menu bar goes with kiosk use; Electron's default menu returns at the next start.
    if (enabled) Menu.setApplicationMenu(null);
    for (const window of this.windows) if (!window.isDestroyed()) this.applyTo(window);
    if (changed) {
      setAutoStart(this.autoStart, enabled);
      for (const listener of this.listeners) listener(enabled);
    }
  }

  /** A supervisor entered the password: the next close or quit goes through. */
  allowLeave(): void {
    this.leaving = true;
  }

  /** Tells another part of the shell (the applicant's window) when kiosk use changes. */
  onChange(listener: (enabled: boolean) => void): void {
    this.listeners.push(listener);
  }

  private applyTo(window: KioskWindow): void {
    window.setKiosk(this.enabled);
    window.setAutoHideMenuBar(this.enabled);
    window.setMenuBarVisibility(!this.enabled);
  }
}
