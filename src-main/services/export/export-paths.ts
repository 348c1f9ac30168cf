import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UseCaseError } from '../shared/use-case-error';

/**
 * Folders of the operating system an export never goes into and a verification never reads:
 * configuration, kernel and device files, programs and libraries, runtime state. Checked
 * after symlinks are resolved, so a link to /etc is /etc.
 */
const UNIX_SYSTEM_FOLDERS = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/usr',
  '/opt',
  '/run',
  '/var/run',
  '/var/lib',
  '/var/log',
  '/var/cache',
  '/var/spool',
  '/var/mail',
  '/snap',
  '/System',
  '/Library',
  '/Applications',
  '/private/etc',
];

function windowsSystemFolders(): string[] {
  return [process.env.SystemRoot, process.env.ProgramFiles, process.env['ProgramFiles(x86)']]
    .filter((folder): folder is string => Boolean(folder))
    .map((folder) => folder.toLowerCase());
}

/** Whether `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** The system folder a real path lies in, or null. The root itself counts as one. */
export function systemFolderOf(realPath: string): string | null {
  if (process.platform === 'win32') {
    const lower = realPath.toLowerCase();
    return windowsSystemFolders().find((folder) => within(lower, folder)) ?? null;
  }
  if (realPath === '/') return '/';
  return UNIX_SYSTEM_FOLDERS.find((folder) => within(realPath, folder)) ?? null;
}

function realDataDir(dataDir: string): string {
  try {
    return realpathSync(dataDir);
  } catch {
    return resolve(dataDir);
  }
}

/** Refuses a real path in a system folder or in the app's data folder (database, keys). */
function refuseProtected(
  realPath: string,
  dataDir: string,
  code: 'EXPORT_FOLDER_UNWRITABLE' | 'EXPORT_FILE_UNREADABLE',
  what: string,
): void {
  const system = systemFolderOf(realPath);
  if (system !== null) {
    throw new UseCaseError(code, {
      message: `“${realPath}”位于系统文件夹“${system}”中，不能${what}。`,
      nextStep:
        code === 'EXPORT_FOLDER_UNWRITABLE'
          ? '请选择 U 盘或本人的文件夹（例如主目录下的“办件导出”），再重新导出。'
          : '请把导出文件复制到 U 盘或本人的文件夹后，再选择它校验。',
    });
  }
  const data = realDataDir(dataDir);
  if (within(realPath, data) || within(data, realPath)) {
    throw new UseCaseError(code, {
      message: `“${realPath}”是本程序的数据文件夹（存有数据库和密钥）或包含它，不能${what}。`,
      nextStep:
        code === 'EXPORT_FOLDER_UNWRITABLE'
          ? '请另选一个文件夹，例如 U 盘或主目录下的“办件导出”。'
          : '请选择导出时保存的 .zip 文件（通常在 U 盘或“办件导出”文件夹中）。',
    });
  }
}

/**
 * The real folder an export may be written into: it exists, is a folder, is writable, and
 * neither it nor the place a symlink points to is a system folder or the data folder.
 */
export function checkExportFolder(folder: string, dataDir: string): string {
  const absolute = resolve(folder);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    throw new UseCaseError('EXPORT_FOLDER_UNWRITABLE', {
      message: `找不到文件夹“${absolute}”。`,
      nextStep: '请确认文件夹存在、U 盘已插好，或先建好文件夹再导出。',
    });
  }
  refuseProtected(real, dataDir, 'EXPORT_FOLDER_UNWRITABLE', '在其中写入导出文件');
  try {
    if (!statSync(real).isDirectory()) throw new Error('not a folder');
    accessSync(real, constants.W_OK);
  } catch {
    throw new UseCaseError('EXPORT_FOLDER_UNWRITABLE', {
      message: `无法在“${real}”中写入导出文件。`,
    });
  }
  return real;
}

/** The real path of an export file to verify: an ordinary file outside the protected places. */
export function checkVerifyPath(path: string, dataDir: string): string {
  const absolute = resolve(path);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    throw new UseCaseError('EXPORT_FILE_UNREADABLE', {
      message: `找不到文件“${absolute}”。`,
      nextStep: '请核对路径（含文件名和 .zip），或确认 U 盘已插好。',
    });
  }
  refuseProtected(real, dataDir, 'EXPORT_FILE_UNREADABLE', '作为导出文件校验');
  let isFile = false;
  try {
    isFile = statSync(real).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new UseCaseError('EXPORT_FILE_UNREADABLE', {
      message: `“${real}”不是一个文件（可能是文件夹或设备）。`,
      nextStep: '请选择导出时保存的 .zip 文件本身，而不是它所在的文件夹。',
    });
  }
  return real;
}
