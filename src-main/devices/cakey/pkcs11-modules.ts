import {
  checkNativeLibrary,
  findNativeLibraries,
  librarySearchFolders,
  systemLibraryRoots,
} from '../native-library-locations';

/** A vendor's PKCS#11 module file names (IDCARD.md §6.1), as their installers name them. */
interface KnownModule {
  vendor: string;
  label: string;
  files: readonly string[];
}

/**
 * The PKCS#11 modules the counter knows by vendor. Only these, found in the system library
 * folders, can be chosen in the settings: a supervisor picks from what is installed, never
 * types a path the core would load.
 */
export const KNOWN_PKCS11_MODULES: readonly KnownModule[] = [
  {
    vendor: 'feitian',
    label: '飞天诚信 ePass2003',
    files: ['libcastle.so', 'libcastle.so.1.0.0', 'eps2003csp11.dll', 'ShuttleCsp11_3003.dll'],
  },
  {
    vendor: 'watchdata',
    label: '握奇',
    files: ['libwdpkcs.so', 'wdpkcs.dll', 'SignatureP11.dll'],
  },
  { vendor: 'longmai', label: '龙脉 mToken', files: ['CryptoIDA_pkcs11.dll'] },
  {
    vendor: 'opensc',
    label: 'OpenSC 通用智能卡',
    files: ['opensc-pkcs11.so', 'opensc-pkcs11.dll'],
  },
  { vendor: 'softhsm', label: 'SoftHSM2（培训、测试）', files: ['libsofthsm2.so'] },
];

/** One PKCS#11 module found on this machine, for the supervisor's choice. */
export interface DetectedModule {
  vendor: string;
  label: string;
  path: string;
}

/** The known PKCS#11 modules installed on this machine in an allowed, protected place. */
export function detectPkcs11Modules(
  folders: readonly string[] = [...librarySearchFolders(), ...softhsmFolders()],
): DetectedModule[] {
  return KNOWN_PKCS11_MODULES.flatMap((known) =>
    findNativeLibraries(known.files, folders).map((path) => ({
      vendor: known.vendor,
      label: known.label,
      path,
    })),
  );
}

/** SoftHSM2 installs into a folder of its own under the library folder. */
function softhsmFolders(): string[] {
  return ['/usr/lib/softhsm', '/usr/lib/x86_64-linux-gnu/softhsm', '/usr/local/lib/softhsm'];
}

/**
 * Why a configured module may not be loaded, or null when it may: it must lie in a system
 * library folder or a vendor's install folder, symlinks resolved, not writable by others.
 * (Saving the setting is stricter: only a detected module can be chosen.)
 */
export function pkcs11ModuleProblem(path: string): string | null {
  const check = checkNativeLibrary(path, systemLibraryRoots());
  return check.ok ? null : check.problem;
}
