import type Pkcs11js from 'pkcs11js';
import type {
  CaKeyModule,
  CaKeySession,
  CaKeyToken,
  ChallengeMechanism,
  TokenCertificate,
} from '../../domain/ports/ca-key';
import { CaKeyError } from '../../domain/ports/ca-key';
import { pkcs11jsPackage as pkcs11js } from '../lazy-package';

/** The words the counter says for each PKCS#11 failure (never with the PIN in them). */
export const CA_KEY_MESSAGES = {
  pinIncorrect: 'UKey 的 PIN 码不正确。',
  pinLocked:
    'UKey 的 PIN 码已被锁定（连续输错次数过多）。本窗口无法解锁，请申请人联系发证 CA 机构解锁或重置 PIN 码后再办理。',
  pinInvalid: 'PIN 码的长度或字符不符合这个 UKey 的要求，请申请人核对后重新输入。',
  removed: 'UKey 在操作过程中被拔出，本次操作未完成。请重新插好 UKey，再读一次证书。',
  noPrivateKey:
    'UKey 中没有与该证书配对的私钥，无法完成签名验证。请确认插入的是本单位的 CA 证书 UKey。',
  failed: 'UKey 操作失败。请拔下 UKey 重新插好后再试；如仍失败，请核对本柜台设置中的驱动路径。',
} as const;

/** Whether a code means the token or its session is gone (PKCS#11 v2.40 §5.1). */
function meansRemoved(code: number): boolean {
  const p = pkcs11js();
  return [
    p.CKR_DEVICE_REMOVED,
    p.CKR_TOKEN_NOT_PRESENT,
    p.CKR_SESSION_HANDLE_INVALID,
    p.CKR_SESSION_CLOSED,
    p.CKR_DEVICE_ERROR,
    p.CKR_TOKEN_NOT_RECOGNIZED,
  ].includes(code);
}

function mechanismOf(challenge: ChallengeMechanism): number {
  const p = pkcs11js();
  return challenge === 'rsa-pkcs1-sha256' ? p.CKM_SHA256_RSA_PKCS : p.CKM_ECDSA_SHA256;
}

function codeOf(error: unknown): number | null {
  return error instanceof pkcs11js().Pkcs11Error ? error.code : null;
}

/** Reads the token flags of a slot into the port's shape. */
function tokenFrom(slot: Buffer, info: Pkcs11js.TokenInfo): CaKeyToken {
  return {
    slot: slot.toString('hex'),
    label: info.label.trim(),
    manufacturer: info.manufacturerID.trim(),
    serial: info.serialNumber.trim(),
    pinCountLow: (info.flags & pkcs11js().CKF_USER_PIN_COUNT_LOW) !== 0,
    pinFinalTry: (info.flags & pkcs11js().CKF_USER_PIN_FINAL_TRY) !== 0,
    pinLocked: (info.flags & pkcs11js().CKF_USER_PIN_LOCKED) !== 0,
  };
}

/**
 * The counter's explanation of a PKCS#11 error. Some modules (SoftHSM among them) answer a
 * pulled token with a general error or an invalid object handle, so the caller says whether
 * the token is still there and a vanished token always reads as "removed".
 */
export function caKeyErrorFrom(
  error: unknown,
  token: CaKeyToken | null,
  tokenStillPresent: boolean,
): CaKeyError {
  const code = codeOf(error);
  if ((code !== null && meansRemoved(code)) || !tokenStillPresent) {
    return new CaKeyError('token-removed', CA_KEY_MESSAGES.removed, token);
  }
  if (error instanceof CaKeyError) return error;
  if (code === pkcs11js().CKR_PIN_INCORRECT) {
    return new CaKeyError('pin-incorrect', CA_KEY_MESSAGES.pinIncorrect, token);
  }
  if (code === pkcs11js().CKR_PIN_LOCKED) {
    return new CaKeyError('pin-locked', CA_KEY_MESSAGES.pinLocked, token);
  }
  if (code === pkcs11js().CKR_PIN_INVALID || code === pkcs11js().CKR_PIN_LEN_RANGE) {
    return new CaKeyError('pin-invalid', CA_KEY_MESSAGES.pinInvalid, token);
  }
  return new CaKeyError('failed', CA_KEY_MESSAGES.failed, token);
}

/** A session with one token through pkcs11js(). */
class Pkcs11Session implements CaKeySession {
  private loggedIn = false;

  constructor(
    private readonly module: Pkcs11Module,
    private readonly slot: Buffer,
    private readonly handle: Buffer,
  ) {}

  certificates(): Promise<TokenCertificate[]> {
    return this.guard(() => {
      const lib = this.module.lib;
      lib.C_FindObjectsInit(this.handle, [
        { type: pkcs11js().CKA_CLASS, value: pkcs11js().CKO_CERTIFICATE },
        { type: pkcs11js().CKA_CERTIFICATE_TYPE, value: pkcs11js().CKC_X_509 },
      ]);
      const objects = lib.C_FindObjects(this.handle, 64);
      lib.C_FindObjectsFinal(this.handle);
      return objects.map((object) => {
        const [id, label, value] = lib.C_GetAttributeValue(this.handle, object, [
          { type: pkcs11js().CKA_ID },
          { type: pkcs11js().CKA_LABEL },
          { type: pkcs11js().CKA_VALUE },
        ]);
        return {
          id: Buffer.isBuffer(id?.value) ? id.value.toString('hex') : '',
          label: Buffer.isBuffer(label?.value) ? label.value.toString('utf8') : '',
          der: Buffer.isBuffer(value?.value) ? new Uint8Array(value.value) : new Uint8Array(),
        };
      });
    });
  }

