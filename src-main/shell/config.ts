import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name under the OS app-data folder; matches Electron's userData for this app. */
export const APP_FOLDER = 'counter-desk';

/** The browser shell's port when none is given. */
export const DEFAULT_PORT = 4820;

/** What the launcher and the shells take from the command line and the environment. */
export interface LaunchOptions {
  forceBrowser: boolean;
  port: number;
  dataDir: string;
}

/** The OS app-data folder for this app: %APPDATA%, Application Support or XDG config. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER);
}

/** A launch option that could not be understood, with a message for the terminal. */
export class LaunchOptionError extends Error {}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LaunchOptionError(`${source} 的端口号“${text}”无效：请给出 0-65535 之间的整数。`);
  }
  return port;
}

/** Reads `--browser`, `--port N`, `--data DIR` (flags win over COUNTER_PORT, COUNTER_DATA_DIR). */
export function parseLaunchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): LaunchOptions {
  let forceBrowser = false;
  let port = env.COUNTER_PORT ? parsePort(env.COUNTER_PORT, 'COUNTER_PORT') : DEFAULT_PORT;
  let dataDir = env.COUNTER_DATA_DIR || defaultDataDir(process.platform, env);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '')
        throw new LaunchOptionError(`${flag} 后面需要一个值。`);
      return next;
    };
    if (flag === '--browser') forceBrowser = true;
    else if (flag === '--port') port = parsePort(value(), '--port');
    else if (flag === '--data') dataDir = value();
  }
  return { forceBrowser, port, dataDir };
}
