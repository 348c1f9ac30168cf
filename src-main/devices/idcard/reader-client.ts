import type { IdCard } from '../../domain/id-card';
import { decodeBaseInfo } from './card-text';
import type { ReaderCommand, ReaderResponse } from './commands';
import {
  commandTimeoutMs,
  encodeCommand,
  parseResponse,
  statusMessage,
  successStatus,
} from './commands';
import { FrameDecoder } from './frame';

/** A refusal from the reader or the wire, with the words the clerk reads. */
export class ReaderError extends Error {
  constructor(
    message: string,
    readonly reason: 'status' | 'timeout' | 'checksum' | 'closed',
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Moves bytes to and from a reader: a serial port, an HID device, the training reader. */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Calls back with every chunk received; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
}

/**
 * Speaks the reader protocol over any byte link: one command at a time, each answered by one
 * frame within its timeout (IDCARD.md §1); a bad checksum or silence is an error, and the
 * decoder is reset so the next command starts clean.
 */
export class ReaderClient {
  private readonly decoder = new FrameDecoder();
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly link: ByteLink,
    private readonly timers: {
      setTimeout: (callback: () => void, ms: number) => unknown;
      clearTimeout: (handle: unknown) => void;
    } = {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  ) {}

  /** Sends one command and waits for its answer. */
  send(command: ReaderCommand): Promise<ReaderResponse> {
    const run = this.busy.then(() => this.exchange(command));
    this.busy = run.catch(() => undefined);
    return run;
  }

  private exchange(command: ReaderCommand): Promise<ReaderResponse> {
    this.decoder.reset();
    return new Promise<ReaderResponse>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        this.timers.clearTimeout(timer);
        unsubscribe();
        outcome();
      };
      const timer = this.timers.setTimeout(
        () =>
          finish(() =>
            reject(new ReaderError('读卡器无响应，请检查读卡器连接线后重试。', 'timeout')),
          ),
        commandTimeoutMs[command],
      );
      const unsubscribe = this.link.onData((chunk) => {
        for (const frame of this.decoder.push(chunk)) {
          if (frame.kind !== 'frame') {
            finish(() =>
              reject(
                new ReaderError('读卡器传回的数据有误，请重新放置身份证再读一次。', 'checksum'),
              ),
            );
            return;
          }
          const response = parseResponse(frame.body);
          if (response) {
            finish(() => resolve(response));
            return;
          }
        }
      });
      this.link
        .write(encodeCommand(command))
        .catch(() =>
          finish(() => reject(new ReaderError('读卡器已断开，请重新插好读卡器。', 'closed'))),
        );
    });
  }

  /** Sends a command and refuses any status but its success one. */
  private async expect(command: ReaderCommand): Promise<ReaderResponse> {
    const response = await this.send(command);
    if (response.status !== successStatus(command)) {
      throw new ReaderError(statusMessage(response.status), 'status', response.status);
    }
    return response;
  }

  /** Whether the reader's security module answers (used to find the reader's port). */
  async probe(): Promise<boolean> {
    try {
      return (await this.send('samStatus')).status === 0x90;
    } catch {
      return false;
    }
  }

  /** Find, select and read a card: the sequence every reader program uses (§2.1). */
  async readCard(): Promise<IdCard> {
    await this.expect('findCard');
    await this.expect('selectCard');
    const response = await this.expect('readBase');
    return decodeBaseInfo(response.data);
  }
}
