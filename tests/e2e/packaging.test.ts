import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import * as asar from '@electron/asar';
import ExcelJS from 'exceljs';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config, {
  CORE_FOLDERS,
  dependencyFolders,
  workerClosure,
  RENDERER_ONLY,
  rendererOnlyFolders,
  runtimePackages,
} from '../../electron-builder.config.mjs';
import { NATIVE_MODULES, nativePackageGlobs } from '../../scripts/native-modules.mjs';
import { XlsxIndexThread } from '../../src-main/export/xlsx-index-thread';
import { PdfRenderPool } from '../../src-main/print/pdf-render-pool';
import { createPrintDesk } from '../../src-main/services/printing/printing';
import { appFiles } from '../../src-main/shell/electron/app-paths';
import { loadProfiles } from '../../src-main/store/profile-files';
import { pdfText } from '../helpers/pdf-tools';

const ROOT = join(import.meta.dirname, '..', '..');
const unpackGlobs = (config.asarUnpack ?? []) as string[];

/** The globs' meaning here: `**` any path, `*` any name part; both match dot files too. */
function globMatches(path: string, glob: string): boolean {
  const pattern = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`).test(path);
}
const isUnpacked = (relativePath: string) =>
  unpackGlobs.some((glob) => globMatches(relativePath, glob));

/** Whether an installed package carries compiled code: a gyp build, prebuilds or .node files. */
function isNative(dir: string): boolean {
  if (existsSync(join(dir, 'binding.gyp')) || existsSync(join(dir, 'prebuilds'))) return true;
  const walk = (folder: string, depth: number): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? depth < 4 && entry.name !== 'node_modules' && walk(join(folder, entry.name), depth + 1)
        : entry.name.endsWith('.node'),
    );
  return walk(dir, 0);
}

describe('the packager config', () => {
  it('unpacks every native module the app depends on, and knows which need Electron builds', () => {
    const native = dependencyFolders(runtimePackages(ROOT), ROOT)
      .filter((folder) => isNative(join(ROOT, folder)))
      .map((folder) => folder.replace(/^.*node_modules\//, ''));
    expect(native.length).toBeGreaterThanOrEqual(5);
    for (const name of native) {
      const listed = nativePackageGlobs().some((glob) => globMatches(name, glob));
      expect(listed, `${name} is missing from scripts/native-modules.mjs`).toBe(true);
      expect(isUnpacked(`node_modules/${name}/build/Release/addon.node`)).toBe(true);
    }
    // Node-API modules load in Electron as built; the others need the rebuild per ABI.
    for (const module of NATIVE_MODULES) {
      const dir = join(ROOT, 'node_modules', module.name);
      const gyp = existsSync(join(dir, 'binding.gyp'))
        ? readFileSync(join(dir, 'binding.gyp'), 'utf8')
        : '';
      const pkg = readFileSync(join(dir, 'package.json'), 'utf8');
      const napi = /node-addon-api|NAPI_/.test(gyp) || /"napi"|node-addon-api/.test(pkg);
      expect(module.kind, module.name).toBe(napi ? 'napi' : 'abi');
    }
  });

  it('leaves out only packages the main process never loads', () => {
    const main = execSources(join(ROOT, 'src-main')).join('\n');
    for (const name of RENDERER_ONLY) {
      expect(main).not.toMatch(new RegExp(`(from|import\\()\\s*'${name}['/]`));
    }
    const left = rendererOnlyFolders(ROOT);
    expect(left).toContain('node_modules/echarts');
    for (const folder of dependencyFolders(runtimePackages(ROOT), ROOT)) {
      expect(left).not.toContain(folder);
    }
    expect(config.files).toEqual(expect.arrayContaining(['!node_modules/echarts/**']));
  });

  it('unpacks every file the core opens by path', () => {
    // What the core joins onto its resources folder, read from the sources: a new folder
    // there is found here and must be unpacked with the rest.
    const sources = execSources(join(ROOT, 'src-main'));
    const segments = new Set<string>();
    for (const text of sources) {
      const joins = /join\(\s*(?:options\.)?resourcesDir,\s*'([^']+)'(?:,\s*'([^']+)')?/g;
      for (const [, first, second] of text.matchAll(joins)) {
        // `join(resourcesDir, '..', 'templates')`: a folder beside resources/.
        if (first === '..' && second) segments.add(`../${second}`);
        else if (first) segments.add(first);
      }
    }
    expect([...segments].sort()).toEqual(
      expect.arrayContaining(['../templates', 'fonts', 'profiles']),
    );
    for (const segment of segments) {
      const folder = join('resources', segment).split(sep).join('/');
      expect(existsSync(join(ROOT, folder)), folder).toBe(true);
      expect(isUnpacked(`${folder}/any.file`), folder).toBe(true);
    }
    for (const folder of CORE_FOLDERS) expect(isUnpacked(`${folder}/x/y.json`)).toBe(true);
    const worker = workerClosure(ROOT);
    for (const file of worker.files) expect(isUnpacked(file), file).toBe(true);
    expect(worker.files).toEqual(
      expect.arrayContaining(['out/main/pdf-worker.js', 'out/main/xlsx-worker.js']),
    );
    expect(worker.packages).toEqual(
      expect.arrayContaining(['pdf-lib', '@pdf-lib/fontkit', 'exceljs']),
    );
  });

  it('passes electron-builder’s own validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds the installers the halls use', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      deleteAppDataOnUninstall: false,
    });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64'] },
    ]);
    // The data folder is named after the app, never inside the install folder.
    expect(config.extraMetadata).toMatchObject({ name: 'counter-desk' });
    const uninstall = readFileSync(join(ROOT, 'packaging', 'installer.nsh'), 'utf8');
    expect(uninstall).toMatch(/MB_DEFBUTTON2/);
    expect(uninstall).toMatch(/\$\{ifNot\} \$\{isUpdated\}/);
  });
});

function execSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

describe('the built app packed into app.asar', () => {
  let resources: string;
  let archive: string;

  beforeAll(async () => {
    // The app folder electron-builder packs (out/, resources/, templates/, package.json) with
    // the render thread's packages; the other packages do not change what is checked here.
    resources = mkdtempSync(join(tmpdir(), 'counter-asar-'));
    const stage = join(resources, 'stage');
    for (const part of ['package.json', 'out', ...CORE_FOLDERS]) {
      cpSync(join(ROOT, part), join(stage, part), { recursive: true });
    }
    for (const folder of dependencyFolders(workerClosure(ROOT).packages, ROOT)) {
      mkdirSync(join(stage, folder), { recursive: true });
      cpSync(join(ROOT, folder), join(stage, folder), { recursive: true, dereference: true });
    }
    archive = join(resources, 'app.asar');
    // The same globs electron-builder applies, anchored at the folder being packed.
    const anchored = unpackGlobs.map((glob) => join(stage, glob).split(sep).join('/'));
    await asar.createPackageWithOptions(stage, archive, {
      unpack: `{${anchored.join(',')}}`,
    });
    rmSync(stage, { recursive: true, force: true });
  });

  afterAll(() => {
    if (resources) rmSync(resources, { recursive: true, force: true });
  });

  it('keeps the window files in the archive and what the core opens beside it', () => {
    const files = appFiles(archive);
    for (const path of [files.preloadPath, files.indexHtml]) {
      expect(path.startsWith(archive + sep)).toBe(true);
      expect(asar.statFile(archive, relative(archive, path))).toBeTruthy();
    }
    const unpacked = `${archive}.unpacked`;
    for (const path of [
      files.resourcesDir,
      files.templatesDir,
      files.pdfWorkerScript,
      files.xlsxWorkerScript,
    ]) {
      expect(path.startsWith(unpacked + sep), path).toBe(true);
      expect(existsSync(path), path).toBe(true);
    }
    // Node reads the worker's module type from the nearest package.json, outside the archive.
    expect(readFileSync(join(unpacked, 'package.json'), 'utf8')).toMatch(/"type": "module"/);
    expect(loadProfiles(join(files.resourcesDir, 'profiles'))).toMatchObject({ problems: [] });
    expect(loadProfiles(join(files.resourcesDir, 'profiles')).profiles.length).toBeGreaterThan(0);
  });

  it('runs the PDF render thread from the unpacked copy with the unpacked font and templates', async () => {
    const files = appFiles(archive);
    const printing = createPrintDesk({
      resourcesDir: files.resourcesDir,
      templatesDir: files.templatesDir,
    });
    expect(printing.fontPath.startsWith(`${archive}.unpacked`)).toBe(true);
    const template = printing.templates.template('shanxi', 'letter-legal');
    const pool = new PdfRenderPool({
      script: files.pdfWorkerScript,
      fontPath: printing.fontPath,
      size: 1,
    });
    try {
      const pdf = await pool.render(
        template,
        { values: { 'company.name': '大同市云冈煤业有限公司' }, checklist: [], nextSteps: [] },
        { title: '法人授权委托书', createdAt: new Date('2026-11-24T09:30:00+08:00') },
      );
      expect(pdfText(pdf).replace(/\s+/g, '')).toContain('大同市云冈煤业有限公司');
    } finally {
      await pool.close();
    }
  });

  it('runs the export’s XLSX index thread from the unpacked copy with its packages', async () => {
    const files = appFiles(archive);
    const folder = mkdtempSync(join(tmpdir(), 'counter-asar-index-'));
    const index = new XlsxIndexThread(files.xlsxWorkerScript, join(folder, 'index.xlsx'), '索引');
    try {
      index.add({
        caseNumber: '0001-20261124-00001',
        caseType: '法人注册（本人办理）',
        state: '已归档',
        clerk: '李柜员',
        subject: '大同市云冈煤业有限公司',
        subjectKey: '9114**********0001',
        createdAt: '2026-11-24 09:30',
        updatedAt: '2026-11-24 10:00',
        materials: 3,
        originalsSeen: 3,
        copiesArchived: 3,
        signed: 1,
        missing: '无',
        exception: '无',
        platformAnswer: '平台已受理',
        checklistPdf: '核验清单/0001-20261124-00001.pdf',
        rating: '未评价',
      });
      await index.finish();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(folder, 'index.xlsx'));
      expect(workbook.getWorksheet('办件清单')?.getRow(2).getCell(5).value).toBe(
        '大同市云冈煤业有限公司',
      );
    } finally {
      await index.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
