import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HidDeviceLike } from '../../../src-main/devices/idcard/hid-link';
import {
  HID_REPORT_BYTES,
  HidLink,
  HidReassembler,
} from '../../../src-main/devices/idcard/hid-link';
import type { HidBus } from '../../../src-main/devices/idcard/connectors';
import { hidConnector } from '../../../src-main/devices/idcard/connectors';
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

  it('drops a frame whose LEN no answer can have, and reads the next one', () => {
    const reassembler = new HidReassembler();
    const bogus = new Uint8Array(64);
    bogus.set([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff], 0);
    const good = new Uint8Array(64);
    const frame = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94);
    good.set(frame, 0);
    expect(reassembler.push(bogus)).toEqual([]);
    expect(reassembler.push(good)).toEqual([frame]);
  });

  it("chooses, among the interfaces under the reader's id, the one that answers SAM frames", async () => {
    const simulator = new ReaderSimulator();
    simulator.placeCard(sampleCard({ name: '蒋十五' }));
    const keyboard = new (class extends EventEmitter implements HidDeviceLike {
      written = 0;
      write(values: number[]): number {
        this.written += 1;
        return values.length;
      }
      close(): void {
        this.removeAllListeners();
      }
    })();
    const bus: HidBus = {
      devices: () =>
        Promise.resolve([
          { vendorId: 0x2b8b, productId: 0x2721, path: 'kbd' },
          { vendorId: 0x2b8b, productId: 0x2721, path: 'sam' },
        ]),
      open: (path) => (path === 'kbd' ? keyboard : new SimulatedHidDevice(simulator)),
    };
    const connection = await hidConnector('2B8B:2721', bus)();
    expect(keyboard.written).toBe(1);
    expect((await connection.client.readCard()).name).toBe('蒋十五');
  });
});
