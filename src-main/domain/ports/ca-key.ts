/** A CA key seen on USB, matched against the table of known CA key ids (IDCARD.md §6.2). */
export interface PresentCaKey {
  /** The OS device path: stable while the key stays plugged in. */
  path: string;
  vendorId: number;
  productId: number;
  /** The vendor's key in the USB id table, e.g. 'feitian'; it picks the PKCS#11 module. */
  vendor: string;
  /** The table's name of the device, e.g. 'Feitian ePass2003'. */
  model: string;
}

/** Watches USB for CA keys (polled where the OS gives no hot-plug events). */
export interface CaKeyWatcher {
  /** The keys plugged in now. */
  present(): PresentCaKey[];
  /** Calls back with the full list whenever a key appears or disappears. */
  subscribe(listener: (keys: PresentCaKey[]) => void): () => void;
  /** Stops watching. */
  close(): void;
}

/** A token (the key's chip) as PKCS#11 describes it, with the state of its user PIN. */
export interface CaKeyToken {
  /** The PKCS#11 slot id, as text (slot ids are 64-bit). */
  slot: string;
  label: string;
  manufacturer: string;
  serial: string;
  /** A wrong PIN was entered since the last good one (CKF_USER_PIN_COUNT_LOW). */
  pinCountLow: boolean;
  /** One more wrong PIN locks the key (CKF_USER_PIN_FINAL_TRY). */
  pinFinalTry: boolean;
  /** The user PIN is locked (CKF_USER_PIN_LOCKED). */
  pinLocked: boolean;
}

/** A certificate object on a token, with the id that pairs it with its private key. */
export interface TokenCertificate {
  /** CKA_ID in hex. */
  id: string;
  label: string;
  der: Uint8Array;
}

/** Which signature the key makes over the challenge. */
export type ChallengeMechanism = 'rsa-pkcs1-sha256' | 'ecdsa-sha256';

/** Why a token operation failed, as the counter explains it. */
export type CaKeyFailure =
  | 'pin-incorrect'
  | 'pin-locked'
  | 'pin-invalid'
  | 'token-removed'
  | 'no-private-key'
  | 'module-unavailable'
  | 'failed';

/** A token operation's failure: the reason and, for a wrong PIN, the token's PIN state. */
export class CaKeyError extends Error {
  constructor(
    readonly reason: CaKeyFailure,
    message: string,
    readonly token: CaKeyToken | null = null,
  ) {
    super(message);
    this.name = 'CaKeyError';
  }
}

/** A session with one token: its certificates, a PIN login and a signature. */
export interface CaKeySession {
  certificates(): Promise<TokenCertificate[]>;
  /** Logs the user in; the PIN is passed on once and never kept. */
  login(pin: string): Promise<void>;
  /** Signs with the private key whose CKA_ID matches the certificate's. */
  sign(
    certificateId: string,
    challenge: Uint8Array,
    mechanism: ChallengeMechanism,
  ): Promise<Uint8Array>;
  /** Logs out and closes the session. */
  close(): Promise<void>;
}

/** One PKCS#11 module opened: the tokens it sees and sessions with them. */
export interface CaKeyModule {
  /** The tokens present now: slots listed by C_GetSlotList(tokenPresent = true). */
  tokens(): Promise<CaKeyToken[]>;
  /**
   * Starts an operation afresh: a module kept loaded between operations forgets which
   * token it saw in which slot, so a key swapped in between is seen as itself.
   */
  beginOperation?(): void;
  /** The tokens present now, synchronously, for the device status line. */
  tokensNow?(): CaKeyToken[];
  openSession(slot: string): Promise<CaKeySession>;
  /** Closes every session and unloads the module. */
  close(): Promise<void>;
}
