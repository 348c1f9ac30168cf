import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Envelope, Settings } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { useAppStore } from './app';
import { useProfileStore } from './profile';
import { onSessionEnd, useSessionStore } from './session';

/** This counter's settings: the hall's name and code, and the idle-lock limit. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const loading = ref(false);

  /** Loads the saved settings. */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.settings.get({});
    loading.value = false;
    if (result.ok) settings.value = result.value;
    else showError(result.error);
  }

  /** Saves the settings and applies them at once (header name, idle lock). */
  async function save(next: Partial<Settings>): Promise<Envelope<Settings>> {
    const result = await api.settings.update(next);
    if (result.ok) {
      settings.value = result.value;
      useAppStore().setHallName(result.value.hallName);
      useSessionStore().setIdleLockMinutes(result.value.idleLockMinutes);
      // Another province means other case types and rules: load them afresh.
      useProfileStore().reset();
    }
    return result;
  }

  onSessionEnd(() => {
    settings.value = null;
  });

  return { settings, loading, load, save };
});
