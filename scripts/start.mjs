// The `npm start` launcher: the desktop app where Electron's binary is installed, otherwise
// the browser shell on 127.0.0.1 (DESIGN.md, Running). Plain Node, no build step of its own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const installTriedMarker = join(root, 'node_modules', '.counter-desk-electron-install-tried');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

function ensureBuilt() {
  const outputs = [
    'out/main/index.js',
    'out/main/web.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
  ];
  const builtAt = Math.min(
    ...outputs.map((file) =>
      existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0,
    ),
  );
  const sources = ['src-main', 'src-preload', 'src-renderer'].map((dir) =>
    newestSourceTime(join(root, dir)),
  );
  if (builtAt > Math.max(...sources)) return;
  console.log('正在构建柜台办件台（首次启动或代码有更新，约需半分钟）…');
  const build = spawnSync(
    process.execPath,
    [
      require.resolve('electron-vite/bin/electron-vite.js'),
      'build',
      '--config',
      'electron.config.ts',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) {
    console.error('构建失败：请查看上面的错误信息，或运行 npm install 后重试。');
    process.exit(1);
  }
}

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function tryElectronInstallerOnce() {
  if (existsSync(installTriedMarker)) return;
  writeFileSync(installTriedMarker, new Date().toISOString());
  console.log('未找到 Electron 程序，正在尝试下载一次（需要互联网）…');
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: join(root, 'node_modules', 'electron'),
    stdio: 'ignore',
    timeout: 120_000,
  });
}

function hasDisplay() {
  return (
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  );
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureBuilt();
const forceBrowser = args.includes('--browser');
let electron = forceBrowser ? null : electronBinary();
if (!forceBrowser && !electron) {
  tryElectronInstallerOnce();
  electron = electronBinary();
}
if (electron && hasDisplay()) {
  run(electron, ['.', ...args]);
} else {
  if (!forceBrowser) {
    console.log(
      electron
        ? '没有图形桌面（DISPLAY 未设置），改用浏览器模式：请在本机浏览器中打开下面的地址。'
        : '本机没有可用的 Electron 程序，改用浏览器模式：请在本机浏览器中打开下面的地址。',
    );
  }
  run(process.execPath, [
    join(root, 'out', 'main', 'web.js'),
    ...args.filter((a) => a !== '--browser'),
  ]);
}
