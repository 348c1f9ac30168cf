import { Worker } from 'node:worker_threads';
import type { DocumentData } from '../domain/print/document-data';
import type { PrintTemplate } from '../domain/print/print-template';
import type { RenderMeta } from './render-pdf';

/** What the pool sends a worker. */
export interface PdfRenderRequest {
  id: number;
  template: PrintTemplate;
  data: DocumentData;
  meta: RenderMeta;
}

/** What a worker answers. */
export type PdfRenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

interface Pending {
  resolve(pdf: Uint8Array): void;
  reject(error: Error): void;
}

// Each thread's heap is capped: a render's garbage is collected in the thread early instead
// of growing the process towards V8's default limit (the export's RSS goal is 300 MB). At
// 96 MB the 10,000-case bench peaked at 330 MB, at 64 MB at 317-320 MB for some 15 % more
// CPU per case; below that the font's own tables leave too little room.
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/**
 * A few worker threads that render PDFs in parallel, for the supervisor's export of
 * thousands of checklists. Each parses the font once; requests go to the thread
 * with the fewest waiting.
 */
export class PdfRenderPool {
  private readonly threads: { worker: Worker; waiting: number }[];
  private readonly pending = new Map<number, Pending & { thread: { waiting: number } }>();
  private nextId = 1;
  private closed = false;

  constructor(options: { script: string; fontPath: string; size: number }) {
    this.threads = Array.from({ length: options.size }, () => {
      const worker = new Worker(options.script, {
        workerData: { fontPath: options.fontPath },
        resourceLimits: RESOURCE_LIMITS,
      });
      const thread = { worker, waiting: 0 };
      worker.on('message', (reply: PdfRenderReply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', () => {
        if (!this.closed) this.failAll(new Error('PDF render thread stopped'));
      });
      return thread;
    });
  }

  /** Renders one document in the least busy thread. */
  render(template: PrintTemplate, data: DocumentData, meta: RenderMeta): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('PDF render pool closed'));
    const thread = this.threads.reduce((best, candidate) =>
      candidate.waiting < best.waiting ? candidate : best,
    );
    const id = this.nextId++;
    thread.waiting += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      const request: PdfRenderRequest = { id, template, data, meta };
      thread.worker.postMessage(request);
    });
  }

  /** Stops the threads; what is still waiting fails. */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('PDF render pool closed'));
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private settle(reply: PdfRenderReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    pending.thread.waiting -= 1;
    if ('pdf' in reply) pending.resolve(reply.pdf);
    else pending.reject(new Error(reply.error));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}
