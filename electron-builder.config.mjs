// The desktop packages (`npm run package`, after `npm run build`): an NSIS installer for
// Windows x64, deb for x64 and arm64 (UOS, Kylin) and an AppImage for x64. See docs/install.md.
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativePackageGlobs } from './scripts/native-modules.mjs';

const root = dirname(fileURLToPath(import.meta.url));

/** Folders the core opens by path (profiles, the font, the print templates): kept as files. */
export const CORE_FOLDERS = ['resources', 'templates'];

/** The PDF render thread the core starts with worker_threads, as the build writes it. */
export const PDF_WORKER = 'out/main/pdf-worker.js';

/** The export's XLSX index thread, started the same way. */
export const XLSX_WORKER = 'out/main/xlsx-worker.js';

/** Every thread the core starts from a script of its own. */
export const CORE_WORKERS = [PDF_WORKER, XLSX_WORKER];

const bareImport = /(?:from|import)\s*["']([^"'.][^"']*)["']/g;
const relativeImport = /(?:from|import)\s*["'](\.[^"']*)["']/g;

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The workers' own files (their entries and the chunks they import) and the packages they
 * import, read from the built bundle: a worker runs from app.asar.unpacked, where Node's
 * resolver cannot see into the asar, so all of it is unpacked together.
 */
export function workerClosure(appDir = root) {
  const files = new Set();
  const packages = new Set();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(bareImport)) {
      if (!specifier.startsWith('node:')) packages.add(packageName(specifier));
    }
    for (const [, specifier] of text.matchAll(relativeImport))
      visit(join(dirname(file), specifier));
  };
  for (const worker of CORE_WORKERS) {
    const entry = join(appDir, worker);
    if (!existsSync(entry)) throw new Error(`${worker} is missing: run npm run build first`);
    visit(entry);
  }
  return {
    files: [...files].map((file) => relative(appDir, file).split(sep).join('/')),
    packages: [...packages],
  };
}

function findPackageDir(name, fromDir, appDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === appDir || dirname(dir) === dir) return null;
  }
}

/** Every installed folder of the given packages and of what they depend on (npm's layout). */
export function dependencyFolders(names, appDir = root) {
  const folders = new Set();
  const visit = (name, fromDir) => {
    const dir = findPackageDir(name, fromDir, appDir);
    if (dir === null || folders.has(dir)) return;
    folders.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      visit(dep, dir);
    }
  };
  for (const name of names) visit(name, appDir);
  return [...folders].map((dir) => relative(appDir, dir).split(sep).join('/')).sort();
}

/**
 * Packages only the renderer uses: Vite bundles them into out/renderer, so the installed app
 * needs none of their folders (pdfjs-dist would bring a native canvas module along).
 */
export const RENDERER_ONLY = [
  'echarts',
  'element-plus',
  'pdfjs-dist',
  'pinia',
  'vue',
  'vue-router',
];

/** The packages the main process loads at run time: the dependencies but the renderer's. */
export function runtimePackages(appDir = root) {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies).filter(
    (name) => name !== 'electron' && !RENDERER_ONLY.includes(name),
  );
}

/** Folders reachable only from the renderer's packages, left out of the app. */
export function rendererOnlyFolders(appDir = root) {
  const runtime = new Set(dependencyFolders(runtimePackages(appDir), appDir));
  return dependencyFolders(RENDERER_ONLY, appDir).filter((folder) => !runtime.has(folder));
}

/** What stays outside app.asar, as asarUnpack globs relative to the app folder. */
export function asarUnpackGlobs(appDir = root) {
  const worker = workerClosure(appDir);
  return [
    // The worker and its chunks are ES modules: their package.json says so beside them.
    'package.json',
    ...nativePackageGlobs().map((name) => `node_modules/${name}/**`),
    ...CORE_FOLDERS.map((folder) => `${folder}/**`),
    ...worker.files,
    ...dependencyFolders(worker.packages, appDir).map((folder) => `${folder}/**`),
  ];
}

/** The packaged package.json field the app reads its release key from (update-key.ts). */
export const UPDATE_KEY_FIELD = 'counterDeskUpdateKey';

/**
 * The release key updates are checked against, pinned into the package: COUNTER_UPDATE_KEY_FILE
 * names a PEM file with the ed25519 key the project or hall signs its update feeds with (its
 * public half is taken; a private key file is never copied). Without it the package refuses
 * every update; a file that is not an ed25519 key stops the packaging.
 */
export function updateKeyMetadata(env = process.env) {
  const file = env.COUNTER_UPDATE_KEY_FILE;
  if (!file) return {};
  let key;
  try {
    key = createPublicKey(readFileSync(file));
  } catch {
    throw new Error(`COUNTER_UPDATE_KEY_FILE：无法读取“${file}”中的公钥（应为 PEM 格式）。`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `COUNTER_UPDATE_KEY_FILE：“${file}”不是 ed25519 密钥，请用 openssl genpkey -algorithm ed25519 生成发布密钥。`,
    );
  }
  return { [UPDATE_KEY_FIELD]: key.export({ type: 'spki', format: 'pem' }).toString() };
}

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'cn.gov.counter-desk',
  productName: '柜台办件台',
  // The app's name stays `counter-desk`: Electron names the data folder after it.
  // The release key is pinned here, into the packaged package.json (see updateKeyMetadata).
  extraMetadata: { name: 'counter-desk', ...updateKeyMetadata() },
  copyright: '柜台办件台',
  directories: { output: 'release', buildResources: 'packaging' },
  files: [
    'package.json',
    'out/**',
    'resources/**',
    'templates/**',
    '!**/*.map',
    ...rendererOnlyFolders().map((folder) => `!${folder}/**`),
    '!node_modules/**/{test,tests,docs,example,examples}/**',
  ],
  asar: true,
  beforePack: () => {
    if (!process.env.COUNTER_UPDATE_KEY_FILE) {
      console.warn(
        '注意：未设置 COUNTER_UPDATE_KEY_FILE，本次打出的安装包没有发布公钥，将拒绝一切自动更新（见 docs/install.md）。',
      );
    }
  },
  asarUnpack: asarUnpackGlobs(),
  // electron-builder rebuilds the native modules for the packaged Electron's ABI and arch.
  npmRebuild: true,
  electronUpdaterCompatibility: '>=2.16',
  publish: [{ provider: 'generic', url: 'http://update.invalid/counter-desk' }],
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    artifactName: 'counter-desk-setup-${version}-${arch}.${ext}',
  },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    // The data folder is %APPDATA%\counter-desk, never the install folder; it stays on
    // uninstall unless the person uninstalling says otherwise (packaging/installer.nsh).
    deleteAppDataOnUninstall: false,
    include: 'packaging/installer.nsh',
    createDesktopShortcut: true,
    shortcutName: '柜台办件台',
  },
  linux: {
    target: [
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64'] },
    ],
    executableName: 'counter-desk',
    category: 'Office',
    maintainer: 'counter-desk <counter-desk@localhost>',
    synopsis: '政务服务大厅窗口代办桌面端',
    artifactName: 'counter-desk-${version}-${arch}.${ext}',
  },
  deb: {
    // node-hid and usb open readers through libusb and hidraw; CUPS prints.
    depends: ['libusb-1.0-0', 'libcups2', 'libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'],
  },
};

export default config;
