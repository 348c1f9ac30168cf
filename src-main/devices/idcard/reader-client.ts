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

/**
 * Why a command failed: the reader answered a status ('status'), said nothing ('timeout'),
 * stopped in the middle of an answer ('truncated'), sent bytes that fail the checksum or
 * the length rule ('checksum'), or the link itself went away ('closed').
 */
export type ReaderErrorReason = 'status' | 'timeout' | 'truncated' | 'checksum' | 'closed';

/** A refusal from the reader or the wire, with the words the clerk reads. */
export class ReaderError extends Error {
  constructor(
    message: string,
    readonly reason: ReaderErrorReason,
    readonly status: number | null = null,
  ) {
    super(message);
  }

  /** A fault of the wire or the reader itself, not of the card: worth another try. */
  get isLinkFault(): boolean {
    return this.reason === 'timeout' || this.reason === 'truncated' || this.reason === 'checksum';
  }
}

/** The words for each wire fault; the next step goes with them. */
export const LINK_FAULT_MESSAGES = {
  timeout: '读卡器无响应，请检查读卡器连接线后重试。',
  truncated: '读卡器传回的数据不完整，请拿起身份证重新放置；反复出现请检查连接线。',
  checksum: '读卡器传回的数据有误（校验错误），请重新放置身份证再读一次。',
  closed: '读卡器已断开，请重新插好读卡器。',
} as const;

/**
 * Commands that change nothing on the card side may be sent again after a wire fault; a
 * read is not repeated, since the reader's security module counts it as done (a card read
 * once must be lifted before it is found again).
 */
const RETRIED: ReadonlySet<ReaderCommand> = new Set([
  'resetSam',
  'samStatus',
  'samId',
  'findCard',
  'selectCard',
]);

/** How many times a retried command is sent before its wire fault counts (IDCARD.md §1). */
export const COMMAND_ATTEMPTS = 3;

/** Moves bytes to and from a reader: a serial port, an HID device, the training reader. */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Calls back with every chunk received; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /**
   * Links that know at once when the device is gone (a USB unplug event) tell the command
   * in flight, so it ends now instead of at its timeout; returns the unsubscribe function.
   */
  onGone?(listener: () => void): () => void;
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

  /**
   * Sends one command and waits for its answer. Commands that change nothing are sent
   * again, up to three times, after silence, a cut-off answer or a bad checksum: real
   * readers drop a frame now and then, and one lost frame is no reason to give up.
   */
  send(
    command: ReaderCommand,
    attempts = RETRIED.has(command) ? COMMAND_ATTEMPTS : 1,
  ): Promise<ReaderResponse> {
    const run = this.busy.then(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.exchange(command);
        } catch (error) {
          if (!(error instanceof ReaderError) || !error.isLinkFault || attempt >= attempts) {
            throw error;
          }
        }
      }
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  private exchange(command: ReaderCommand): Promise<ReaderResponse> {
    this.decoder.reset();
    return new Promise<ReaderResponse>((resolve, reject) => {
      const finish = (outcome: () => void) => {
        this.timers.clearTimeout(timer);
        unsubscribe();
        stopWatching();
        outcome();
      };
      const stopWatching =
        this.link.onGone?.(() =>
          finish(() => reject(new ReaderError(LINK_FAULT_MESSAGES.closed, 'closed'))),
        ) ?? (() => undefined);
      const timer = this.timers.setTimeout(() => {
        // Part of a frame came and then nothing: a cut-off answer, told apart from silence.
        const reason = this.decoder.hasPartialFrame() ? 'truncated' : 'timeout';
        finish(() => reject(new ReaderError(LINK_FAULT_MESSAGES[reason], reason)));
      }, commandTimeoutMs[command]);
      const unsubscribe = this.link.onData((chunk) => {
        for (const frame of this.decoder.push(chunk)) {
          if (frame.kind !== 'frame') {
            finish(() => reject(new ReaderError(LINK_FAULT_MESSAGES.checksum, 'checksum')));
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
        .catch(() => finish(() => reject(new ReaderError(LINK_FAULT_MESSAGES.closed, 'closed'))));
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

  /**
   * Whether the reader's security module answers: a status poll. Finding the reader's port
   * and rate asks once per port and rate; a connected reader is asked with retries.
   */
  async probe(attempts = COMMAND_ATTEMPTS): Promise<boolean> {
    try {
      return (await this.send('samStatus', attempts)).status === 0x90;
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
