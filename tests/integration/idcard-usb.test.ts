import { afterEach, describe, expect, it } from 'vitest';
import { usbConnector } from '../../src-main/devices/idcard/connectors';
import type { ReaderConnection } from '../../src-main/devices/idcard/reader-service';
import { ReaderService } from '../../src-main/devices/idcard/reader-service';
import { ReaderSimulator } from '../../src-main/devices/idcard/simulator/reader-simulator';
import type { ReaderEvent } from '../../src-main/domain/ports/id-card-reader';
import { FakeUsbBus, FakeUsbDevice } from '../fakes/usb';
import { sampleCard } from '../simulators/idcard/pty-reader';

let connection: ReaderConnection | null = null;
let service: ReaderService | null = null;

afterEach(async () => {
  await connection?.close();
  await service?.close();
  connection = null;
  service = null;
});

function machine() {
  const bus = new FakeUsbBus();
  const simulator = new ReaderSimulator();
  const device = bus.plug(new FakeUsbDevice(simulator));
  return { bus, simulator, device };
}

describe('raw-USB readers (0400:C35A) through the usb package, simulated at its boundary', () => {
  it('claims the bulk interface and reads a card whose answer spans several IN transfers', async () => {
    const { bus, simulator, device } = machine();
    bus.plug(new FakeUsbDevice(new ReaderSimulator(), 0x1234, 0x5678));
    simulator.placeCard(sampleCard({ name: '韩十七' }));
    connection = await usbConnector('', bus)();
    expect(device.claimed).toBe(0);
    const card = await connection.client.readCard();
    expect(card).toMatchObject({ kind: 'resident', name: '韩十七' });
    expect(card.photo).toHaveLength(1024);
    expect(device.written[0]).toEqual(
      Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22),
    );
  });

  it('says no reader is plugged in when no device has a reader id, and honours a named id', async () => {
    const bus = new FakeUsbBus();
    const other = bus.plug(new FakeUsbDevice(new ReaderSimulator(), 0x1234, 0x5678));
    await expect(usbConnector('', bus)()).rejects.toThrow('未找到 USB 身份证读卡器');
    other.simulator.placeCard(sampleCard({ name: '杨十八' }));
    connection = await usbConnector('1234:5678', bus)();
    expect((await connection.client.readCard()).name).toBe('杨十八');
    await expect(usbConnector('reader', bus)()).rejects.toThrow('VID:PID');
  });

  it('clears a stalled IN endpoint (PIPE) and reads the answer', async () => {
    const { bus, simulator, device } = machine();
    simulator.placeCard(sampleCard());
    connection = await usbConnector('', bus)();
    device.haltIn();
    expect(await connection.client.probe()).toBe(true);
    expect((await connection.client.readCard()).name).toBe('张三');
  });

  it('ends a silent reader in "no answer" after three short tries (TIMEOUT)', async () => {
    const { bus, simulator } = machine();
    connection = await usbConnector('', bus)();
    simulator.injectFault('silence', { count: Infinity });
    const started = Date.now();
    await expect(connection.client.readCard()).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a reader unplugged mid-read (NO_DEVICE) as lost at once, and reads after it is plugged back in', async () => {
    const { bus, simulator } = machine();
    const events: ReaderEvent[] = [];
    service = new ReaderService(usbConnector('', bus), { pollMs: 30, reconnectMs: 100 });
    service.subscribe((event) => events.push(event));
    service.want();
    await until(events, 'reader-connected');
    simulator.injectFault('unplug', { command: 0x30 });
    const unplugged = Date.now();
    simulator.placeCard(sampleCard());
    const lost = await until(events, 'reader-lost');
    expect(Date.now() - unplugged).toBeLessThan(1000);
    expect(lost.kind === 'reader-lost' && lost.message).toMatch(/断开/);
    expect(bus.listenerCount).toBe(0);
    const again = bus.plug(new FakeUsbDevice(new ReaderSimulator()));
    again.simulator.placeCard(sampleCard({ name: '朱十九' }));
    await until(events, 'reader-connected');
    const read = await until(events, 'card-read');
    expect(read.kind === 'card-read' && read.card.name).toBe('朱十九');
  });

  it('loads the real usb package, and says in words that this machine has no reader', async () => {
    // Containers may have no /sys/bus/usb at all: then the list itself cannot be read.
    await expect(usbConnector('')()).rejects.toThrow(
      /未找到 USB 身份证读卡器|无法读取本机的 USB 设备列表/,
    );
  });
});

async function until(
  events: ReaderEvent[],
  kind: ReaderEvent['kind'],
  timeoutMs = 3000,
): Promise<ReaderEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const index = events.findIndex((event) => event.kind === kind);
    if (index >= 0) return events.splice(index, 1)[0] as ReaderEvent;
    if (Date.now() > deadline) throw new Error(`no ${kind} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
