import { join } from 'node:path';
import type { Core } from '../../api/core-types';
import { installLastResort } from '../../api/last-resort';
import { storeExists } from '../../store/database-file';
import { KeyFileSecretStore } from '../../store/key-file-secret-store';
import { findAppRoot, readAppVersion } from '../app-root';
import type { LaunchOptions } from '../config';
import { LaunchOptionError, parseLaunchOptions } from '../config';
import { startWebShell } from './server';

/**
 * How long a shell showing the login before the core waits for the page to ask before it
 * loads the core anyway: a broken store is then reported with no browser open.
 */
const CORE_LOAD_LATEST_MS = 1000;

/** Lets the server answer what came in meanwhile before the next stretch of work. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Opens the core. Its code (the contract's schemas, the services, the store's native module)
 * is imported here, not at the top: the shell listens and serves the login page while the
 * core loads, and the page's first calls wait for it. Reading the modules interleaves with
 * requests; evaluating them and opening the store are stretches of work on this one thread,
 * so they come in three steps with a turn of the event loop between them, and the page's
 * files are not held up for the whole load.
 */
async function loadCore(options: LaunchOptions, appRoot: string): Promise<Core> {
  await import('../../contract');
  await nextTurn();
  const { openCore } = await import('../../api/open-core');
  await nextTurn();
  return openCore({
    dataDir: options.dataDir,
    resourcesDir: join(appRoot, 'resources'),
    secretStore: new KeyFileSecretStore(options.dataDir),
    shell: 'browser',
    version: readAppVersion(appRoot),
  });
}

function failedToStart(error: unknown): never {
  if (error instanceof LaunchOptionError) console.error(error.message);
  else if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    console.error('端口已被占用：柜台办件台可能已在运行；如需另开一个，请用 --port 指定其他端口。');
  } else console.error('浏览器模式启动失败：', error instanceof Error ? error.message : error);
  process.exit(1);
}

/** Starts the browser shell from the command line and prints its loopback address. */
export async function main(argv: readonly string[]): Promise<void> {
  const options = parseLaunchOptions(argv);
  const appRoot = findAppRoot(import.meta.url);
  let loading: Promise<Core> | undefined;
  let startCore = (): void => undefined;
  const coreReady = new Promise<Core>((resolve, reject) => {
    startCore = () => {
      if (loading) return;
      loading = loadCore(options, appRoot);
      loading.then(resolve, reject);
    };
  });
  // Nothing a request starts may end the process: what escapes is recorded (by the core, once
  // loaded) and serving goes on.
  installLastResort(process, (source, error) => {
    void coreReady.then(
      (core) => core.recordUnexpected?.(source, error),
      () => undefined,
    );
  });
  // Asked before the core opens the store, which a first run creates.
  const loginBeforeCore = storeExists(options.dataDir);
  const shell = await startWebShell({
    core: coreReady,
    loginBeforeCore,
    coreWanted: () => startCore(),
    rendererDir: join(appRoot, 'out', 'renderer'),
    port: options.port,
  });
  console.log(`柜台办件台（浏览器模式）已启动：${shell.url}`);
  console.log(`数据文件夹：${options.dataDir}`);
  const stop = (): void => {
    void shell.close().then(async () => {
      // A stop while the core still loads waits for it, so its database closes cleanly.
      (await loading?.catch(() => undefined))?.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Only now, so the address is out first: a browser opening it meets a listening server. A
  // page that waits for the core's answers gets them soonest if it loads at once. One that
  // shows the login first asks once the form is up: the core then loads while the clerk types,
  // not while the browser (on the same cores) starts the page.
  if (loginBeforeCore) setTimeout(startCore, CORE_LOAD_LATEST_MS);
  else startCore();
  await coreReady.catch(failedToStart);
}

main(process.argv.slice(2)).catch(failedToStart);
