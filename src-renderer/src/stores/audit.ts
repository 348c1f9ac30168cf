import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditEntry, AuditVerification } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/errors';
import { onSessionEnd } from './session';

/** How many recent audit rows the screen shows. */
export const AUDIT_PAGE_SIZE = 100;

/** The audit log screen: recent rows and the result of the last hash-chain check. */
export const useAuditStore = defineStore('audit', () => {
  const entries = ref<AuditEntry[]>([]);
  const verification = ref<AuditVerification | null>(null);
  const loading = ref(false);
  const verifying = ref(false);

  /** Loads the most recent rows. */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.audit.recent({ limit: AUDIT_PAGE_SIZE });
    loading.value = false;
    if (result.ok) entries.value = result.value;
    else showError(result.error);
  }

  /** Recomputes the hash chain over the whole log. */
  async function verify(): Promise<void> {
    verifying.value = true;
    verification.value = null;
    const result = await api.audit.verify({});
    verifying.value = false;
    if (result.ok) verification.value = result.value;
    else showError(result.error);
  }

  onSessionEnd(() => {
    entries.value = [];
    verification.value = null;
  });

  return { entries, verification, loading, verifying, load, verify };
});
