import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Clerk, Envelope, RequestOf } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** The supervisor's list of counter accounts and the changes made to them. */
export const useClerksStore = defineStore('clerks', () => {
  const clerks = ref<Clerk[]>([]);
  const loading = ref(false);

  /** Loads every account of this counter. */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.clerks.list({});
    loading.value = false;
    if (result.ok) clerks.value = result.value;
    else showError(result.error);
  }

  function replace(clerk: Clerk): void {
    const index = clerks.value.findIndex((c) => c.id === clerk.id);
    if (index >= 0) clerks.value.splice(index, 1, clerk);
    else clerks.value.push(clerk);
  }

  /** Creates an account; the form shows the error, if any. */
  async function create(request: RequestOf<'clerks:create'>): Promise<Envelope<Clerk>> {
    const result = await api.clerks.create(request);
    if (result.ok) replace(result.value);
    return result;
  }

  /** Disables or re-enables an account. */
  async function setDisabled(id: number, disabled: boolean): Promise<Envelope<Clerk>> {
    const result = await api.clerks.setDisabled({ id, disabled });
    if (result.ok) replace(result.value);
    return result;
  }

  /** Sets a new password that the clerk must change at the next login; lifts a lockout. */
  async function resetPassword(id: number, newPassword: string): Promise<Envelope<Clerk>> {
    const result = await api.clerks.resetPassword({ id, newPassword });
    if (result.ok) replace(result.value);
    return result;
  }

  onSessionEnd(() => {
    clerks.value = [];
  });

  return { clerks, loading, load, create, setDisabled, resetPassword };
});