  login(pin: string): Promise<void> {
    return this.guard(() => {
      // A token that says its PIN is locked is not asked again: each try could count.
      const token = this.module.tokenAt(this.slot);
      if (token?.pinLocked) throw new CaKeyError('pin-locked', CA_KEY_MESSAGES.pinLocked, token);
      try {
        this.module.lib.C_Login(this.handle, pkcs11js().CKU_USER, pin);
      } catch (error) {
        if (codeOf(error) !== pkcs11js().CKR_USER_ALREADY_LOGGED_IN) throw error;
      }
      this.loggedIn = true;
    });
  }

  sign(
    certificateId: string,
    challenge: Uint8Array,
    mechanism: ChallengeMechanism,
  ): Promise<Uint8Array> {
    return this.guard(() => {
      const lib = this.module.lib;
      lib.C_FindObjectsInit(this.handle, [
        { type: pkcs11js().CKA_CLASS, value: pkcs11js().CKO_PRIVATE_KEY },
        { type: pkcs11js().CKA_ID, value: Buffer.from(certificateId, 'hex') },
      ]);
      const key = lib.C_FindObjects(this.handle);
      lib.C_FindObjectsFinal(this.handle);
      if (!key) {
        throw new CaKeyError('no-private-key', CA_KEY_MESSAGES.noPrivateKey, null);
      }
      lib.C_SignInit(this.handle, { mechanism: mechanismOf(mechanism) }, key);
      const signature = lib.C_Sign(this.handle, Buffer.from(challenge), Buffer.alloc(1024));
      return new Uint8Array(signature);
    });
  }

  close(): Promise<void> {
    try {
      if (this.loggedIn) this.module.lib.C_Logout(this.handle);
    } catch {
      // A pulled token has no session left to log out of.
    }
    try {
      this.module.lib.C_CloseSession(this.handle);
    } catch {
      // As above.
    }
    return Promise.resolve();
  }

  private guard<T>(operation: () => T): Promise<T> {
    try {
      return Promise.resolve(operation());
    } catch (error) {
      const token = this.module.tokenAt(this.slot);
      return Promise.reject(caKeyErrorFrom(error, token, token !== null));
    }
  }
}

/**
 * A vendor's PKCS#11 module through pkcs11js (IDCARD.md §6.1). Tokens are read fresh on
 * each call, so a key plugged in after the module was opened is seen.
 */
export class Pkcs11Module implements CaKeyModule {
  /** The loaded library; sessions call through it. */
  readonly lib: Pkcs11js.PKCS11;
  private readonly serials = new Map<string, string>();

  private constructor(lib: Pkcs11js.PKCS11) {
    this.lib = lib;
  }

  /** Loads and initialises the module at `path`; a missing or broken module is explained. */
  static open(path: string): Pkcs11Module {
    const lib = new (pkcs11js().PKCS11)();
    try {
      lib.load(path);
      lib.C_Initialize();
    } catch {
      throw new CaKeyError(
        'module-unavailable',
        `无法加载 UKey 驱动（PKCS#11 模块 ${path}）。请在“本柜台设置”中核对该厂商的驱动路径，或安装 CA 机构提供的驱动。`,
      );
    }
    return new Pkcs11Module(lib);
  }

  tokens(): Promise<CaKeyToken[]> {
    try {
      return Promise.resolve(this.tokensNow());
    } catch (error) {
      return Promise.reject(caKeyErrorFrom(error, null, true));
    }
  }

  /**
   * The tokens present now (C_GetSlotList with tokenPresent = true): the truth of "a key is
   * plugged in" for keys the USB id table does not know. Throws what the module throws.
   */
  tokensNow(): CaKeyToken[] {
    return (
      this.lib
        .C_GetSlotList(true)
        .map((slot) => this.tokenAt(slot))
        // SoftHSM always offers one empty slot for a new token: it is no key.
        .filter((token): token is CaKeyToken => token !== null && token.serial !== '')
    );
  }

  beginOperation(): void {
    this.serials.clear();
  }

  /** The token in a slot now, or null when it is gone or uninitialised. */
  tokenAt(slot: Buffer): CaKeyToken | null {
    try {
      const info = this.lib.C_GetTokenInfo(slot);
      if ((info.flags & pkcs11js().CKF_TOKEN_INITIALIZED) === 0) return null;
      const token = tokenFrom(slot, info);
      // A different serial in the same slot is another key: the first one was removed.
      const known = this.serials.get(token.slot);
      if (known !== undefined && known !== token.serial) return null;
      return token;
    } catch {
      return null;
    }
  }

  openSession(slotHex: string): Promise<CaKeySession> {
    const slot = Buffer.from(slotHex, 'hex');
    const token = this.tokenAt(slot);
    if (!token) {
      return Promise.reject(new CaKeyError('token-removed', CA_KEY_MESSAGES.removed, null));
    }
    this.serials.set(token.slot, token.serial);
    try {
      const handle = this.lib.C_OpenSession(slot, pkcs11js().CKF_SERIAL_SESSION);
      return Promise.resolve(new Pkcs11Session(this, slot, handle));
    } catch (error) {
      return Promise.reject(caKeyErrorFrom(error, token, this.tokenAt(slot) !== null));
    }
  }

  close(): Promise<void> {
    try {
      this.lib.C_Finalize();
    } catch {
      // Already finalised.
    }
    try {
      this.lib.close();
    } catch {
      // Already unloaded.
    }
    return Promise.resolve();
  }
}
