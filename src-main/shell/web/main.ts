import { join } from 'node:path';
import { installLastResort } from '../../api/last-resort';
import { openCore } from '../../api/open-core';
import { KeyFileSecretStore } from '../../store/key-file-secret-store';
import { findAppRoot, readAppVersion } from '../app-root';
import { LaunchOptionError, parseLaunchOptions } from '../config';
import { startWebShell } from './server';

/** Starts the browser shell from the command line and prints its loopback address. */
export async function main(argv: readonly string[]): Promise<void> {
  const options = parseLaunchOptions(argv);
  const appRoot = findAppRoot(import.meta.url);
  const core = openCore({
    dataDir: options.dataDir,
    resourcesDir: join(appRoot, 'resources'),
    secretStore: new KeyFileSecretStore(options.dataDir),
    shell: 'browser',
    version: readAppVersion(appRoot),
  });
  // Nothing a request starts may end the process: what escapes is recorded and serving goes on.
  installLastResort(process, (source, error) => core.recordUnexpected?.(source, error));
  const shell = await startWebShell({
    core,
    rendererDir: join(appRoot, 'out', 'renderer'),
    port: options.port,
  });
  console.log(`柜台办件台（浏览器模式）已启动：${shell.url}`);
  console.log(`数据文件夹：${options.dataDir}`);
  const stop = (): void => {
    void shell.close().then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof LaunchOptionError) console.error(error.message);
  else if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    console.error('端口已被占用：柜台办件台可能已在运行；如需另开一个，请用 --port 指定其他端口。');
  } else console.error('浏览器模式启动失败：', error instanceof Error ? error.message : error);
  process.exit(1);
});
