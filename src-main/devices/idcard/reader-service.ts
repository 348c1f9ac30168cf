import type { IdCardReader, ReaderEvent, ReaderFault } from '../../domain/ports/id-card-reader';
import type { IdCard } from '../../domain/id-card';
import type { ReaderErrorReason } from './reader-client';
import { LINK_FAULT_MESSAGES, ReaderError } from './reader-client';

/** What the service asks of a reader: a card, and whether its security module answers. */
export interface CardReaderClient {
  readCard(): Promise<IdCard>;
  probe(): Promise<boolean>;
}

/** An open connection to a reader, whatever carries the bytes (or the vendor's SDK). */
export interface ReaderConnection {
  client: CardReaderClient;
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

const FAULT_OF: Record<ReaderErrorReason, ReaderFault> = {
  timeout: 'no-answer',
  truncated: 'cut-off',
  checksum: 'bad-data',
  closed: 'disconnected',
  status: 'card-refused',
};

/** Failed status polls in a row after which the reader counts as gone. */
export const LOST_AFTER_FAILED_POLLS = 3;

/**
 * Polls the reader for a card only while a screen wants one (IDCARD.md §1: every 0.3-1 s),
 * reads find -> select -> read, and reconnects after an unplug. "No card" answers are
 * the normal idle state and stay quiet; every other failure is reported as it happens,
 * with its own fault, and the polling goes on. A wire fault is followed by a status poll;
 * only several failed status polls in a row (or an unplug) make the reader lost.
 */
export class ReaderService implements IdCardReader {
  private readonly listeners = new Set<(event: ReaderEvent) => void>();
  private connection: ReaderConnection | null = null;
  private wanted = 0;
  private timer: unknown = null;
  private running = false;
  private failedPolls = 0;
  /** When the next connection attempt may be made (ms on the service's clock). */
  private connectNotBefore = 0;

  constructor(
    private readonly connect: ConnectReader,
    private readonly options: {
      pollMs?: number;
      reconnectMs?: number;
      timers?: ServiceTimers;
      now?: () => number;
    } = {},
  ) {}

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  want(): () => void {
    this.wanted += 1;
    // A reader that could not be reached is tried again only after the reconnect pause,
    // however often screens start waiting.
    if (this.wanted === 1) this.schedule(Math.max(0, this.connectNotBefore - this.now()));
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

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get reconnectMs(): number {
    return this.options.reconnectMs ?? 2000;
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
        next = this.reconnectMs;
        return;
      }
      next = await this.poll(connection, next);
    } finally {
      this.running = false;
      this.schedule(next);
    }
  }

  /** Reads a card, or reports why not; returns when to poll next. */
  private async poll(connection: ReaderConnection, pollMs: number): Promise<number> {
    try {
      const card = await connection.client.readCard();
      this.failedPolls = 0;
      this.emit({ kind: 'card-read', card });
      return pollMs;
    } catch (error) {
      if (error instanceof ReaderError && (error.status === 0x80 || error.status === 0x81)) {
        // No card, or the read card still lies on the reader: keep waiting quietly.
        this.failedPolls = 0;
        return pollMs;
      }
      if (error instanceof ReaderError && error.reason === 'closed') {
        await this.drop(error.message);
        return this.reconnectMs;
      }
      const fault = error instanceof ReaderError ? FAULT_OF[error.reason] : 'card-refused';
      this.emit({
        kind: 'read-failed',
        fault,
        message: error instanceof Error ? error.message : '读取身份证失败，请重新放置身份证。',
      });
      if (!(error instanceof ReaderError) || !error.isLinkFault) return pollMs;
      // Is the reader still there? Its status poll (retried) decides, not one lost frame.
      if (await connection.client.probe()) {
        this.failedPolls = 0;
        return pollMs;
      }
      this.failedPolls += 1;
      if (this.failedPolls < LOST_AFTER_FAILED_POLLS) return pollMs;
      await this.drop(LINK_FAULT_MESSAGES.timeout);
      return this.reconnectMs;
    }
  }

  private async ensureConnected(): Promise<ReaderConnection | null> {
    if (this.connection) return this.connection;
    if (this.now() < this.connectNotBefore) return null;
    try {
      const connection = await this.connect();
      this.connection = connection;
      this.failedPolls = 0;
      connection.onLost(() => {
        if (this.connection === connection) void this.drop(LINK_FAULT_MESSAGES.closed);
      });
      this.emit({ kind: 'reader-connected' });
      return connection;
    } catch (error) {
      this.connectNotBefore = this.now() + this.reconnectMs;
      // The connectors say in Chinese what is wrong (port busy, no device); a library's
      // own English error is not for the clerk.
      const own = error instanceof Error && /[\u4e00-\u9fff]/.test(error.message);
      this.emit({
        kind: 'read-failed',
        fault: 'not-found',
        message: own ? error.message : '未找到身份证读卡器，请检查读卡器是否插好。',
      });
      return null;
    }
  }

  private async drop(message: string): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.failedPolls = 0;
    this.connectNotBefore = this.now() + this.reconnectMs;
    await connection.close().catch(() => undefined);
    this.emit({ kind: 'reader-lost', message });
  }
}
