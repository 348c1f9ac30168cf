// The `npm start` launcher's decisions, kept apart from its side effects so that they are
// tested (tests/unit/launch-plan.test.ts). Plain Node, no build step of its own.
import { join } from 'node:path';

/** The environment switch that allows the first start to fetch Electron's binary. */
export const DOWNLOAD_ENV = 'COUNTER_DOWNLOAD_ELECTRON';
/** The flag with the same meaning: `npm start -- --download-electron`. */
export const DOWNLOAD_FLAG = '--download-electron';

/** The launcher's own flags; the shells never see them. */
const LAUNCHER_FLAGS = new Set(['--browser', DOWNLOAD_FLAG]);

/**
 * electron-vite's command line script. electron-vite 6 exports only its API and package.json,
 * so the script is found through the package's `bin` field, not by a deep import.
 */
export function electronViteCli(packageJsonPath, packageJson) {
  const bin =
    typeof packageJson.bin === 'string' ? packageJson.bin : packageJson.bin?.['electron-vite'];
  if (typeof bin !== 'string') throw new Error('electron-vite has no command line script');
  return join(packageJsonPath, '..', bin);
}

/**
 * Whether to try Electron's own installer. Never by default: in a hall without internet it
 * would hang the first start for up to two minutes before falling back.
 */
export function wantsElectronDownload(args, env) {
  if (args.includes(DOWNLOAD_FLAG)) return true;
  const value = (env[DOWNLOAD_ENV] ?? '').trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

/**
 * Which shell to start, and the one line to say when it is not the one the user may expect.
 * `electronPath` is the installed binary or null; `display` whether a desktop is there.
 */
export function chooseShell({ args, electronPath, display }) {
  const shellArgs = args.filter((arg) => !LAUNCHER_FLAGS.has(arg));
  if (args.includes('--browser')) return { shell: 'browser', message: null, shellArgs };
  if (electronPath && display) return { shell: 'electron', message: null, shellArgs };
  if (electronPath) {
    return {
      shell: 'browser',
      message: '没有图形桌面（DISPLAY 未设置），改用浏览器模式：请在本机浏览器中打开下面的地址。',
      shellArgs,
    };
  }
  return {
    shell: 'browser',
    message: [
      '本机没有可用的 Electron 程序，改用浏览器模式：请在本机浏览器中打开下面的地址。',
      `需要桌面版时，在能上网的电脑上运行 npm start -- ${DOWNLOAD_FLAG}（或设置 ${DOWNLOAD_ENV}=1）下载 Electron。`,
    ].join('\n'),
    shellArgs,
  };
}

/** The folder that holds the native modules built for one Electron ABI and architecture. */
export function nativeBuildDir(root, abi, arch) {
  return join(root, 'node_modules', '.counter-desk-native', `electron-abi${abi}-${arch}`);
}

/**
 * What the Electron build of the native modules needs: `none` when every native module is
 * Node-API (the Node build loads in Electron), `use` when the folder for this ABI was built for
 * this Electron and these module versions, else `rebuild` (once per Electron version: the
 * stamp records what the folder was built from). `stamp` is the folder's record or null.
 */
export function nativeBuildDecision({ root, electronVersion, abi, arch, modules, stamp }) {
  if (modules.length === 0) return { action: 'none' };
  const dir = nativeBuildDir(root, abi, arch);
  const wanted = nativeBuildStamp({ electronVersion, abi, arch, modules });
  const bindings = Object.fromEntries(
    modules.map((module) => [module.name, join(dir, 'node_modules', module.name, module.binary)]),
  );
  if (stamp && JSON.stringify(stamp) === JSON.stringify(wanted)) {
    return { action: 'use', dir, bindings };
  }
  let reason = '首次为此版本的 Electron 编译本机模块';
  if (stamp && stamp.electronVersion !== electronVersion) {
    reason = `Electron 已从 ${stamp.electronVersion} 更新为 ${electronVersion}`;
  } else if (stamp) {
    reason = '本机模块的版本有变化';
  }
  return { action: 'rebuild', dir, bindings, stamp: wanted, reason };
}

/** The record written beside a finished Electron build of the native modules. */
export function nativeBuildStamp({ electronVersion, abi, arch, modules }) {
  return {
    electronVersion,
    abi: String(abi),
    arch,
    modules: Object.fromEntries(
      [...modules]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((module) => [module.name, module.version]),
    ),
  };
}

/** The environment the Electron child gets: where the Electron builds of the modules are. */
export function electronEnv(env, decision) {
  if (decision.action === 'none') return env;
  const sqlite = decision.bindings['better-sqlite3-multiple-ciphers'];
  return sqlite ? { ...env, COUNTER_SQLITE_BINDING: sqlite } : env;
}
