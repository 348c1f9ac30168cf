import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

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
