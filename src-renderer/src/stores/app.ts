import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppStatus, ContractErrorPayload } from '../../../src-main/contract';
import { api } from '../api';
import { afterNextPaint, firstActionOrAfter } from '../lib/defer';
import { loginBeforeAnswers, takeStartupCalls } from '../startup-calls';
import { useSessionStore } from './session';

/** How long a login shown before the core's answers waits for the clerk before asking. */
const ASK_CORE_LATEST_MS = 800;

/** Where start-up stands: still checking, the core unreachable, or the core's own state. */
export type AppPhase = 'booting' | 'unreachable' | AppStatus['state'];

/** Start-up check (app:status, then the session) and the hall's name for the header. */
export const useAppStore = defineStore('app', () => {
  const status = ref<AppStatus | null>(null);
  const bootError = ref<ContractErrorPayload | null>(null);
  /** Set up and signed out, as the page was told, until the core's own answers replace it. */
  const presumedSignedOut = ref(loginBeforeAnswers);
  let booting: Promise<void> | null = null;

  const phase = computed<AppPhase>(() => {
    if (bootError.value) return 'unreachable';
    return status.value?.state ?? (presumedSignedOut.value ? 'ready' : 'booting');
  });
  const hallName = computed(() => status.value?.hallName ?? '');

  async function boot(): Promise<void> {
    // The session is asked alongside the status (it answers before setup too): one round trip
    // less before the first screen. The first start takes the answers already on their way.
    // Shown signed out already (startup-calls.ts): the first question makes the browser shell
    // load its core, a fifth of a second of work on a counter PC's two cores. It waits until
    // the clerk first types or clicks, or the login has stood a moment, not while the browser
    // still draws the form; the core is ready long before the clerk has typed a password.
    if (presumedSignedOut.value) await firstActionOrAfter(ASK_CORE_LATEST_MS).then(afterNextPaint);
    const early = takeStartupCalls();
    const [result] = await Promise.all([
      early?.status ?? api.app.status({}),
      useSessionStore().refresh(early?.session),
    ]);
    presumedSignedOut.value = false;
    if (!result.ok) {
      bootError.value = result.error;
      return;
    }
    bootError.value = null;
    status.value = result.value;
  }

  /** Runs the start-up check once; every navigation waits for it. */
  function ensureBooted(): Promise<void> {
    booting ??= boot();
    return booting;
  }

  /** Runs the start-up check again (the 重试 button after the core was unreachable). */
  function retry(): Promise<void> {
    status.value = null;
    bootError.value = null;
    booting = null;
    return ensureBooted();
  }

  /** Records that the core answered SETUP_REQUIRED or SETUP_ALREADY_DONE. */
  function setState(state: 'ready' | 'setup-required'): void {
    if (status.value) status.value = { ...status.value, state };
  }

  /** Shows a hall name saved in the settings screen. */
  function setHallName(name: string): void {
    if (status.value) status.value = { ...status.value, hallName: name };
  }

  return {
    status,
    bootError,
    presumedSignedOut,
    phase,
    hallName,
    ensureBooted,
    retry,
    setState,
    setHallName,
  };
});
