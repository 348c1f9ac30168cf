import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { machineKoffiForSkf } from '../../devices/cakey/skf-koffi';
import { SkfModule } from '../../devices/cakey/skf-module';
import type { LibraryFolders } from '../../devices/native-library-locations';
import { isAllowedLibrary } from '../../devices/native-library-locations';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import type { DeviceStatus } from '../../contract/schemas';
import type { CaKeyModule, CaKeyToken, CaKeyWatcher } from '../../domain/ports/ca-key';
import { CaKeyError } from '../../domain/ports/ca-key';
import type { Clock } from '../../domain/ports/clock';
import { HidCaKeyWatcher } from '../../devices/cakey/hid-watcher';
import { Pkcs11Module } from '../../devices/cakey/pkcs11-module';
import { pkcs11ModuleProblem } from '../../devices/cakey/pkcs11-modules';
import { findSoftHsmModule, SoftHsmStore } from '../../devices/cakey/softhsm-tokens';
import type { CaKeyDeskPort, CaKeySettings } from '../shared/service-context';

const LABEL = 'CA 证书（UKey）';

/** The training key's token: a SoftHSM2 token the app makes for demonstrations and training. */
export const TRAINING_KEY = {
  label: 'TRAINING-UKEY',
  pin: '123456',
  soPin: '12345678',
  companyName: '示例培训科技有限公司',
  // IDCARD.md §5.2's worked example: a code with a valid check character.
  creditCode: '91350100M000100Y43',
} as const;

/** Where the module for the present key comes from, or why there is none. */
type ModuleChoice =
  | { kind: 'module'; path: string; keyModel: string; training: boolean }
  | { kind: 'refused'; reason: 'not-configured' | 'absent' | 'driver-missing'; detail: string };

/**
 * The counter's CA key as the settings describe it: none, real keys on USB (HID presence and
 * a PKCS#11 module per vendor), or the training key backed by SoftHSM2. One module
 * operation runs at a time: two initialisations of one library would share its state.
 */
export class CaKeyDesk implements CaKeyDeskPort {
  private watcher: { key: string; watcher: CaKeyWatcher } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private training: SoftHsmStore | null = null;
  /** Wrong PINs in a row per token serial, kept across restarts; never the PINs themselves. */
  private wrongPinCounts: Map<string, number> | null = null;
  /** Each vendor module loaded and initialised once, and kept: some drivers do not survive
   * repeated C_Initialize / C_Finalize. */
  private readonly modules = new Map<string, CaKeyModule>();

  constructor(
    private readonly options: {
      /** Where the training key's SoftHSM2 tokens live (in the data folder). */
      trainingDir: string;
      clock: Clock;
      /** Builds the USB watcher; tests pass one over a fake device list. */
      watch?: (settings: CaKeySettings) => CaKeyWatcher;
      /** Opens a PKCS#11 module; the default loads it through pkcs11js. */
      openModule?: (path: string) => CaKeyModule;
      /** Keeps the wrong-PIN counts across restarts (the store's settings table). */
      pinCounts?: WrongPinMemory;
      /** Where SKF drivers may be loaded from (the app's vendor-libs, the system's folders). */
      libraryFolders?: LibraryFolders;
    },
  ) {}

  private usbWatcher(settings: CaKeySettings): CaKeyWatcher | null {
    if (settings.cakeyMode !== 'usb') {
      this.watcher?.watcher.close();
      this.watcher = null;
      return null;
    }
    const key = JSON.stringify(settings.cakeyUsbIds);
    if (this.watcher?.key === key) return this.watcher.watcher;
    this.watcher?.watcher.close();
    const watcher = this.options.watch
      ? this.options.watch(settings)
      : new HidCaKeyWatcher(settings.cakeyUsbIds, { pollMs: 1000 });
    this.watcher = { key, watcher };
    return watcher;
  }

