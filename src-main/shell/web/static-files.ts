import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** The build's folder of hashed files: a name there never changes its content. */
const ASSETS = 'assets/';

/** A file to send: its bytes, content type and whether its name is content-hashed. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Under assets/: the name changes with the content, so a browser may keep it for good. */
  immutable: boolean;
}

/** The built renderer, served from memory once read. */
export interface StaticFiles {
  /**
   * The file for a URL path inside the built renderer folder, refusing anything that escapes
   * it; unknown paths fall back to index.html, since the app routes on the client.
   */
  read(urlPath: string): Promise<StaticFile | null>;
}

function typeOf(path: string): string {
  return contentTypes[extname(path)] ?? 'application/octet-stream';
}

/** The assets index.html loads before anything shows: its scripts, preloads and styles. */
function firstPageAssets(root: string): string[] {
  let html: string;
  try {
    html = readFileSync(join(root, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"?#]+)"/g)) {
    if (match[1]) names.add(match[1]);
  }
  return [...names];
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    // Missing, a folder, unreadable: the caller falls back to index.html.
    return null;
  }
}

/**
 * Serves the built renderer folder `root`. The hashed assets the login screen needs are read
 * before the server listens, so the first page costs no disk access (the core may still be
 * loading on the same thread); every other asset is read once, on its first request, and kept.
 * The HTML pages are read on each request: they are small, never cached by the browser, and
 * name the current build's assets.
 */
export function createStaticFiles(root: string): StaticFiles {
  const assets = new Map<string, StaticFile>();
  for (const name of firstPageAssets(root)) {
    try {
      const path = join(root, name);
      assets.set(name, { body: readFileSync(path), contentType: typeOf(path), immutable: true });
    } catch {
      // A page naming a file the build did not write: its request answers as any other miss.
    }
  }

  async function read(urlPath: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    const relative = normalize(decoded)
      .replace(/^([/\\])+/, '')
      .split(sep)
      .join('/');
    const candidate = join(root, relative);
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    const isAsset = relative.startsWith(ASSETS);
    const kept = isAsset ? assets.get(relative) : undefined;
    if (kept) return kept;
    const body = candidate === root ? null : await readOrNull(candidate);
    if (body) {
      const file = { body, contentType: typeOf(candidate), immutable: isAsset };
      if (isAsset) assets.set(relative, file);
      return file;
    }
    const index = join(root, 'index.html');
    const page = await readOrNull(index);
    return page ? { body: page, contentType: typeOf(index), immutable: false } : null;
  }

  return { read };
}
