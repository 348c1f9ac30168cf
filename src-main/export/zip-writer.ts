import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { PassThrough } from 'node:stream';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ManifestFile } from '../domain/export-manifest';

// yazl queues what it is given; past this many bytes not yet on disk the writer waits, so a
// 10,000-case export holds a few megabytes, not the whole ZIP, in memory.
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * A ZIP written as a stream under a temporary name and renamed only once complete: a
 * cancelled or failed export leaves no file that looks like a finished one.
 * Every file added is hashed on the way in for the manifest.
 */
export class StreamingZipWriter {
  private readonly zip = new ZipFile();
  private readonly out: WriteStream;
  private readonly written: Promise<void>;
  private readonly files: ManifestFile[] = [];
  private failure: Error | null = null;
  /** Bytes handed to yazl that it has not started writing yet. */
  private queuedBytes = 0;

  constructor(
    private readonly temporaryPath: string,
    private readonly finalPath: string,
  ) {
    this.out = createWriteStream(temporaryPath, { flags: 'wx', mode: 0o600 });
    this.zip.outputStream.pipe(this.out);
    this.written = new Promise((resolve, reject) => {
      this.out.on('close', () => resolve());
      this.out.on('error', (error) => {
        this.failure = error;
        reject(error);
      });
    });
    // The rejection is observed by finish() or abort(); never an unhandled one meanwhile.
    this.written.catch(() => undefined);
  }

  /** The files added so far, as the manifest lists them. */
  get listed(): readonly ManifestFile[] {
    return this.files;
  }

  /**
   * Adds bytes under a path. Already compressed content (PDF, XLSX) is stored as is:
   * deflating it again costs time and saves nothing.
   */
  async addBuffer(path: string, bytes: Uint8Array, compress: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.files.push({
      path,
      size: buffer.length,
      sha256: createHash('sha256').update(buffer).digest('hex'),
    });
    // Not yazl's addBuffer: its entries keep a closure over every buffer until the ZIP is
    // done, i.e. all 10,000 PDFs in memory. The lazy stream lets go once the bytes are out.
    let held: Buffer | null = buffer;
    this.queuedBytes += buffer.length;
    this.zip.addReadStreamLazy(path, { compress, size: buffer.length }, (callback) => {
      const bytes = held ?? Buffer.alloc(0);
      held = null;
      this.queuedBytes -= bytes.length;
      callback(null, Readable.from([bytes]));
    });
    await this.whenDrained();
  }

  /** Adds a file from disk (the XLSX index), hashed as it is read once before. */
  async addFile(path: string, filePath: string, compress: boolean): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
    this.files.push({ path, size, sha256: hash.digest('hex') });
    this.zip.addReadStream(createReadStream(filePath), path, { compress, size });
    await this.whenDrained();
  }

  /** Adds the last entry (not listed in itself), ends the ZIP and gives it its real name. */
  async finish(lastPath: string, lastBytes: Uint8Array): Promise<void> {
    this.zip.addBuffer(Buffer.from(lastBytes), lastPath);
    this.zip.end();
    await this.written;
    renameSync(this.temporaryPath, this.finalPath);
  }

  /** Stops writing and deletes the partial file. */
  async abort(): Promise<void> {
    this.zip.outputStream.unpipe(this.out);
    this.out.destroy();
    await this.written.catch(() => undefined);
    rmSync(this.temporaryPath, { force: true });
  }

  private async whenDrained(): Promise<void> {
    // yazl's output is a PassThrough (typed as a plain readable): what it holds is pending too.
    const queue = this.zip.outputStream as PassThrough;
    const pending = () =>
      this.queuedBytes + queue.readableLength + queue.writableLength + this.out.writableLength;
    while (pending() > MAX_PENDING_BYTES && !this.failure) {
      if (this.out.writableNeedDrain) await once(this.out, 'drain');
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.failure) throw this.failure;
  }
}
