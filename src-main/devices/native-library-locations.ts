import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';

/**
 * Where the app loads vendor native libraries from (PKCS#11 and SKF key drivers, SDT reader
 * SDKs, the photo decoder): only the app's own vendor folders and the system's library
 * folders, never an arbitrary path typed into a setting, and never a file or folder others
 * may write to (a planted library runs with the clerk's rights).
 */
export type NativeLibraryKind = 'pkcs11' | 'skf' | 'sdt' | 'wlt';

/** File names each kind of library ships under (lower case, compared case-insensitively). */
const NAME_PATTERNS: Record<NativeLibraryKind, RegExp> = {
  pkcs11:
    /(pkcs11|p11|castle|wdpkcs|eps2003csp11|shuttlecsp11|cryptoida).*\.(so(\.\d+)*|dll|dylib)$/i,
  skf: /(skf|gm3000|mtoken|fm_?skf|watchsaf|wdskf|haitai|ht_?skf).*\.(so(\.\d+)*|dll|dylib)$/i,
  sdt: /(sdtapi|termb|sdt_?api|synidcard|sdt).*\.(so(\.\d+)*|dll|dylib)$/i,
  wlt: /(wlt2bmp|wltrs|wlt).*\.(so(\.\d+)*|dll|dylib)$/i,
};

/** The system's library folders on this platform. */
export function systemLibraryFolders(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') {
    const root = process.env.SystemRoot ?? 'C:\\Windows';
    return [join(root, 'System32'), join(root, 'SysWOW64')];
  }
  if (platform === 'darwin') return ['/usr/local/lib', '/Library/Frameworks'];
  return [
    '/usr/lib',
    '/usr/lib64',
    '/usr/local/lib',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib/loongarch64-linux-gnu',
    '/usr/lib/mips64el-linux-gnu',
    '/usr/lib/softhsm',
  ];
}

/** The folders libraries are taken from: the app's vendor folders, then the system's. */
export interface LibraryFolders {
  /** e.g. `<resources>/vendor-libs`, where a hall's installer puts the vendor's files. */
  vendor: string[];
  system?: string[];
}

function allFolders(folders: LibraryFolders): string[] {
  return [...folders.vendor, ...(folders.system ?? systemLibraryFolders())];
}

/** Whether a file or folder may be written by anyone but its owner (POSIX mode bits). */
function writableByOthers(path: string): boolean {
  if (process.platform === 'win32') return false; // ACLs: the installer's folders are trusted
  const stats = statSync(path);
  const owner = stats.uid;
  const me = process.getuid?.() ?? -1;
  return (stats.mode & 0o022) !== 0 || (owner !== 0 && owner !== me);
}

/**
 * Whether a library may be loaded: an absolute path whose real location (links resolved)
 * is a regular file directly inside, or below, one of the allowed folders, and neither it
 * nor its folder is writable by others.
 */
export function isAllowedLibrary(path: string, folders: LibraryFolders): boolean {
  if (!isAbsolute(path)) return false;
  try {
    const real = realpathSync(path);
    if (!statSync(real).isFile()) return false;
    const inside = allFolders(folders).some((folder) => {
      try {
        const root = realpathSync(folder);
        return real.startsWith(root.endsWith(sep) ? root : root + sep);
      } catch {
        return false;
      }
    });
    return inside && !writableByOthers(real) && !writableByOthers(dirname(real));
  } catch {
    return false;
  }
}

/**
 * The libraries of one kind found in the allowed folders (and one level of sub-folders of
 * the vendor folders), each allowed by the rule above, in folder order.
 */
export function findLibraries(kind: NativeLibraryKind, folders: LibraryFolders): string[] {
  const found: string[] = [];
  const look = (folder: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(folder, name);
      if (NAME_PATTERNS[kind].test(name) && isAllowedLibrary(path, folders)) found.push(path);
      else if (depth > 0) {
        try {
          if (statSync(path).isDirectory()) look(path, depth - 1);
        } catch {
          // Unreadable entries are skipped.
        }
      }
    }
  };
  for (const folder of folders.vendor) look(folder, 1);
  for (const folder of folders.system ?? systemLibraryFolders()) look(folder, 0);
  return [...new Set(found)];
}