  /** The CA key's line in the device status area. */
  status(settings: CaKeySettings): DeviceStatus {
    const line = (state: DeviceStatus['state'], detail: string): DeviceStatus => ({
      kind: 'ca-key',
      label: LABEL,
      state,
      detail,
    });
    const choice = this.choose(settings);
    if (choice.kind === 'module') {
      return line(
        'ready',
        choice.training ? '培训 UKey（模拟）已就绪' : `${choice.keyModel} 已插入`,
      );
    }
    switch (choice.reason) {
      case 'not-configured':
        return line('not-configured', choice.detail);
      case 'absent':
        return line('absent', choice.detail);
      case 'driver-missing':
        return line('error', choice.detail);
    }
  }

  private choose(settings: CaKeySettings): ModuleChoice {
    if (settings.cakeyMode === 'none') {
      this.usbWatcher(settings);
      return {
        kind: 'refused',
        reason: 'not-configured',
        detail: '未启用 UKey（可在本柜台设置中启用）',
      };
    }
    if (settings.cakeyMode === 'training') {
      this.usbWatcher(settings);
      const path = findSoftHsmModule();
      if (!path || pkcs11ModuleProblem(path)) {
        return {
          kind: 'refused',
          reason: 'driver-missing',
          detail: '培训 UKey 需要本机安装 softhsm2',
        };
      }
      return { kind: 'module', path, keyModel: '培训 UKey', training: true };
    }
    const present = this.usbWatcher(settings)?.present() ?? [];
    const key = present[0];
    if (!key) {
      // A CCID-only key is invisible to HID: a configured module that lists a slot with a
      // token present (C_GetSlotList(tokenPresent)) has one. A module file alone is no key.
      // Only modules in a protected system or vendor folder are ever loaded: a setting that
      // names another file (saved before this check, or swapped since) is never enough.
      for (const path of Object.values(settings.cakeyModules)) {
        if (path === '' || !existsSync(path) || this.driverProblem(path) !== null) continue;
        const token = this.presentToken(path);
        if (token) {
          const keyModel = token.label ? `UKey（${token.label}）` : 'UKey';
          return { kind: 'module', path, keyModel, training: false };
        }
      }
      return { kind: 'refused', reason: 'absent', detail: '未插入 UKey' };
    }
    const path = settings.cakeyModules[key.vendor] ?? '';
    const problem = path ? this.driverProblem(path) : null;
    if (!path || problem) {
      return {
        kind: 'refused',
        reason: 'driver-missing',
        detail: problem
          ? `已插入 ${key.model}，但设置中的驱动不能使用：${problem}。请负责人在本柜台设置中从检测到的驱动中重新选择`
          : `已插入 ${key.model}，但未找到该厂商的驱动（PKCS#11 模块），请安装厂商驱动后在本柜台设置中选择`,
      };
    }
    return { kind: 'module', path, keyModel: key.model, training: false };
  }

  /** The first token a kept module sees now, or null (no token, or the module will not load). */
  private presentToken(path: string): CaKeyToken | null {
    try {
      const module = this.loadModule(path);
      return module.tokensNow?.()[0] ?? null;
    } catch {
      return null;
    }
  }

  /** Loads and initialises a module the first time it is needed, then keeps it. */
  private loadModule(path: string): CaKeyModule {
    const known = this.modules.get(path);
    if (known) return known;
    const module = (this.options.openModule ?? ((file) => this.openDriver(file)))(path);
    this.modules.set(path, module);
    return module;
  }

  /**
   * Why a configured driver may not be loaded, or null: it must sit in the app's vendor
   * folders or a protected system or vendor install folder (never writable by others).
   */
  private driverProblem(path: string): string | null {
    if (isAllowedLibrary(path, this.options.libraryFolders ?? { vendor: [] })) return null;
    return pkcs11ModuleProblem(path);
  }

  /**
   * A driver by its kind: an SKF library (GM/T 0016; its file name says skf) through koffi,
   * only from the allowed folders; anything else as a PKCS#11 module.
   */
  private openDriver(path: string): CaKeyModule {
    if (!/skf/i.test(basename(path))) return Pkcs11Module.open(path);
    if (!isAllowedLibrary(path, this.options.libraryFolders ?? { vendor: [] })) {
      throw new CaKeyError(
        'module-unavailable',
        `不能加载 ${path}：UKey 驱动只从本程序的 vendor-libs 文件夹或系统库文件夹加载，且不能是他人可写的文件。`,
      );
    }
    return SkfModule.open(machineKoffiForSkf, path);
  }

