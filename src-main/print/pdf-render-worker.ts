import { parentPort, workerData } from 'node:worker_threads';
import { loadFont } from './font';
import type { PdfRenderRequest, PdfRenderReply } from './pdf-render-pool';
import { renderPdf } from './render-pdf';

/**
 * One thread of the PDF render pool: parses the font once, then renders what it is sent.
 * Built as its own entry (out/main/pdf-worker.js) so the main bundle can start it.
 */
const port = parentPort;
if (port) {
  const font = loadFont((workerData as { fontPath: string }).fontPath);
  port.on('message', (request: PdfRenderRequest) => {
    renderPdf(request.template, request.data, font, request.meta).then(
      (pdf) => {
        // The reply hands its buffer over instead of copying it.
        const owned = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
        const bytes = owned ? pdf : pdf.slice();
        const reply: PdfRenderReply = { id: request.id, pdf: bytes };
        port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
      },
      (error: unknown) => {
        const reply: PdfRenderReply = {
          id: request.id,
          error: error instanceof Error ? error.message : String(error),
        };
        port.postMessage(reply);
      },
    );
  });
}
