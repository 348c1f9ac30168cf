import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SyncEntry, SyncStatus } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** The sync indicator and the queue screen: the line to the central platform. */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null);
  const queue = ref<SyncEntry[]>([]);
  const busy = ref(false);

  /** Reads the indicator's state; quiet on failure (the indicator just keeps its last state). */
  async function refresh(): Promise<void> {
    const result = await api.sync.status({});
    if (result.ok) status.value = result.value;
  }

  /** Reads the queue for the queue screen. */
  async function loadQueue(): Promise<void> {
    const result = await api.sync.queue({});
    if (result.ok) queue.value = result.value;
    else showError(result.error);
  }

  /** Sends now: every waiting case, or one. */
  async function retryNow(caseNumber?: string): Promise<void> {
    busy.value = true;
    const result = await api.sync.retryNow(caseNumber ? { caseNumber } : {});
    busy.value = false;
    if (result.ok) status.value = result.value;
    else showError(result.error);
    await loadQueue();
  }

  /** The supervisor registers this counter's key with the platform. */
  async function register(enrolmentCode: string): Promise<boolean> {
    busy.value = true;
    const result = await api.sync.registerCounter({ enrolmentCode });
    busy.value = false;
    if (result.ok) status.value = result.value;
    else showError(result.error);
    return result.ok;
  }

  onSessionEnd(() => {
    status.value = null;
    queue.value = [];
  });

  return { status, queue, busy, refresh, loadQueue, retryNow, register };
});
