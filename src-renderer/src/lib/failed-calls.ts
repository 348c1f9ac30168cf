import type { ContractErrorPayload } from '../../../src-main/contract';

/**
 * Which call each error envelope came from, and the red toasts still on screen for a failed
 * call. Kept apart from the toasts themselves (error-toasts.ts), which need Element Plus: the
 * API wrapper notes every failure from the first call on, before the login screen has loaded
 * Element Plus's script.
 */
const failedChannels = new WeakMap<ContractErrorPayload, string>();
const openErrorToasts = new Map<{ close(): void }, string | null>();

/** Notes the channel of a failed call (the API wrapper tells, see main.ts). */
export function noteFailedCall(error: ContractErrorPayload, channel: string): void {
  failedChannels.set(error, channel);
}

/** Keeps a toast for `error` until it closes, or until the same call succeeds. */
export function trackErrorToast(toast: { close(): void }, error: ContractErrorPayload): void {
  openErrorToasts.set(toast, failedChannels.get(error) ?? null);
}

/** The toast closed by itself or by the user. */
export function untrackErrorToast(toast: { close(): void }): void {
  openErrorToasts.delete(toast);
}

/**
 * Closes the red toasts of earlier failures of a call once the same call succeeds (a failed
 * counter registration's toast must not stand over the header after registration worked).
 */
export function dismissErrorsAfter(channel: string): void {
  for (const [toast, failed] of [...openErrorToasts]) {
    if (failed !== channel) continue;
    openErrorToasts.delete(toast);
    toast.close();
  }
}
