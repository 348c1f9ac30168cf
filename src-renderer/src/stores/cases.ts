import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  CaseDetail,
  CaseHistoryEntry,
  ContractErrorPayload,
  Envelope,
  RequestOf,
} from '../../../src-main/contract';
import { api } from '../api';
import { onSessionEnd } from './session';

/** The case open on screen and its history; every change goes through the core. */
export const useCaseStore = defineStore('case', () => {
  const current = ref<CaseDetail | null>(null);
  const history = ref<CaseHistoryEntry[]>([]);
  const error = ref<ContractErrorPayload | null>(null);
  const busy = ref(false);

  function keep(result: Envelope<CaseDetail>): Envelope<CaseDetail> {
    if (result.ok) {
      current.value = result.value;
      error.value = null;
    } else {
      error.value = result.error;
    }
    return result;
  }

  /** Opens a case; `reveal` shows unmasked values (the core records that in the audit log). */
  async function open(caseNumber: string, reveal = false): Promise<Envelope<CaseDetail>> {
    busy.value = true;
    const result = keep(await api.case.get({ caseNumber, reveal }));
    busy.value = false;
    if (result.ok) await loadHistory();
    return result;
  }

  /** Reloads the history of the open case. */
  async function loadHistory(): Promise<void> {
    const caseNumber = current.value?.caseNumber;
    if (!caseNumber) return;
    const result = await api.case.history({ caseNumber });
    if (result.ok) history.value = result.value;
  }

  /** Runs one case call and keeps the detail it returns. */
  async function run(call: () => Promise<Envelope<CaseDetail>>): Promise<Envelope<CaseDetail>> {
    busy.value = true;
    const result = keep(await call());
    busy.value = false;
    if (result.ok) void loadHistory();
    return result;
  }

  /** Opens a new case of a type. */
  function create(request: RequestOf<'case:create'>): Promise<Envelope<CaseDetail>> {
    return run(() => api.case.create(request));
  }

  /**
   * Saves the form values as typed. A quiet save (the form saving by itself) neither shows
   * busy buttons nor replaces the page's error: the form reports how it went next to 暂存.
   */
  async function saveValues(
    values: Record<string, string>,
    options: { quiet?: boolean } = {},
  ): Promise<Envelope<CaseDetail>> {
    const caseNumber = current.value?.caseNumber ?? '';
    if (!options.quiet) return run(() => api.case.saveValues({ caseNumber, values }));
    const result = await api.case.saveValues({ caseNumber, values });
    if (result.ok && current.value?.caseNumber === caseNumber) {
      current.value = result.value;
      void loadHistory();
    }
    return result;
  }

  /** Records one material's checks. */
  function recordMaterial(
    request: Omit<RequestOf<'case:recordMaterial'>, 'caseNumber'>,
  ): Promise<Envelope<CaseDetail>> {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.recordMaterial({ caseNumber, ...request }));
  }

  /** Uploads a file for one material. */
  function attach(itemCode: string, fileName: string, dataBase64: string) {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.attach({ caseNumber, itemCode, fileName, dataBase64 }));
  }

  /** Removes an attachment. */
  function removeAttachment(attachmentId: number) {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.removeAttachment({ caseNumber, attachmentId }));
  }

  /** Moves on from the form to the materials. */
  function startCollecting() {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.startCollecting({ caseNumber }));
  }

  /** Submits the case. */
  function submit() {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.submit({ caseNumber }));
  }

  /** Reopens a refused case. */
  function reopen() {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.reopen({ caseNumber }));
  }

  /** Cancels the case with a reason. */
  function cancel(reason: string) {
    const caseNumber = current.value?.caseNumber ?? '';
    return run(() => api.case.cancel({ caseNumber, reason }));
  }

  /** A supervisor approves submitting with what is missing; a refusal stays in the dialog. */
  async function approveException(
    request: Omit<RequestOf<'case:approveException'>, 'caseNumber'>,
  ): Promise<Envelope<CaseDetail>> {
    const caseNumber = current.value?.caseNumber ?? '';
    busy.value = true;
    const result = await api.case.approveException({ caseNumber, ...request });
    busy.value = false;
    if (result.ok) {
      keep(result);
      void loadHistory();
    }
    return result;
  }

  onSessionEnd(() => {
    current.value = null;
    history.value = [];
    error.value = null;
  });

  return {
    current,
    history,
    error,
    busy,
    open,
    loadHistory,
    create,
    saveValues,
    recordMaterial,
    attach,
    removeAttachment,
    startCollecting,
    submit,
    reopen,
    cancel,
    approveException,
  };
});
