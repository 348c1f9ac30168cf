import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSoftHsmModule, SoftHsmStore } from '../../src-main/devices/cakey/softhsm-tokens';

/** A valid credit code (IDCARD.md §5.2's worked example). */
export const KEY_CREDIT_CODE = '91350100M000100Y43';
export const USER_PIN = '123456';
export const SO_PIN = '87654321';

/** The SoftHSM2 module of this machine; the tests need softhsm2 installed (.ci/run does it). */
export function softHsmModulePath(): string {
  const path = findSoftHsmModule();
  if (!path) throw new Error('softhsm2 is not installed: apt-get install softhsm2');
  return path;
}

/**
 * A temporary SoftHSM2 store (SOFTHSM2_CONF + token folder) that this process's module
 * reads: the environment variable is set here, before the module is initialised.
 */
export function temporarySoftHsm(): { store: SoftHsmStore; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-softhsm-'));
  const store = new SoftHsmStore(dir, softHsmModulePath());
  process.env.SOFTHSM2_CONF = store.confPath;
  return { store, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A validity window around now, in days. */
export function validity(fromDays: number, toDays: number): { notBefore: Date; notAfter: Date } {
  const day = 86_400_000;
  return {
    notBefore: new Date(Date.now() + fromDays * day),
    notAfter: new Date(Date.now() + toDays * day),
  };
}

// SoftHSM's file object store keeps the token flags as vendor attribute 0x8000534B
// (CKA_OS_TOKENFLAGS, a 64-bit big-endian ulong after its type and kind).
const TOKEN_FLAGS_TAG = Buffer.from('00000000' + '8000534b' + '0000000000000002', 'hex');
const CKF_USER_PIN_LOCKED = 0x40000n;

/**
 * Marks a token's user PIN as locked, as a key does after too many wrong PINs: SoftHSM2
 * counts wrong PINs (CKF_USER_PIN_COUNT_LOW) but never locks by itself.
 */
export function lockUserPin(store: SoftHsmStore, label: string): void {
  const padded = Buffer.from(label.padEnd(32, ' '));
  for (const folder of store.tokenFolders()) {
    const file = join(store.tokenDir, folder, 'token.object');
    const bytes = readFileSync(file);
    if (!bytes.includes(padded)) continue;
    const at = bytes.indexOf(TOKEN_FLAGS_TAG);
    if (at < 0) throw new Error('SoftHSM token file without a flags attribute');
    const offset = at + TOKEN_FLAGS_TAG.length;
    bytes.writeBigUInt64BE(bytes.readBigUInt64BE(offset) | CKF_USER_PIN_LOCKED, offset);
    writeFileSync(file, bytes);
    return;
  }
  throw new Error(`no SoftHSM token labelled ${label}`);
}
