import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { AuditRow, AuditVerification, Clerk } from '../../../src-main/contract';
import { api } from '../api';
import { showError } from '../lib/error-toasts';
import { onSessionEnd } from './session';

/** How many audit rows one page shows. */
export const AUDIT_PAGE_SIZE = 50;

/** The viewer's filters as the form holds them; empty means "any". */
export interface AuditFilterForm {
  actorId: number | null;
  action: string;
  caseNumber: string;
  /** [from, to] as YYYY-MM-DD, both inclusive. */
  range: [string, string] | null;
}

/** The audit log screen: filtered pages, the hash-chain check, and the export. */
export const useAuditStore = defineStore('audit', () => {
  const rows = ref<AuditRow[]>([]);
  const total = ref(0);
  const page = ref(1);
  const filter = reactive<AuditFilterForm>({
    actorId: null,
    action: '',
    caseNumber: '',
    range: null,
  });
  const staff = ref<Clerk[]>([]);
  const verification = ref<AuditVerification | null>(null);
  const loading = ref(false);
  const verifying = ref(false);
  const exporting = ref(false);

  /** Loads the current page under the current filters. */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.audit.query({
      ...(filter.actorId !== null ? { actorId: filter.actorId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.caseNumber.trim() ? { caseNumber: filter.caseNumber.trim() } : {}),
      ...(filter.range ? { from: filter.range[0], to: filter.range[1] } : {}),
      limit: AUDIT_PAGE_SIZE,
      offset: (page.value - 1) * AUDIT_PAGE_SIZE,
    });
    loading.value = false;
    if (result.ok) {
      rows.value = result.value.rows;
      total.value = result.value.total;
    } else showError(result.error);
  }

  /** Applies the filters from the first page. */
  async function search(): Promise<void> {
    page.value = 1;
    await load();
  }

  /** Opens the screen: the staff for the "who" filter, the first page, and the chain check. */
  async function open(): Promise<void> {
    const clerks = await api.clerks.list({});
    if (clerks.ok) staff.value = clerks.value;
    await Promise.all([load(), verify()]);
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

  /** Exports the chosen period as a CSV file the browser saves. */
  async function exportPeriod(from: string, to: string): Promise<boolean> {
    exporting.value = true;
    const result = await api.audit.export({ from, to });
    exporting.value = false;
    if (!result.ok) {
      showError(result.error);
      return false;
    }
    const bytes = Uint8Array.from(atob(result.value.dataBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = result.value.fileName;
    link.click();
    URL.revokeObjectURL(url);
    return true;
  }

  onSessionEnd(() => {
    rows.value = [];
    total.value = 0;
    verification.value = null;
  });

  return {
    rows,
    total,
    page,
    filter,
    staff,
    verification,
    loading,
    verifying,
    exporting,
    load,
    search,
    open,
    verify,
    exportPeriod,
  };
});
