/**
 * Keeps the counter's master key: Electron safeStorage (OS keychain) in the desktop shell, a
 * 0600 key file in the browser shell (DESIGN.md, Data). The database key and the attachment
 * key are derived from it, so it is the only secret that touches the disk.
 */
export interface SecretStore {
  /** A short Chinese description of where the key lives, for the startup error screen. */
  readonly description: string;
  /** Returns the stored master key, or null on first run. */
  loadMasterKey(): Uint8Array | null;
  /** Stores a freshly generated master key; called once, on first run. */
  saveMasterKey(key: Uint8Array): void;
}
