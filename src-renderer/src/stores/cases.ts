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

  /**
   * Fetches the open case again, masked: a device read or the applicant's screen wrote into
   * it on the core's side, so its version moved on and the next save must carry the new one.
   */
  async function refresh(): Promise<void> {
    const caseNumber = current.value?.caseNumber;
    if (!caseNumber) return;
    const result = await api.case.get({ caseNumber, reveal: false });
    // A save that answered meanwhile may already hold a newer version: never step back.
    const shown = current.value;
    if (result.ok && shown?.caseNumber === caseNumber && result.value.version > shown.version) {
      // What the applicant set on their own screen shows at once; it is never masked.
      const fresh = result.value;
      const applicantSet = fresh.fields
        .filter((field) => field.setBy === 'applicant' && fresh.values[field.key])
        .map((field) => [field.key, fresh.values[field.key] ?? ''] as const);
      current.value = {
        ...shown,
        version: fresh.version,
        fieldSources: fresh.fieldSources,
        values: { ...shown.values, ...Object.fromEntries(applicantSet) },
      };
    }
  }

  /** Reloads the history of the open case. */
  async function loadHistory(): Promise<void> {
    const caseNumber = current.value?.caseNumber;
    if (!caseNumber) return;
    const result = await api.case.history({ caseNumber });
    if (result.ok) history.value = result.value;
  }

  /**
   * What every change carries: the case, the version on screen (the core refuses a write
   * from an older one instead of overwriting) and whether the answer may stay unmasked.
   */
  function stamp(): { caseNumber: string; version?: number; reveal: boolean } {
    const shown = current.value;
    if (!shown) return { caseNumber: '', reveal: false };
    return { caseNumber: shown.caseNumber, version: shown.version, reveal: shown.revealed };
  }

  // The page's writes go one after another, each with the version the previous one left:
  // the form's own saves and a button's write never race into a refused stale version.
  let writes: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const next = writes.then(task, task);
    writes = next.catch(() => undefined);
    return next;
  }

  /** Runs one case call and keeps the detail it returns. */
  async function run(call: () => Promise<Envelope<CaseDetail>>): Promise<Envelope<CaseDetail>> {
    busy.value = true;
    const result = keep(await serial(call));
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
   * Saves never ask for the values back unmasked: the form keeps what was typed, and a reveal
   * is the clerk's explicit request (each one audited), not a side effect of every save.
   */
  async function saveValues(
    values: Record<string, string>,
    options: { quiet?: boolean } = {},
  ): Promise<Envelope<CaseDetail>> {
    const request = () => ({ ...stamp(), reveal: false, values });
    if (!options.quiet) return run(() => api.case.saveValues(request()));
    const caseNumber = current.value?.caseNumber;
    const result = await serial(() => api.case.saveValues(request()));
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
    return run(() => api.case.recordMaterial({ ...stamp(), ...request }));
  }

  /** Uploads a file for one material; `declaredType` is what the browser says it is. */
  function attach(itemCode: string, fileName: string, dataBase64: string, declaredType?: string) {
    return run(() => api.case.attach({ ...stamp(), itemCode, fileName, dataBase64, declaredType }));
  }

  /** Removes an attachment. */
  function removeAttachment(attachmentId: number) {
    return run(() => api.case.removeAttachment({ ...stamp(), attachmentId }));
  }

  /** Moves on from the form to the materials. */
  function startCollecting() {
    return run(() => api.case.startCollecting({ ...stamp() }));
  }

  /** Submits the case. */
  function submit() {
    return run(() => api.case.submit({ ...stamp() }));
  }

  /** Reopens a refused case. */
  function reopen() {
    return run(() => api.case.reopen({ ...stamp() }));
  }

  /** Cancels the case with a reason. */
  function cancel(reason: string) {
    return run(() => api.case.cancel({ ...stamp(), reason }));
  }

  /** A supervisor approves submitting with what is missing; a refusal stays in the dialog. */
  async function approveException(
    request: Omit<RequestOf<'case:approveException'>, 'caseNumber'>,
  ): Promise<Envelope<CaseDetail>> {
    busy.value = true;
    const result = await api.case.approveException({ ...stamp(), ...request });
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
    refresh,
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
