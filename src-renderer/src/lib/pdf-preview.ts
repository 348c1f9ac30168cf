import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

/** pdf.js and its worker thread, loaded once per window and kept for every later preview. */
let ready: Promise<{ pdfjs: PdfJs; worker: PDFWorker }> | null = null;

/**
 * Loads pdf.js and starts its worker thread. The case page calls it while the clerk is still
 * typing, so the first preview does not wait for a megabyte of script to arrive, compile and
 * start; later calls return the same promise. A failure is forgotten, so the next try loads
 * again.
 */
export function warmPdfPreview(): Promise<{ pdfjs: PdfJs; worker: PDFWorker }> {
  ready ??= (async () => {
    const [pdfjs, workerUrl] = await Promise.all([
      import('pdfjs-dist'),
      import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
    ]);
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl.default;
    const worker = new pdfjs.PDFWorker();
    await worker.promise;
    return { pdfjs, worker };
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Opens a PDF in the shared worker; the caller destroys the document, never the worker. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const { pdfjs, worker } = await warmPdfPreview();
  return pdfjs.getDocument({ data: bytes, worker }).promise;
}
