import type { IdCardReader, ReaderEvent } from '../../domain/ports/id-card-reader';
import type { ReaderClient } from './reader-client';
import { ReaderError } from './reader-client';

/** An open connection to a reader, whatever carries the bytes. */
export interface ReaderConnection {
  client: ReaderClient;
  /** Calls back once when the connection goes away (unplugged). */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

/** Opens a connection to the configured reader, or fails when it is not there. */
export type ConnectReader = () => Promise<ReaderConnection>;

/** The timers the service waits with; tests pass their own. */
export interface ServiceTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: ServiceTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Polls the reader for a card only while a screen wants one (IDCARD.md §1: every 0.3-1 s),
 * reads find -> select -> read, and reconnects after an unplug. "No card" answers are
 * the normal idle state and stay quiet; other failures are reported once each.
 */
export class ReaderService implements IdCardReader {
  private readonly listeners = new Set<(event: ReaderEvent) => void>();
  private connection: ReaderConnection | null = null;
  private wanted = 0;
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly connect: ConnectReader,
    private readonly options: {
      pollMs?: number;
      reconnectMs?: number;
      timers?: ServiceTimers;
    } = {},
  ) {}

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  want(): () => void {
    this.wanted += 1;
    if (this.wanted === 1) this.schedule(0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.wanted -= 1;
      if (this.wanted === 0) this.cancel();
    };
  }

  async close(): Promise<void> {
    this.wanted = 0;
    this.cancel();
    await this.connection?.close();
    this.connection = null;
  }

  private get timers(): ServiceTimers {
    return this.options.timers ?? systemTimers;
  }

  private emit(event: ReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.cancel();
    if (this.wanted === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      // A poll that fails past its own handling (a port that throws on close) waits for the
      // next one; it never ends the core.
      this.tick().catch(() => {
        this.running = false;
        this.schedule(this.options.reconnectMs ?? 2000);
      });
    }, ms);
  }

  /** One poll: connect if needed, then try to read a card. */
  private async tick(): Promise<void> {
    if (this.running || this.wanted === 0) return;
    this.running = true;
    let next = this.options.pollMs ?? 500;
    try {
      const connection = await this.ensureConnected();
      if (!connection) {
        next = this.options.reconnectMs ?? 2000;
        return;
      }
      const card = await connection.client.readCard();
      this.emit({ kind: 'card-read', card });
    } catch (error) {
      if (error instanceof ReaderError && (error.status === 0x80 || error.status === 0x81)) {
        // No card, or the read card still lies on the reader: keep waiting quietly.
      } else if (error instanceof ReaderError && error.reason !== 'status') {
        await this.drop(error.message);
        next = this.options.reconnectMs ?? 2000;
      } else {
        this.emit({
          kind: 'read-failed',
          message: error instanceof Error ? error.message : '读取身份证失败，请重新放置身份证。',
        });
      }
    } finally {
      this.running = false;
      this.schedule(next);
    }
  }

  private async ensureConnected(): Promise<ReaderConnection | null> {
    if (this.connection) return this.connection;
    try {
      const connection = await this.connect();
      this.connection = connection;
      connection.onLost(() => {
        if (this.connection === connection) void this.drop('读卡器已断开，请重新插好读卡器。');
      });
      this.emit({ kind: 'reader-connected' });
      return connection;
    } catch {
      return null;
    }
  }

  private async drop(message: string): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    await connection.close().catch(() => undefined);
    this.emit({ kind: 'reader-lost', message });
  }
}
