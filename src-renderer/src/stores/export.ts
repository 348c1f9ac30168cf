import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  ContractErrorPayload,
  ExportFilter,
  ExportJob,
  ExportVerification,
  RequestOf,
} from '../../../src-main/contract';
import { api } from '../api';
import { onSessionEnd } from './session';

/** How often the screen asks for progress while an export runs. */
const POLL_MS = 400;

/**
 * The supervisor's export screen: the count for the filter, the running job (kept across
 * navigation, the core keeps writing) and the last verification.
 */
export const useExportStore = defineStore('export', () => {
  const count = ref<number | null>(null);
  const job = ref<ExportJob | null>(null);
  const error = ref<ContractErrorPayload | null>(null);
  const verification = ref<ExportVerification | null>(null);
  const verifying = ref(false);
  const defaultFolder = ref('');
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** The folder offered first. */
  async function loadDefaults(): Promise<void> {
    const result = await api.export.defaults({});
    if (result.ok) defaultFolder.value = result.value.folder;
  }

  /** How many cases the filter takes. */
  async function countFor(filter: ExportFilter): Promise<void> {
    const result = await api.export.count({ filter });
    count.value = result.ok ? result.value.count : null;
  }

  function poll(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), POLL_MS);
  }

  async function refresh(): Promise<void> {
    const current = job.value;
    if (!current || current.state !== 'running') return;
    const result = await api.export.progress({ jobId: current.jobId });
    if (result.ok) job.value = result.value;
    else error.value = result.error;
    if (job.value?.state === 'running') poll();
  }

  /** Starts an export; the form shows the error, if any. */
  async function start(request: RequestOf<'export:start'>): Promise<void> {
    error.value = null;
    verification.value = null;
    const result = await api.export.start(request);
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    job.value = result.value;
    poll();
  }

  /** Cancels the running export; the core deletes the partial file before answering. */
  async function cancel(): Promise<void> {
    const current = job.value;
    if (!current) return;
    const result = await api.export.cancel({ jobId: current.jobId });
    if (result.ok) job.value = result.value;
    else error.value = result.error;
  }

  /** Checks a ZIP file by file against its manifest. */
  async function verify(path: string): Promise<void> {
    verifying.value = true;
    verification.value = null;
    error.value = null;
    const result = await api.export.verify({ path });
    verifying.value = false;
    if (result.ok) verification.value = result.value;
    else error.value = result.error;
  }

  onSessionEnd(() => {
    if (timer) clearTimeout(timer);
    job.value = null;
    count.value = null;
    verification.value = null;
    error.value = null;
  });

  return {
    count,
    job,
    error,
    verification,
    verifying,
    defaultFolder,
    loadDefaults,
    countFor,
    start,
    cancel,
    verify,
  };
});
