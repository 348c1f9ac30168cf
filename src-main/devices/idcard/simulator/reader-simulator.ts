import { parseResponse } from '../commands';
import { encodeFrame, FrameDecoder } from '../frame';

/** A card on the simulated reader: the 256-byte text block and the 1024-byte photo. */
export interface SimulatedCard {
  text: Uint8Array;
  photo: Uint8Array;
}

/** What can go wrong on the wire, injected into the next response. */
export type SimulatorFault = 'bad-checksum' | 'truncated' | 'silence' | 'garbage-prefix' | 'unplug';

/** One answer of the simulated reader: the bytes to send, after how long. */
export interface SimulatedReply {
  bytes: Uint8Array;
  delayMs: number;
  /** The reader is pulled out right after sending these bytes (fault 'unplug'). */
  thenUnplug?: boolean;
}

const status = (sw3: number, data: Uint8Array = new Uint8Array(0)) =>
  encodeFrame(Uint8Array.of(0x00, 0x00, sw3, ...data));

/**
 * The reader end of the wire, as pure logic: it answers the commands of IDCARD.md §2 with
 * the status codes of §2.2 and models real readers, where a card left on the reader after
 * a read fails the next find until it is lifted. Tests put it at the far end of a pty, and
 * the app's training reader runs it in-process.
 */
export class ReaderSimulator {
  private readonly decoder = new FrameDecoder();
  private card: SimulatedCard | null = null;
  private readSinceLift = false;
  private selected = false;
  private faults: { fault: SimulatorFault; left: number; command: number | null }[] = [];

  constructor(private readonly options: { samDelayMs?: number } = {}) {}

  /** Puts a card on the reader. */
  placeCard(card: SimulatedCard): void {
    this.card = card;
    this.readSinceLift = false;
    this.selected = false;
  }

  /** Takes the card away. */
  liftCard(): void {
    this.card = null;
    this.readSinceLift = false;
    this.selected = false;
  }

  /**
   * Makes the next reply go wrong in this way; `count` replies in a row (Infinity for a
   * reader that stays broken), or only the replies to one command byte (e.g. 0x30, the read).
   */
  injectFault(fault: SimulatorFault, options: { count?: number; command?: number } = {}): void {
    this.faults.push({ fault, left: options.count ?? 1, command: options.command ?? null });
  }

  /** Mends the reader: no more injected faults. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Takes bytes from the host and returns the replies to the commands they complete. */
  receive(bytes: Uint8Array): SimulatedReply[] {
    const replies: SimulatedReply[] = [];
    for (const frame of this.decoder.push(bytes)) {
      const reply =
        frame.kind === 'frame'
          ? this.answer(frame.body)
          : status(frame.kind === 'bad-checksum' ? 0x10 : 0x11);
      const command = frame.kind === 'frame' ? frame.body[0] : undefined;
      const fault = this.takeFault(command);
      const faulty = this.applyFault(reply, fault);
      if (faulty)
        replies.push({
          bytes: faulty,
          delayMs: this.delayFor(frame.kind === 'frame' ? frame.body : null),
          ...(fault === 'unplug' ? { thenUnplug: true } : {}),
        });
    }
    return replies;
  }

  private delayFor(body: Uint8Array | null): number {
    // The SAM's work is the card read; status and find answer at once.
    return body?.[0] === 0x30 ? (this.options.samDelayMs ?? 0) : 0;
  }

  private takeFault(command: number | undefined): SimulatorFault | null {
    const entry = this.faults.find((f) => f.command === null || f.command === command);
    if (!entry) return null;
    entry.left -= 1;
    if (entry.left <= 0) this.faults = this.faults.filter((f) => f !== entry);
    return entry.fault;
  }

  private applyFault(reply: Uint8Array, fault: SimulatorFault | null): Uint8Array | null {
    switch (fault) {
      case null:
        return reply;
      case 'bad-checksum': {
        const broken = Uint8Array.from(reply);
        broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0xff;
        return broken;
      }
      case 'truncated':
      case 'unplug':
        return reply.slice(0, Math.max(6, reply.length >> 1));
      case 'silence':
        return null;
      case 'garbage-prefix':
        return Uint8Array.of(0x13, 0xaa, 0x00, ...reply);
    }
  }

  private answer(body: Uint8Array): Uint8Array {
    const [cmd, para] = body;
    if (cmd === 0x10 || cmd === 0x11) return status(0x90);
    if (cmd === 0x12) return status(0x90, new Uint8Array(16));
    if (cmd === 0x20 && para === 0x01) {
      if (!this.card || this.readSinceLift) return status(0x80);
      return status(0x9f, new Uint8Array(4));
    }
    if (cmd === 0x20 && para === 0x02) {
      if (!this.card || this.readSinceLift) return status(0x81);
      this.selected = true;
      return status(0x90, new Uint8Array(8));
    }
    if (cmd === 0x30 && (para === 0x01 || para === 0x10)) {
      if (!this.card || !this.selected) return status(0x41);
      this.readSinceLift = true;
      this.selected = false;
      const fingerprint = para === 0x10;
      const lengths = fingerprint ? [0x01, 0x00, 0x04, 0x00, 0x00, 0x00] : [0x01, 0x00, 0x04, 0x00];
      return status(0x90, Uint8Array.of(...lengths, ...this.card.text, ...this.card.photo));
    }
    if (cmd === 0x30 && para === 0x03) return status(0x91);
    return status(0x21);
  }
}

/** Whether a reply frame carries this status (for tests reading the simulator directly). */
export function replyStatus(reply: Uint8Array): number | null {
  const frames = new FrameDecoder().push(reply);
  const first = frames[0];
  return first?.kind === 'frame' ? (parseResponse(first.body)?.status ?? null) : null;
}
