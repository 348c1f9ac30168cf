import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Envelope, RequestOf, SessionState, SessionUser } from '../../../src-main/contract';
import { api } from '../api';
import { roleLabel } from '../lib/format';

const sessionEndListeners = new Set<() => void>();

/**
 * Registers a reset to run when the session ends (logout, expiry), so the next clerk at this
 * counter never sees what the previous one loaded.
 */
export function onSessionEnd(listener: () => void): void {
  sessionEndListeners.add(listener);
}

/** Who is logged in at this counter, whether the screen is locked, and the idle-lock limit. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const locked = ref(false);
  const idleLockMinutes = ref(5);

  const isSupervisor = computed(() => user.value?.role === 'supervisor');
  const mustChangePassword = computed(() => user.value?.mustChangePassword === true);
  const userLabel = computed(() =>
    user.value ? `${user.value.displayName}（${roleLabel(user.value.role)}）` : '',
  );

  /** Reloads the session from the core (after start, login or setup); or takes `answer`. */
  async function refresh(answer?: Promise<Envelope<SessionState>>): Promise<void> {
    const result = await (answer ?? api.auth.session({}));
    if (!result.ok) return;
    user.value = result.value.user;
    locked.value = result.value.user !== null && result.value.locked;
    idleLockMinutes.value = result.value.idleLockMinutes;
  }

  /** Accepts the user a login or the first-run setup returned. */
  async function begin(sessionUser: SessionUser): Promise<void> {
    user.value = sessionUser;
    locked.value = false;
    await refresh();
  }

  /** Logs in; the caller shows the error, if any. */
  async function login(username: string, password: string): Promise<Envelope<SessionUser>> {
    const result = await api.auth.login({ username, password });
    if (result.ok) await begin(result.value);
    return result;
  }

  /** First run: creates the supervisor account, which the core also logs in. */
  async function createSupervisor(
    request: RequestOf<'setup:createSupervisor'>,
  ): Promise<Envelope<SessionUser>> {
    const result = await api.setup.createSupervisor(request);
    if (result.ok) await begin(result.value);
    return result;
  }

  /** Forgets the user locally and tells every screen store to drop what it loaded. */
  function end(): void {
    user.value = null;
    locked.value = false;
    for (const listener of sessionEndListeners) listener();
  }

  /** Logs out at the core, then locally even if the core could not be reached. */
  async function logout(): Promise<void> {
    await api.auth.logout({});
    end();
  }

  /**
   * Locks the screen at once, then tells the core: the overlay must not wait for a round trip
   * (and stays up even if the core cannot be reached).
   */
  async function lock(reason: 'manual' | 'idle'): Promise<void> {
    if (!user.value) return;
    locked.value = true;
    await api.auth.lock({ reason });
  }

  /** Marks the screen locked because the core answered SESSION_LOCKED. */
  function markLocked(): void {
    if (user.value) locked.value = true;
  }

  /** Unlocks with the locked user's own password. */
  async function unlock(password: string): Promise<Envelope<SessionUser>> {
    const result = await api.auth.unlock({ password });
    if (result.ok) {
      user.value = result.value;
      locked.value = false;
    }
    return result;
  }

  /** Changes the logged-in user's password (required after a reset or for a new account). */
  async function changePassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<Envelope<SessionUser>> {
    const result = await api.auth.changePassword({ currentPassword, newPassword });
    if (result.ok) user.value = result.value;
    return result;
  }

  /** Applies a new idle-lock limit saved in the settings screen. */
  function setIdleLockMinutes(minutes: number): void {
    idleLockMinutes.value = minutes;
  }

  return {
    user,
    locked,
    idleLockMinutes,
    isSupervisor,
    mustChangePassword,
    userLabel,
    refresh,
    begin,
    login,
    createSupervisor,
    end,
    logout,
    lock,
    markLocked,
    unlock,
    changePassword,
    setIdleLockMinutes,
  };
});
