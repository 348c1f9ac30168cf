/** Failed logins in a row that lock an account (5 failures, 15 minutes). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/** The lock state an account is in at a given time. */
export interface LockState {
  failedAttempts: number;
  lockedUntil: string | null;
}

/** True while a lock is in force at `now`. */
export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && new Date(state.lockedUntil).getTime() > now.getTime();
}

/**
 * The state after one more wrong password. An expired lock starts a fresh count, so a clerk who
 * waited out the lock gets five new tries.
 */
export function afterFailedLogin(state: LockState, now: Date): LockState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedAttempts = (expired ? 0 : state.failedAttempts) + 1;
  if (failedAttempts >= MAX_FAILED_LOGINS) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    return { failedAttempts, lockedUntil: until.toISOString() };
  }
  return { failedAttempts, lockedUntil: null };
}
