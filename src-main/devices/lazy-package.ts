import type * as HpkeCore from '@hpke/core';
import type Koffi from 'koffi';
import type NodeHid from 'node-hid';
import { createRequire } from 'node:module';
import type Pkcs11js from 'pkcs11js';
import type * as SerialPortPackage from 'serialport';

const requireFromHere = createRequire(import.meta.url);

/**
 * A package loaded when first used instead of when the core opens. The device drivers' native
 * modules (serial port, HID, PKCS#11, FFI) and the sealing library together took about
 * 150 ms of the core's start, which every shell pays before its login screen answers, while
 * most starts touch no device. Call the returned function where the package is used.
 */
function lazyPackage<T>(name: string): () => T {
  let loaded: { module: T } | undefined;
  return () => {
    loaded ??= { module: requireFromHere(name) as T };
    return loaded.module;
  };
}

export const serialportPackage = lazyPackage<typeof SerialPortPackage>('serialport');
export const nodeHidPackage = lazyPackage<typeof NodeHid>('node-hid');
export const pkcs11jsPackage = lazyPackage<typeof Pkcs11js>('pkcs11js');
export const koffiPackage = lazyPackage<typeof Koffi>('koffi');
export const hpkePackage = lazyPackage<typeof HpkeCore>('@hpke/core');
