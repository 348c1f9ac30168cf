// The `npm start` launcher: the desktop app where Electron's binary is installed, otherwise
// the browser shell on 127.0.0.1 (DESIGN.md, Running). Plain Node, no build step of its own.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chooseShell,
  electronEnv,
  electronViteCli,
  nativeBuildDecision,
  wantsElectronDownload,
} from './launch-plan.mjs';
import { abiBoundModules } from './native-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

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
    'out/main/pdf-worker.js',
    'out/main/xlsx-worker.js',
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
  const packageJson = require.resolve('electron-vite/package.json');
  const cli = electronViteCli(packageJson, readJson(packageJson));
  const build = spawnSync(process.execPath, [cli, 'build', '--config', 'electron.config.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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

function downloadElectron() {
  console.log('正在下载 Electron 程序（需要互联网，最多等待两分钟）…');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron', 'install.js')],
    {
      cwd: join(root, 'node_modules', 'electron'),
      stdio: 'inherit',
      timeout: 120_000,
    },
  );
  if (result.status !== 0) console.log('Electron 下载没有成功：请检查网络，或改用浏览器模式。');
}

function hasDisplay() {
  return (
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  );
}

/**
 * The native modules built for this Electron, in a folder per ABI beside the Node build the
 * browser shell and the tests use. Built once per Electron version; the stamp says which.
 */
async function electronNativeModules() {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const modules = abiBoundModules().map((module) => ({
    ...module,
    version: readJson(require.resolve(`${module.name}/package.json`)).version,
  }));
  const probe = {
    root,
    electronVersion: readJson(join(electronDir, 'package.json')).version,
    abi: readFileSync(join(electronDir, 'abi_version'), 'utf8').trim(),
    arch: process.arch,
    modules,
  };
  const stampFile = (dir) => join(dir, 'counter-desk-build.json');
  const first = nativeBuildDecision({ ...probe, stamp: null });
  const stamp =
    first.action === 'none' || !existsSync(stampFile(first.dir))
      ? null
      : readJson(stampFile(first.dir));
  const decision = nativeBuildDecision({ ...probe, stamp });
  if (decision.action !== 'rebuild') return decision;

  console.log(
    `正在为 Electron ${probe.electronVersion} 编译本机模块（${decision.reason}，只需一次）…`,
  );
  rmSync(decision.dir, { recursive: true, force: true });
  mkdirSync(join(decision.dir, 'node_modules'), { recursive: true });
  for (const module of modules) {
    cpSync(
      dirname(require.resolve(`${module.name}/package.json`)),
      join(decision.dir, 'node_modules', module.name),
      {
        recursive: true,
        filter: (source) => !source.includes(`${join('build', 'Release', 'obj')}`),
      },
    );
  }
  writeFileSync(
    join(decision.dir, 'package.json'),
    JSON.stringify({
      name: 'counter-desk-electron-native',
      private: true,
      dependencies: Object.fromEntries(modules.map((module) => [module.name, module.version])),
    }),
  );
  const { rebuild } = require('@electron/rebuild');
  await rebuild({
    buildPath: decision.dir,
    electronVersion: probe.electronVersion,
    arch: probe.arch,
    onlyModules: modules.map((module) => module.name),
    force: true,
  });
  writeFileSync(stampFile(decision.dir), JSON.stringify(decision.stamp, null, 2));
  return decision;
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

ensureBuilt();
let electron = args.includes('--browser') ? null : electronBinary();
if (!args.includes('--browser') && !electron && wantsElectronDownload(args, process.env)) {
  downloadElectron();
  electron = electronBinary();
}
const plan = chooseShell({ args, electronPath: electron, display: hasDisplay() });
if (plan.message) console.log(plan.message);
if (plan.shell === 'electron' && electron) {
  let native;
  try {
    native = await electronNativeModules();
  } catch (error) {
    console.error(
      `为 Electron 编译本机模块失败（${error instanceof Error ? error.message : String(error)}）：` +
        '请确认已安装 python3、make、g++ 且能访问 Electron 的头文件下载地址，或用 npm start -- --browser 改用浏览器模式。',
    );
    process.exit(1);
  }
  run(electron, ['.', ...plan.shellArgs], electronEnv(process.env, native));
} else {
  run(process.execPath, [join(root, 'out', 'main', 'web.js'), ...plan.shellArgs]);
}
