import { MAX_FRAME_BYTES, PREAMBLE } from './frame';
import type { ByteLink } from './reader-client';

/** HID readers move frames in fixed 64-byte reports. */
export const HID_REPORT_BYTES = 64;

/** The part of a node-hid device the link uses; tests pass a fake. */
export interface HidDeviceLike {
  write(values: number[]): number;
  on(event: 'data', listener: (report: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  removeListener(event: 'data', listener: (report: Buffer) => void): void;
  close(): void;
}

/**
 * Cuts the padding off a report stream: a frame starts at a preamble and is `7 + LEN` bytes
 * long, whatever the report boundaries; the zeros that fill a report's tail are dropped. A
 * LEN that no answer can have (under 4, or a frame over 4,096 bytes) is not waited for: the
 * reassembler drops it and looks for the next preamble, so a garbled length never makes it
 * swallow every report that follows.
 */
export class HidReassembler {
  private pending: number[] = [];
  private expected = 0;

  /** Takes one report and returns the complete frames it ends. */
  push(report: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const byte of report) {
      if (this.expected === 0 && this.pending.length < PREAMBLE.length) {
        if (byte === PREAMBLE[this.pending.length]) this.pending.push(byte);
        else this.pending = byte === PREAMBLE[0] ? [byte] : [];
        continue;
      }
      this.pending.push(byte);
      if (this.pending.length === 7) {
        const length = ((this.pending[5] ?? 0) << 8) + byte;
        if (length < 4 || 7 + length > MAX_FRAME_BYTES) {
          this.pending = [];
          continue;
        }
        this.expected = 7 + length;
      }
      if (this.expected > 0 && this.pending.length === this.expected) {
        frames.push(Uint8Array.from(this.pending));
        this.pending = [];
        this.expected = 0;
      }
    }
    return frames;
  }
}

/** A reader on USB HID, through node-hid (or a fake device in tests). */
export class HidLink implements ByteLink {
  constructor(private readonly device: HidDeviceLike) {
    // A pulled reader reports an error; the pending command ends in its timeout.
    device.on('error', () => undefined);
  }

  /** Sends a frame as 64-byte reports, each prefixed with report ID 0 as node-hid expects. */
  write(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.length; offset += HID_REPORT_BYTES) {
      const report = new Array<number>(HID_REPORT_BYTES).fill(0);
      bytes.subarray(offset, offset + HID_REPORT_BYTES).forEach((byte, index) => {
        report[index] = byte;
      });
      try {
        this.device.write([0x00, ...report]);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return Promise.resolve();
  }

  /** Hands on whole frames, reassembled from the reports by their LEN. */
  onData(listener: (chunk: Uint8Array) => void): () => void {
    const reassembler = new HidReassembler();
    const onReport = (report: Buffer) => {
      for (const frame of reassembler.push(report)) listener(frame);
    };
    this.device.on('data', onReport);
    return () => this.device.removeListener('data', onReport);
  }

  /** Releases the device. */
  close(): void {
    this.device.close();
  }
}
