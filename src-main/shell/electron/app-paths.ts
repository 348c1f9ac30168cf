import { join, sep } from 'node:path';

/** The asar archive electron-builder packs the app into, and the folder beside it. */
const ASAR = 'app.asar';
const UNPACKED = 'app.asar.unpacked';

/**
 * The same path outside the archive. Files the core opens by path (the font, templates,
 * profiles) and the worker threads (PDF render, XLSX index) with their packages are unpacked by the packager
 * (electron-builder.config.mjs): a worker thread's Node resolver cannot look into an asar.
 * A path not inside app.asar (an unpacked app run by `npm start`) is returned as it is.
 */
export function unpackedPath(path: string): string {
  const parts = path.split(sep);
  const index = parts.indexOf(ASAR);
  if (index < 0) return path;
  parts[index] = UNPACKED;
  return parts.join(sep);
}

/** Where the core and the window find the app's files, packaged or not. */
export interface AppFiles {
  resourcesDir: string;
  templatesDir: string;
  pdfWorkerScript: string;
  xlsxWorkerScript: string;
  preloadPath: string;
  indexHtml: string;
}

/** The app's files from Electron's app path (`…/resources/app.asar` once packaged). */
export function appFiles(appPath: string): AppFiles {
  return {
    resourcesDir: unpackedPath(join(appPath, 'resources')),
    templatesDir: unpackedPath(join(appPath, 'templates')),
    pdfWorkerScript: unpackedPath(join(appPath, 'out', 'main', 'pdf-worker.js')),
    xlsxWorkerScript: unpackedPath(join(appPath, 'out', 'main', 'xlsx-worker.js')),
    // Electron reads these two itself, and its fs reads inside the archive.
    preloadPath: join(appPath, 'out', 'preload', 'index.cjs'),
    indexHtml: join(appPath, 'out', 'renderer', 'index.html'),
  };
}

/**
 * The SQLite module `npm start` built for this Electron (scripts/start.mjs), honoured only in
 * an unpacked app: a packaged app carries the one electron-builder rebuilt.
 */
export function sqliteBinding(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  const path = env.COUNTER_SQLITE_BINDING;
  return !isPackaged && path ? path : undefined;
}