  /** Whether the training key is in use (the screen then shows its PIN). */
  isTraining(settings: CaKeySettings): boolean {
    return settings.cakeyMode === 'training';
  }

  /**
   * Runs one operation on the present key's module, loaded once and kept. Each operation
   * starts afresh, so a key pulled and plugged in between two is seen as itself. Refusals
   * come back as the choice.
   */
  withModule<T>(
    settings: CaKeySettings,
    operation: (module: CaKeyModule, keyModel: string) => Promise<T>,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      const choice = this.choose(settings);
      if (choice.kind === 'refused') throw new CaKeyRefusal(choice.reason, choice.detail);
      if (choice.training) {
        this.ensureTrainingToken();
        process.env.SOFTHSM2_CONF = this.trainingStore().confPath;
      }
      const module = this.loadModule(choice.path);
      module.beginOperation?.();
      return operation(module, choice.keyModel);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private get wrongPins(): Map<string, number> {
    this.wrongPinCounts ??= new Map(Object.entries(this.options.pinCounts?.load() ?? {}));
    return this.wrongPinCounts;
  }

  /** Counts a wrong PIN for the token and returns how many in a row (kept across restarts). */
  countWrongPin(token: CaKeyToken): number {
    const count = (this.wrongPins.get(token.serial) ?? 0) + 1;
    this.wrongPins.set(token.serial, count);
    this.options.pinCounts?.save(Object.fromEntries(this.wrongPins));
    return count;
  }

  /** A right PIN clears the count. */
  clearWrongPins(token: CaKeyToken): void {
    if (!this.wrongPins.delete(token.serial)) return;
    this.options.pinCounts?.save(Object.fromEntries(this.wrongPins));
  }

  private trainingStore(): SoftHsmStore {
    this.training ??= new SoftHsmStore(this.options.trainingDir, findSoftHsmModule() ?? '');
    return this.training;
  }

  /** Makes the training key's token on first use (an RSA key and its certificate). */
  private ensureTrainingToken(): void {
    const store = this.trainingStore();
    if (store.hasToken(TRAINING_KEY.label)) return;
    const now = this.options.clock.now().getTime();
    const day = 86_400_000;
    store.createToken({
      label: TRAINING_KEY.label,
      pin: TRAINING_KEY.pin,
      soPin: TRAINING_KEY.soPin,
      subject: `/CN=${TRAINING_KEY.companyName}/O=${TRAINING_KEY.companyName}/C=CN`,
      creditCodeExtension: TRAINING_KEY.creditCode,
      notBefore: new Date(now - 30 * day),
      notAfter: new Date(now + 730 * day),
    });
  }

  /** Stops watching USB and unloads the kept modules (C_Finalize once, at the end). */
  close(): void {
    this.watcher?.watcher.close();
    this.watcher = null;
    for (const module of this.modules.values()) void module.close();
    this.modules.clear();
  }
}

/** Where the wrong-PIN counts per token serial are kept between runs of the app. */
export interface WrongPinMemory {
  load(): Record<string, number>;
  save(counts: Record<string, number>): void;
}

/** The counts in the store's settings table. */
export function storedWrongPinMemory(db: Database, now: () => string): WrongPinMemory {
  const KEY = 'cakey-wrong-pins';
  return {
    load() {
      const parsed = z.record(z.string(), z.number().int().min(0)).safeParse(readSetting(db, KEY));
      return parsed.success ? parsed.data : {};
    },
    save(counts) {
      writeSetting(db, KEY, counts, now());
    },
  };
}

/** Why the desk has no module to offer: no key mode, no key, or no driver for it. */
export class CaKeyRefusal extends Error {
  constructor(
    readonly reason: 'not-configured' | 'absent' | 'driver-missing',
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'CaKeyRefusal';
  }
}

/** Whether a thrown value is the desk's refusal to pick a module. */
export function isModuleRefusal(value: unknown): value is CaKeyRefusal {
  return value instanceof CaKeyRefusal;
}

/** Whether a thrown value is a token operation's failure. */
export function isCaKeyError(value: unknown): value is CaKeyError {
  return value instanceof CaKeyError;
}
