import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkNativeLibrary,
  detectLibraries,
  findNativeLibraries,
  isAllowedLibrary,
  libraryFolderSummary,
} from '../../src-main/devices/native-library-locations';

let outside: string;
let root: string;

beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), 'native-libs-'));
  chmodSync(outside, 0o755);
  root = join(outside, 'usr-lib');
  mkdirSync(join(root, 'vendor'), { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  chmodSync(join(root, 'vendor'), 0o755);
});

afterEach(() => rmSync(outside, { recursive: true, force: true }));

function library(path: string, mode = 0o644): string {
  writeFileSync(path, 'not really a library');
  chmodSync(path, mode);
  return path;
}

describe('which native libraries the core may load', () => {
  it('accepts a library in an allowed folder that only its owner may write', () => {
    const path = library(join(root, 'vendor', 'libcastle.so'));
    expect(checkNativeLibrary(path, [root])).toEqual({ ok: true, realPath: path });
  });

  it('refuses a library outside the allowed folders, even through a symlink inside them', () => {
    const planted = library(join(outside, 'evil.so'));
    expect(checkNativeLibrary(planted, [root]).ok).toBe(false);
    symlinkSync(planted, join(root, 'vendor', 'libwdpkcs.so'));
    const viaLink = checkNativeLibrary(join(root, 'vendor', 'libwdpkcs.so'), [root]);
    expect(viaLink.ok ? '' : viaLink.problem).toMatch(/不在系统库文件夹/);
  });

  it('refuses a library that others may write, or one in a folder others may write', () => {
    const loose = library(join(root, 'vendor', 'libloose.so'), 0o666);
    const looseCheck = checkNativeLibrary(loose, [root]);
    expect(looseCheck.ok ? '' : looseCheck.problem).toMatch(/可被其他用户修改/);
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const inShared = library(join(shared, 'libcastle.so'));
    const sharedCheck = checkNativeLibrary(inShared, [root]);
    expect(sharedCheck.ok ? '' : sharedCheck.problem).toContain(shared);
  });

  it('refuses relative paths, folders and files that are not there', () => {
    expect(checkNativeLibrary('libcastle.so', [root]).ok).toBe(false);
    expect(checkNativeLibrary(join(root, 'vendor'), [root]).ok).toBe(false);
    expect(checkNativeLibrary(join(root, 'vendor', 'missing.so'), [root]).ok).toBe(false);
  });

  it('finds only the named libraries that pass the check', () => {
    const good = library(join(root, 'vendor', 'libcastle.so'));
    library(join(root, 'libcastle.so'), 0o666);
    expect(findNativeLibraries(['libcastle.so'], [root, join(root, 'vendor')], [root])).toEqual([
      good,
    ]);
  });

  it('holds reader SDKs to the same rule: none below a folder others may write is offered or loaded', () => {
    library(join(root, 'vendor', 'libsdtapi.so'), 0o755);
    const shared = join(root, 'shared');
    mkdirSync(join(shared, 'inner'), { recursive: true });
    chmodSync(shared, 0o777);
    chmodSync(join(shared, 'inner'), 0o755);
    library(join(shared, 'libtermb.so'), 0o755);
    const deep = library(join(shared, 'inner', 'libtermb.so'), 0o755);
    const folders = { vendor: [root], system: [] };
    expect(detectLibraries('sdt', folders)).toEqual([
      {
        path: join(root, 'vendor', 'libsdtapi.so'),
        fileName: 'libsdtapi.so',
        folder: join(root, 'vendor'),
      },
    ]);
    // A saved path deeper down: its own folder is tight, but one above it is not.
    expect(isAllowedLibrary(deep, folders)).toBe(false);
  });

  it('names the folders it looks in, the vendor folders of /opt as one pattern', () => {
    expect(libraryFolderSummary({ vendor: [root], system: [] })).toEqual([root]);
    const linux = libraryFolderSummary({ vendor: [root] }, 'linux');
    expect(linux[0]).toBe(root);
    expect(linux).toContain('/usr/lib');
    expect(linux).toContain('/opt/<厂商文件夹>/lib');
    expect(linux.filter((folder) => folder.startsWith('/opt/'))).toHaveLength(2);
  });
});
