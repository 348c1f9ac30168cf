import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Where the core may load a native library from (a PKCS#11 module, a vendor SDK, an SKF
 * driver). A library loaded into the core runs as the app's OS user, so a setting that names
 * a file must never be enough: the file has to sit in a system library folder or a vendor's
 * install folder, resolved through symlinks, and neither it nor any folder above it up to
 * that root may be writable by anyone else (otherwise another local user could swap it).
 * Used by the CA key modules and the device helpers alike.
 */

/** The system library folders of this platform: the roots a native library may live under. */
export function systemLibraryRoots(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') {
    const windows = process.env.SystemRoot ?? 'C:\\Windows';
    return [
      join(windows, 'System32'),
      join(windows, 'SysWOW64'),
      process.env.ProgramFiles ?? 'C:\\Program Files',
      process.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)',
    ];
  }
  // /opt is where Chinese vendors' Linux installers (UOS, Kylin) put their drivers.
  return ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/lib', '/lib64', '/opt'];
}

/**
 * The folders searched for a library by file name: the roots, the multi-arch folders
 * (x86-64, arm64 and LoongArch counters), their pkcs11/ folders and each vendor folder in
 * /opt with its lib/.
 */
export function librarySearchFolders(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return systemLibraryRoots(platform).slice(0, 2);
  const triplets = ['x86_64-linux-gnu', 'aarch64-linux-gnu', 'loongarch64-linux-gnu'];
  const folders = ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/usr/lib/pkcs11'];
  for (const triplet of triplets) {
    folders.push(`/usr/lib/${triplet}`, `/usr/lib/${triplet}/pkcs11`);
  }
  for (const vendor of safeReaddir('/opt')) folders.push(`/opt/${vendor}`, `/opt/${vendor}/lib`);
  return folders;
}

function safeReaddir(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** The outcome of checking one library file: its real path, or why it may not be loaded. */
export type LibraryCheck = { ok: true; realPath: string } | { ok: false; problem: string };

/** Whether `inner` is `outer` or lies under it (both already real paths). */
function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether anyone but the owner may write it, or it belongs to someone else than root or us. */
function looseOwnership(path: string, uid: number): string | null {
  const stat = statSync(path);
  if ((stat.mode & 0o022) !== 0) return `“${path}”可被其他用户修改`;
  if (stat.uid !== 0 && stat.uid !== uid) return `“${path}”不属于系统管理员或本程序的用户`;
  return null;
}

/**
 * Checks that a library may be loaded: an absolute path whose real file (symlinks resolved)
 * is a regular file under one of the allowed roots, and (on Linux and macOS) neither the
 * file nor any folder from it up to that root is writable by group or others, or owned by
 * another user. Windows folders are protected by their ACLs, which are not read here.
 */
export function checkNativeLibrary(
  path: string,
  roots: readonly string[] = systemLibraryRoots(),
  options: { platform?: NodeJS.Platform; uid?: number } = {},
): LibraryCheck {
  const platform = options.platform ?? process.platform;
  if (!isAbsolute(path)) return { ok: false, problem: '驱动路径必须是完整路径' };
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch {
    return { ok: false, problem: `找不到驱动文件“${path}”` };
  }
  const realRoots = roots.flatMap((root) => {
    try {
      return [realpathSync(root)];
    } catch {
      return [];
    }
  });
  const root = realRoots.find((candidate) => isWithin(candidate, realPath));
  if (!root) {
    return {
      ok: false,
      problem: `驱动“${path}”不在系统库文件夹或厂商安装文件夹中（${roots.join('、')}）`,
    };
  }
  if (!lstatSync(realPath).isFile()) return { ok: false, problem: `“${path}”不是文件` };
  if (platform === 'win32') return { ok: true, realPath };
  const uid = options.uid ?? process.getuid?.() ?? 0;
  for (let at = realPath; ; at = dirname(at)) {
    const problem = looseOwnership(at, uid);
    if (problem) return { ok: false, problem };
    if (at === root || !at.includes(sep) || dirname(at) === at) break;
  }
  return { ok: true, realPath };
}

/** The files of these names found in these folders that pass checkNativeLibrary. */
export function findNativeLibraries(
  fileNames: readonly string[],
  folders: readonly string[] = librarySearchFolders(),
  roots: readonly string[] = systemLibraryRoots(),
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    for (const name of fileNames) {
      const path = join(folder, name);
      const check = checkNativeLibrary(path, roots);
      if (check.ok && !seen.has(check.realPath)) {
        seen.add(check.realPath);
        found.push(path);
      }
    }
  }
  return found;
}

// The vendor libraries of the devices (key drivers, reader SDKs, the photo decoder): found
// by file name in the app's vendor folders and the system's, under the same rule as above.

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

/**
 * The system's library folders on this platform: those the PKCS#11 modules are searched in
 * (with each vendor folder in /opt, where UOS and Kylin installers put drivers), and the
 * multi-arch and SoftHSM2 folders.
 */
export function systemLibraryFolders(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return librarySearchFolders(platform);
  if (platform === 'darwin') return ['/usr/local/lib', '/Library/Frameworks'];
  return [
    ...new Set([
      ...librarySearchFolders(platform),
      '/usr/lib/mips64el-linux-gnu',
      '/usr/lib/softhsm',
    ]),
  ];
}

/** The folders libraries are taken from: the app's vendor folders, then the system's. */
export interface LibraryFolders {
  /** e.g. `<resources>/vendor-libs`, where a hall's installer puts the vendor's files. */
  vendor: string[];
  system?: string[];
}

/** Every folder libraries are looked for in, in order: the app's vendor folders first. */
export function libraryFolderList(folders: LibraryFolders): string[] {
  return [...folders.vendor, ...(folders.system ?? systemLibraryFolders())];
}

/**
 * The folders as a supervisor reads them: the vendor folders in /opt are shown once, as a
 * pattern, not one line per vendor.
 */
export function libraryFolderSummary(
  folders: LibraryFolders,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const listed = libraryFolderList(folders).filter((folder) => !folder.startsWith('/opt/'));
  const opt = folders.system === undefined && platform === 'linux';
  return opt ? [...listed, '/opt/<厂商文件夹>', '/opt/<厂商文件夹>/lib'] : listed;
}

/**
 * Whether a library may be loaded: the same check as every other native library
 * (checkNativeLibrary), with the app's vendor folders and the system's as the roots.
 */
export function isAllowedLibrary(path: string, folders: LibraryFolders): boolean {
  return checkNativeLibrary(path, libraryFolderList(folders)).ok;
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

/** One library found for the supervisor's choice: its path, file name and folder. */
export interface FoundLibrary {
  path: string;
  fileName: string;
  folder: string;
}

/** findLibraries with each library's file name and folder, for a picker to show. */
export function detectLibraries(kind: NativeLibraryKind, folders: LibraryFolders): FoundLibrary[] {
  return findLibraries(kind, folders).map((path) => ({
    path,
    fileName: basename(path),
    folder: dirname(path),
  }));
}
