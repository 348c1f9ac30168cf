import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HomeSummary } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** The home screen's figures for today and the state of the counter's devices. */
export const useHomeStore = defineStore('home', () => {
  const summary = ref<HomeSummary | null>(null);
  const loading = ref(false);

  /** Loads today's figures and the device states. */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.home.summary({});
    loading.value = false;
    if (result.ok) summary.value = result.value;
    else showError(result.error);
  }

  onSessionEnd(() => {
    summary.value = null;
  });

  return { summary, loading, load };
});
