import { parentPort, workerData } from 'node:worker_threads';
import type { XlsxIndexReply, XlsxIndexRequest } from './xlsx-index-thread';
import { XlsxIndexWriter } from './xlsx-index';

/**
 * The export's index thread: exceljs loads and the XLSX is built here, never on the core's
 * thread, where loading exceljs alone held every window for about a second. Built as its own
 * entry (out/main/xlsx-worker.js) and started by XlsxIndexThread.
 */
const port = parentPort;
if (port) {
  const { filename, title } = workerData as { filename: string; title: string };
  let writer: XlsxIndexWriter | null = null;
  const reply = (message: XlsxIndexReply) => port.postMessage(message);
  const failed = (error: unknown) =>
    reply({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  port.on('message', (request: XlsxIndexRequest) => {
    try {
      writer ??= new XlsxIndexWriter(filename, title);
      if (request.kind === 'rows') {
        for (const row of request.rows) writer.add(row);
        return;
      }
      writer.finish().then(() => reply({ kind: 'finished' }), failed);
    } catch (error) {
      failed(error);
    }
  });
}
