import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  CaseDetail,
  CaseHistoryEntry,
  ContractErrorPayload,
  Envelope,
  RequestOf,
} from '../../../src-main/contract';
import { maskCaseValues } from '../../../src-main/domain/masking';
import { api } from '../api';
import { onSessionEnd } from './session';

/** The fields the applicant set on their own screen, with the values set (never masked). */
function applicantFields(detail: CaseDetail): (readonly [string, string])[] {
  return detail.fields
    .filter((field) => field.setBy === 'applicant' && detail.values[field.key])
    .map((field) => [field.key, detail.values[field.key] ?? ''] as const);
}

/** `shown` with the version, field sources and applicant-set values of `fresh`. */
function withApplicantValues(shown: CaseDetail, fresh: CaseDetail): CaseDetail {
  return {
    ...shown,
    version: fresh.version,
    fieldSources: fresh.fieldSources,
    values: { ...shown.values, ...Object.fromEntries(applicantFields(fresh)) },
  };
}

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
      current.value = withApplicantValues(shown, result.value);
    }
  }

  /**
   * After a write was refused as stale: whether the only change since the page last looked is
   * what the applicant set on their own screen (the clerk can never overwrite those fields).
   * Then the page takes it and the write may go again; any other change (a card read, a
   * colleague) keeps the refusal.
   */
  async function tookApplicantValues(): Promise<boolean> {
    const shown = current.value;
    if (!shown) return false;
    const result = await api.case.get({ caseNumber: shown.caseNumber, reveal: false });
    if (!result.ok || result.value.version <= shown.version) return false;
    const fresh = result.value;
    const own = new Set(applicantFields(fresh).map(([key]) => key));
    if (own.size === 0 || fresh.state !== shown.state) return false;
    // Compared as the core masks them: the page may hold values as typed, the answer masked.
    const before = maskCaseValues(shown.values);
    const now = maskCaseValues(fresh.values);
    const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
    for (const key of keys) {
      if (!own.has(key) && (before[key] ?? '') !== (now[key] ?? '')) return false;
    }
    current.value = withApplicantValues(shown, fresh);
    return true;
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

  /**
   * One write in turn, sent again once if it was refused as stale only because the applicant
   * set their own fields meanwhile (Jilin's company account, taken with the password): the
   * clerk's 提交 or 暂存 right after the applicant's last step is not lost to a reload.
   */
  function write(call: () => Promise<Envelope<CaseDetail>>): Promise<Envelope<CaseDetail>> {
    return serial(async () => {
      const first = await call();
      if (first.ok || first.error.code !== 'CASE_VERSION_STALE') return first;
      return (await tookApplicantValues()) ? call() : first;
    });
  }

  /** Runs one case call and keeps the detail it returns. */
  async function run(call: () => Promise<Envelope<CaseDetail>>): Promise<Envelope<CaseDetail>> {
    busy.value = true;
    const result = keep(await write(call));
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
    const result = await write(() => api.case.saveValues(request()));
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
