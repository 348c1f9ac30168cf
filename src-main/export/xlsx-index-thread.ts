import { Worker } from 'node:worker_threads';
import type { ExportIndexRow } from './xlsx-index';

/** What the core sends the index thread: rows to write, then the word to finish the file. */
export type XlsxIndexRequest = { kind: 'rows'; rows: ExportIndexRow[] } | { kind: 'finish' };

/** What the index thread answers: the file is complete, or why it is not. */
export type XlsxIndexReply = { kind: 'finished' } | { kind: 'failed'; error: string };

/** The export's index as the export writes it, on the core's thread or in its own. */
export interface IndexWriter {
  /** Writes one case's row. */
  add(row: ExportIndexRow): void;
  /** Finishes the workbook file. */
  finish(): Promise<void>;
  /** Lets go of what it holds (the thread); the file is deleted by the caller. */
  close(): Promise<void>;
}

// Rows go to the thread in groups: one message per case would cost more than the row.
const ROWS_PER_MESSAGE = 50;

/**
 * The XLSX index written by a worker thread (out/main/xlsx-worker.js): the rows are posted as
 * the export reads its cases, and the thread streams them to the file with exceljs.
 */
export class XlsxIndexThread implements IndexWriter {
  private readonly worker: Worker;
  private rows: ExportIndexRow[] = [];
  private failure: Error | null = null;
  private finishing: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(script: string, filename: string, title: string) {
    this.worker = new Worker(script, { workerData: { filename, title } });
    this.worker.on('message', (reply: XlsxIndexReply) => {
      if (reply.kind === 'finished') this.finishing?.resolve();
      else this.fail(new Error(reply.error));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('XLSX index thread stopped')));
  }

  add(row: ExportIndexRow): void {
    if (this.failure) throw this.failure;
    this.rows.push(row);
    if (this.rows.length >= ROWS_PER_MESSAGE) this.flush();
  }

  finish(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.flush();
    return new Promise<void>((resolve, reject) => {
      this.finishing = { resolve, reject };
      this.post({ kind: 'finish' });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('XLSX index thread closed');
    await this.worker.terminate();
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    this.post({ kind: 'rows', rows: this.rows });
    this.rows = [];
  }

  private post(request: XlsxIndexRequest): void {
    this.worker.postMessage(request);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.finishing?.reject(this.failure);
    this.finishing = null;
  }
}
