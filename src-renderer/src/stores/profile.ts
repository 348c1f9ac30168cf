import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ProvinceProfile } from '../../../src-main/domain/profile';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** The province profile in force: case types, fields and rules the forms check against. */
export const useProfileStore = defineStore('profile', () => {
  const profile = ref<ProvinceProfile | null>(null);

  /** Loads the profile once per session (it changes only when the supervisor switches it). */
  async function ensure(): Promise<ProvinceProfile | null> {
    if (profile.value) return profile.value;
    const result = await api.profile.current({});
    if (result.ok) profile.value = result.value;
    else showError(result.error);
    return profile.value;
  }

  /** Forgets the profile, e.g. after the supervisor chose another province. */
  function reset(): void {
    profile.value = null;
  }

  onSessionEnd(reset);

  return { profile, ensure, reset };
});
