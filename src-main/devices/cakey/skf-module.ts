import type {
  CaKeyModule,
  CaKeySession,
  CaKeyToken,
  TokenCertificate,
} from '../../domain/ports/ca-key';
import { CaKeyError } from '../../domain/ports/ca-key';
import { CA_KEY_MESSAGES } from './pkcs11-module';

/**
 * Chinese CA keys that speak only SKF (GM/T 0016-2012), through the CA's driver library and
 * koffi: devices, applications, containers, the signing certificate (SM2 mostly) and the
 * user PIN with its retry count. The library comes from the allowed folders like any other.
 */

/** SKF's result codes the counter tells apart (haitaibrowser skf_meth.h, IDCARD.md §6.1). */
export const SAR = {
  OK: 0x00000000,
  CERT_NOT_FOUND: 0x0a00001c,
  BUFFER_TOO_SMALL: 0x0a000020,
  DEVICE_REMOVED: 0x0a000023,
  PIN_INCORRECT: 0x0a000024,
  PIN_LOCKED: 0x0a000025,
  USER_NOT_LOGGED_IN: 0x0a00002d,
} as const;

const USER_PIN = 1;

/** A koffi function as the module calls it: numbers, buffers, handle holders in; a code out. */
type SkfCall = (...args: unknown[]) => unknown;

/** The part of koffi the module uses. */
export interface KoffiForSkf {
  load(path: string): { func(definition: string): SkfCall; unload(): void };
}

function splitNames(bytes: Uint8Array, size: number): string[] {
  return new TextDecoder()
    .decode(bytes.subarray(0, size))
    .split('\0')
    .filter((name) => name !== '');
}

/** The SKF driver of one CA, loaded once. */
export class SkfModule implements CaKeyModule {
  private readonly fns: Record<string, SkfCall>;

  private constructor(
    private readonly library: ReturnType<KoffiForSkf['load']>,
    readonly path: string,
  ) {
    const declare = (definition: string): SkfCall => library.func(definition);
    this.fns = {
      enumDev: declare(
        'uint32_t SKF_EnumDev(int bPresent, uint8_t *szNameList, uint32_t *pulSize)',
      ),
      connect: declare('uint32_t SKF_ConnectDev(const char *szName, _Out_ void **phDev)'),
      disconnect: declare('uint32_t SKF_DisConnectDev(void *hDev)'),
      enumApp: declare(
        'uint32_t SKF_EnumApplication(void *hDev, uint8_t *szAppName, uint32_t *pulSize)',
      ),
      openApp: declare(
        'uint32_t SKF_OpenApplication(void *hDev, const char *szAppName, _Out_ void **phApp)',
      ),
      closeApp: declare('uint32_t SKF_CloseApplication(void *hApp)'),
      pinInfo: declare(
        'uint32_t SKF_GetPINInfo(void *hApp, uint32_t ulPINType, uint32_t *pulMaxRetryCount, uint32_t *pulRemainRetryCount, int *pbDefaultPin)',
      ),
      verifyPin: declare(
        'uint32_t SKF_VerifyPIN(void *hApp, uint32_t ulPINType, const char *szPIN, uint32_t *pulRetryCount)',
      ),
      enumContainer: declare(
        'uint32_t SKF_EnumContainer(void *hApp, uint8_t *szContainerName, uint32_t *pulSize)',
      ),
      openContainer: declare(
        'uint32_t SKF_OpenContainer(void *hApp, const char *szContainerName, _Out_ void **phContainer)',
      ),
      closeContainer: declare('uint32_t SKF_CloseContainer(void *hContainer)'),
      exportCert: declare(
        'uint32_t SKF_ExportCertificate(void *hContainer, int bSignFlag, uint8_t *pbCert, uint32_t *pulCertLen)',
      ),
    };
  }

  /** Loads the driver; one without the SKF functions is refused in words. */
  static open(koffi: KoffiForSkf, path: string): SkfModule {
    let library: ReturnType<KoffiForSkf['load']> | null = null;
    try {
      library = koffi.load(path);
      return new SkfModule(library, path);
    } catch {
      library?.unload();
      throw new CaKeyError(
        'module-unavailable',
        `无法加载 UKey 驱动（SKF 接口库 ${path}）。请安装 CA 机构提供的驱动，或在设置中另选驱动。`,
      );
    }
  }

  private code(name: string, ...args: unknown[]): number {
    const fn = this.fns[name];
    const result = fn ? fn(...args) : SAR.OK;
    return typeof result === 'number' ? result >>> 0 : 0x0a000001;
  }

  private names(name: string, ...handle: unknown[]): string[] {
    const buffer = new Uint8Array(4096);
    const size = new Uint32Array([buffer.length]);
    const code = this.code(name, ...handle, buffer, size);
    if (code === SAR.DEVICE_REMOVED) throw removed(null);
    if (code !== SAR.OK) return [];
    return splitNames(buffer, size[0] ?? 0);
  }

  /** Opens a device's first application; calls back; closes both. */
  private withApplication<T>(device: string, use: (app: unknown) => T): T {
    const dev: unknown[] = [null];
    if (this.code('connect', device, dev) !== SAR.OK) throw removed(null);
    try {
      const [appName] = this.names('enumApp', dev[0]);
      if (!appName) throw new CaKeyError('failed', CA_KEY_MESSAGES.failed, null);
      const app: unknown[] = [null];
      const opened = this.code('openApp', dev[0], appName, app);
      if (opened === SAR.DEVICE_REMOVED) throw removed(null);
      if (opened !== SAR.OK) throw new CaKeyError('failed', CA_KEY_MESSAGES.failed, null);
      try {
        return use(app[0]);
      } finally {
        this.code('closeApp', app[0]);
      }
    } finally {
      this.code('disconnect', dev[0]);
    }
  }

