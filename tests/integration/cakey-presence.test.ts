import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src-main/contract/schemas';
import { Pkcs11Module } from '../../src-main/devices/cakey/pkcs11-module';
import type { CaKeyModule, CaKeyWatcher } from '../../src-main/domain/ports/ca-key';
import { systemClock } from '../../src-main/domain/ports/clock';
import type { WrongPinMemory } from '../../src-main/services/cakey/cakey-desk';
import { CaKeyDesk } from '../../src-main/services/cakey/cakey-desk';
import type { SoftHsmStore } from '../../src-main/devices/cakey/softhsm-tokens';
import {
  KEY_CREDIT_CODE,
  SO_PIN,
  USER_PIN,
  softHsmModulePath,
  temporarySoftHsm,
  validity,
} from '../helpers/softhsm';

/** A USB watcher that sees no HID key: the key, if any, is one only its module can see. */
const noHidKeys: CaKeyWatcher = {
  present: () => [],
  subscribe: () => () => undefined,
  close: () => undefined,
};

let hsm: { store: SoftHsmStore; remove: () => void };
let desk: CaKeyDesk;
let opened: number;
let closed: number;
let trainingDir: string;

function settings(): Pick<Settings, 'cakeyMode' | 'cakeyModules' | 'cakeyUsbIds'> {
  return { cakeyMode: 'usb', cakeyModules: { softhsm: softHsmModulePath() }, cakeyUsbIds: [] };
}

function countingDesk(pinCounts?: WrongPinMemory): CaKeyDesk {
  return new CaKeyDesk({
    trainingDir,
    clock: systemClock,
    watch: () => noHidKeys,
    openModule: (path) => {
      opened += 1;
      const module: CaKeyModule = Pkcs11Module.open(path);
      const close = module.close.bind(module);
      module.close = () => {
        closed += 1;
        return close();
      };
      return module;
    },
    ...(pinCounts ? { pinCounts } : {}),
  });
}

function plugKey(label: string): void {
  hsm.store.createToken({
    label,
    pin: USER_PIN,
    soPin: SO_PIN,
    subject: '/CN=示例科技有限公司/O=示例科技有限公司/C=CN',
    creditCodeExtension: KEY_CREDIT_CODE,
    ...validity(-1, 365),
  });
}

beforeEach(() => {
  hsm = temporarySoftHsm();
  trainingDir = mkdtempSync(join(tmpdir(), 'counter-training-'));
  opened = 0;
  closed = 0;
});

afterEach(() => {
  desk.close();
  hsm.remove();
  rmSync(trainingDir, { recursive: true, force: true });
});

describe('whether a CA key is there, from the key itself', () => {
  it('says no key while the module file exists but no slot has a token, and ready once one does', () => {
    desk = countingDesk();
    expect(desk.status(settings())).toMatchObject({ state: 'absent', detail: '未插入 UKey' });
    plugKey('KEY-A');
    desk.close();
    desk = countingDesk();
    expect(desk.status(settings())).toMatchObject({ state: 'ready' });
    expect(desk.status(settings()).detail).toContain('KEY-A');
  });

  it('loads and initialises the vendor module once, keeps it across operations, and unloads it at the end', async () => {
    plugKey('KEY-B');
    desk = countingDesk();
    desk.status(settings());
    for (let round = 0; round < 3; round += 1) {
      const tokens = await desk.withModule(settings(), (module) => module.tokens());
      expect(tokens.map((token) => token.label)).toEqual(['KEY-B']);
    }
    expect(opened).toBe(1);
    expect(closed).toBe(0);
    desk.close();
    expect(closed).toBe(1);
  });

  it('keeps the count of wrong PINs in a row across restarts, and clears it on a right PIN', () => {
    let stored: Record<string, number> = {};
    const memory: WrongPinMemory = {
      load: () => ({ ...stored }),
      save: (counts) => {
        stored = { ...counts };
      },
    };
    const token = {
      slot: '01',
      label: 'KEY-C',
      manufacturer: 'SoftHSM',
      serial: 'abc123',
      pinCountLow: true,
      pinFinalTry: false,
      pinLocked: false,
    };
    desk = countingDesk(memory);
    expect(desk.countWrongPin(token)).toBe(1);
    expect(desk.countWrongPin(token)).toBe(2);
    desk.close();
    desk = countingDesk(memory);
    expect(desk.countWrongPin(token)).toBe(3);
    desk.clearWrongPins(token);
    desk.close();
    desk = countingDesk(memory);
    expect(desk.countWrongPin(token)).toBe(1);
  });
});
