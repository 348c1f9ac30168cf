import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ContractErrorPayload, PrintDocumentInfo } from '../../../src-main/contract';
import type { FormKind } from '../../../src-main/domain/profile';
import { api } from '../api';
import { useCaseStore } from './cases';
import { onSessionEnd } from './session';

/** The printable documents of the open case, the preview on screen and what is printing. */
export const usePrintStore = defineStore('print', () => {
  const documents = ref<PrintDocumentInfo[]>([]);
  const error = ref<ContractErrorPayload | null>(null);
  const printing = ref<FormKind | null>(null);
  const preview = ref<{ kind: FormKind; title: string; pdfBase64: string } | null>(null);
  const previewing = ref<FormKind | null>(null);

  /** Loads the documents of a case and their print records. */
  async function load(caseNumber: string): Promise<void> {
    const result = await api.print.documents({ caseNumber });
    if (result.ok) documents.value = result.value;
    else error.value = result.error;
  }

  /** Renders the next copy of a document for the preview dialog. */
  async function openPreview(caseNumber: string, kind: FormKind): Promise<void> {
    previewing.value = kind;
    error.value = null;
    const result = await api.print.preview({ caseNumber, kind });
    previewing.value = null;
    if (result.ok) preview.value = { kind, ...result.value };
    else error.value = result.error;
  }

  /** Prints a document; the attempt is recorded even when the printer refuses it. */
  async function print(caseNumber: string, kind: FormKind): Promise<boolean> {
    printing.value = kind;
    error.value = null;
    const result = await api.print.print({ caseNumber, kind });
    printing.value = null;
    if (!result.ok) error.value = result.error;
    await load(caseNumber);
    // The checklist now asks for the signed copy of what was printed.
    await useCaseStore().loadHistory();
    return result.ok;
  }

  onSessionEnd(() => {
    documents.value = [];
    preview.value = null;
    error.value = null;
  });

  return { documents, error, printing, preview, previewing, load, openPreview, print };
});
