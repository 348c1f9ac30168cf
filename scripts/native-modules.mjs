// The app's native modules, in one place: the packager unpacks them from the asar
// (electron-builder.config.mjs) and `npm start` rebuilds the ABI-bound ones for Electron
// (scripts/launch-plan.mjs). Plain Node, no build step of its own.

/**
 * `napi`: built against Node-API, so the same binary loads in Node and in Electron of the same
 * platform and architecture. `abi`: built against V8's own headers, so Electron needs a build
 * of its own (NODE_MODULE_VERSION differs); `binary` is the file inside the package.
 */
export const NATIVE_MODULES = [
  {
    name: 'better-sqlite3-multiple-ciphers',
    kind: 'abi',
    binary: 'build/Release/better_sqlite3.node',
  },
  { name: '@serialport/bindings-cpp', kind: 'napi' },
  { name: 'node-hid', kind: 'napi' },
  { name: 'pkcs11js', kind: 'napi' },
  { name: 'usb', kind: 'napi', platformPackages: ['@node-usb/usb-*'] },
  { name: 'koffi', kind: 'napi', platformPackages: ['@koromix/koffi-*'] },
];

/** The modules Electron cannot load from the Node build. */
export function abiBoundModules() {
  return NATIVE_MODULES.filter((module) => module.kind === 'abi');
}

/** The package folders to keep outside the asar, as globs under node_modules/. */
export function nativePackageGlobs() {
  return NATIVE_MODULES.flatMap((module) => [module.name, ...(module.platformPackages ?? [])]);
}
