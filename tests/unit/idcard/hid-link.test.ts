import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HidDeviceLike } from '../../../src-main/devices/idcard/hid-link';
import {
  HID_REPORT_BYTES,
  HidLink,
  HidReassembler,
} from '../../../src-main/devices/idcard/hid-link';
import { ReaderClient } from '../../../src-main/devices/idcard/reader-client';
import { ReaderSimulator } from '../../../src-main/devices/idcard/simulator/reader-simulator';
import { sampleCard } from '../../simulators/idcard/pty-reader';

/** A node-hid device whose far end is the reader simulator, speaking in 64-byte reports. */
class SimulatedHidDevice extends EventEmitter implements HidDeviceLike {
  readonly written: number[][] = [];
  constructor(readonly simulator: ReaderSimulator) {
    super();
  }
  write(values: number[]): number {
    this.written.push(values);
    for (const reply of this.simulator.receive(Uint8Array.from(values.slice(1)))) {
      for (let offset = 0; offset < reply.bytes.length; offset += HID_REPORT_BYTES) {
        const report = Buffer.alloc(HID_REPORT_BYTES);
        Buffer.from(reply.bytes.subarray(offset, offset + HID_REPORT_BYTES)).copy(report);
        queueMicrotask(() => this.emit('data', report));
      }
    }
    return values.length;
  }
  close(): void {
    this.removeAllListeners();
  }
}

describe('HID readers', () => {
  it('reads a whole card whose 1,295-byte answer comes in 21 padded reports', async () => {
    const simulator = new ReaderSimulator();
    simulator.placeCard(sampleCard({ name: '孙七' }));
    const device = new SimulatedHidDevice(simulator);
    const card = await new ReaderClient(new HidLink(device)).readCard();
    expect(card.name).toBe('孙七');
    expect(device.written.every((report) => report.length === HID_REPORT_BYTES + 1)).toBe(true);
  });

  it('drops report padding and keeps frames whole across report boundaries', () => {
    const reassembler = new HidReassembler();
    const frame = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94);
    const first = new Uint8Array(64);
    first.set(frame.subarray(0, 6), 58);
    const second = new Uint8Array(64);
    second.set(frame.subarray(6), 0);
    expect(reassembler.push(first)).toEqual([]);
    expect(reassembler.push(second)).toEqual([frame]);
  });
});