  private tokenOf(device: string, app: unknown): CaKeyToken {
    const max = new Uint32Array(1);
    const remain = new Uint32Array(1);
    const isDefault = new Int32Array(1);
    const code = this.code('pinInfo', app, USER_PIN, max, remain, isDefault);
    const known = code === SAR.OK;
    const left = remain[0] ?? 0;
    return {
      slot: Buffer.from(device, 'utf8').toString('hex'),
      label: device,
      manufacturer: 'SKF',
      serial: device,
      pinCountLow: known && left < (max[0] ?? 0),
      pinFinalTry: known && left === 1,
      pinLocked: known && left === 0,
    };
  }

  /** The keys present now (SKF_EnumDev with bPresent = TRUE). */
  tokensNow(): CaKeyToken[] {
    return this.names('enumDev', 1).map((device) =>
      this.withApplication(device, (app) => this.tokenOf(device, app)),
    );
  }

  tokens(): Promise<CaKeyToken[]> {
    try {
      return Promise.resolve(this.tokensNow());
    } catch (error) {
      return Promise.reject(error instanceof CaKeyError ? error : removed(null));
    }
  }

  openSession(slot: string): Promise<CaKeySession> {
    const device = Buffer.from(slot, 'hex').toString('utf8');
    if (!this.names('enumDev', 1).includes(device)) return Promise.reject(removed(null));
    return Promise.resolve(new SkfSession(this, device));
  }

  /** Runs one step inside the device's application (for the session). */
  inApplication<T>(device: string, use: (app: unknown, token: CaKeyToken) => T): T {
    return this.withApplication(device, (app) => use(app, this.tokenOf(device, app)));
  }

  /** The signing certificate of each container of the application. */
  certificatesIn(app: unknown): TokenCertificate[] {
    const found: TokenCertificate[] = [];
    for (const name of this.names('enumContainer', app)) {
      const container: unknown[] = [null];
      if (this.code('openContainer', app, name, container) !== SAR.OK) continue;
      try {
        const der = new Uint8Array(8192);
        const size = new Uint32Array([der.length]);
        const code = this.code('exportCert', container[0], 1, der, size);
        if (code === SAR.DEVICE_REMOVED) throw removed(null);
        if (code === SAR.OK) {
          found.push({ id: name, label: name, der: der.slice(0, size[0] ?? 0) });
        }
      } finally {
        this.code('closeContainer', container[0]);
      }
    }
    return found;
  }

  /** SKF_VerifyPIN, its result code and the tries left. */
  verifyPin(app: unknown, pin: string): { code: number; left: number } {
    const retry = new Uint32Array(1);
    const code = this.code('verifyPin', app, USER_PIN, pin, retry);
    return { code, left: retry[0] ?? 0 };
  }

  close(): Promise<void> {
    try {
      this.library.unload();
    } catch {
      // Already unloaded.
    }
    return Promise.resolve();
  }
}

function removed(token: CaKeyToken | null): CaKeyError {
  return new CaKeyError('token-removed', CA_KEY_MESSAGES.removed, token);
}

/** A session with one SKF key: its certificates and the PIN check. */
class SkfSession implements CaKeySession {
  constructor(
    private readonly module: SkfModule,
    private readonly device: string,
  ) {}

  certificates(): Promise<TokenCertificate[]> {
    return this.guard(() =>
      this.module.inApplication(this.device, (app) => this.module.certificatesIn(app)),
    );
  }

  login(pin: string): Promise<void> {
    return this.guard(() =>
      this.module.inApplication(this.device, (app, token) => {
        // A key that says its PIN is locked is not asked again.
        if (token.pinLocked) throw new CaKeyError('pin-locked', CA_KEY_MESSAGES.pinLocked, token);
        const { code, left } = this.module.verifyPin(app, pin);
        const after = {
          ...token,
          pinFinalTry: left === 1,
          pinLocked: left === 0,
          pinCountLow: true,
        };
        if (code === SAR.OK) return;
        if (code === SAR.PIN_INCORRECT) {
          throw new CaKeyError('pin-incorrect', CA_KEY_MESSAGES.pinIncorrect, after);
        }
        if (code === SAR.PIN_LOCKED)
          throw new CaKeyError('pin-locked', CA_KEY_MESSAGES.pinLocked, after);
        if (code === SAR.DEVICE_REMOVED) throw removed(token);
        throw new CaKeyError('failed', CA_KEY_MESSAGES.failed, token);
      }),
    );
  }

  /**
   * SM2 signatures through SKF need the SM3 hash with the signer's Z value, which node's
   * crypto does not compute; the proof for SKF keys rests on the PIN (as for SM2 keys
   * through PKCS#11), so a signature is never asked for.
   */
  sign(): Promise<Uint8Array> {
    return Promise.reject(new CaKeyError('failed', CA_KEY_MESSAGES.failed, null));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private guard<T>(operation: () => T): Promise<T> {
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error instanceof CaKeyError ? error : removed(null));
    }
  }
}
