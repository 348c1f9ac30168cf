import { afterEach, describe, expect, it } from 'vitest';
import { ReaderClient } from '../../src-main/devices/idcard/reader-client';
import type { ReaderConnection } from '../../src-main/devices/idcard/reader-service';
import { ReaderService } from '../../src-main/devices/idcard/reader-service';
import { SerialLink } from '../../src-main/devices/idcard/serial-link';
import type { ReaderEvent } from '../../src-main/domain/ports/id-card-reader';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

let pty: PtyPair | null = null;
let reader: PtyReader | null = null;
let service: ReaderService | null = null;
const events: ReaderEvent[] = [];

async function plugIn(): Promise<PtyReader> {
  pty = await openPtyPair();
  reader = await servePtyReader(pty.device);
  return reader;
}

/** Connects to whichever pty is plugged in now, as the app reconnects to its port. */
async function connect(): Promise<ReaderConnection> {
  if (!pty) throw new Error('unplugged');
  const link = await SerialLink.open({ path: pty.host });
  return {
    client: new ReaderClient(link),
    onLost: (cb) => link.onClose(cb),
    close: () => link.close(),
  };
}

async function until(kind: ReaderEvent['kind'], timeoutMs = 3000): Promise<ReaderEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const index = events.findIndex((event) => event.kind === kind);
    if (index >= 0) return events.splice(index, 1)[0] as ReaderEvent;
    if (Date.now() > deadline) throw new Error(`no ${kind} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

afterEach(async () => {
  await service?.close();
  await reader?.close();
  await pty?.unplug();
  service = null;
  reader = null;
  pty = null;
  events.length = 0;
});

describe('the reader service', () => {
  it('reads a card placed while a screen waits for one, and polls only while wanted', async () => {
    const simulator = (await plugIn()).simulator;
    service = new ReaderService(connect, { pollMs: 50, reconnectMs: 100 });
    service.subscribe((event) => events.push(event));
    const release = service.want();
    await until('reader-connected');
    simulator.placeCard(sampleCard({ name: '周八' }));
    const read = await until('card-read');
    expect(read.kind === 'card-read' && read.card.name).toBe('周八');
    release();
    simulator.liftCard();
    simulator.placeCard(sampleCard({ name: '吴九' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.filter((event) => event.kind === 'card-read')).toEqual([]);
  });

  it('survives an unplug and reads again after the reader is plugged back in', async () => {
    await plugIn();
    service = new ReaderService(connect, { pollMs: 50, reconnectMs: 100 });
    service.subscribe((event) => events.push(event));
    service.want();
    await until('reader-connected');
    await reader?.close();
    await pty?.unplug();
    pty = null;
    const lost = await until('reader-lost');
    expect(lost.kind === 'reader-lost' && lost.message).toMatch(/断开|无响应/);
    const simulator = (await plugIn()).simulator;
    simulator.placeCard(sampleCard({ name: '郑十' }));
    await until('reader-connected');
    const read = await until('card-read');
    expect(read.kind === 'card-read' && read.card.name).toBe('郑十');
  });

  it.each([
    ['bad-checksum', 'bad-data'],
    ['truncated', 'cut-off'],
    ['silence', 'no-answer'],
  ] as const)(
    'reports a %s answer to the read as %s within 3 s, keeps the reader, and reads the next card',
    async (fault, expected) => {
      const simulator = (await plugIn()).simulator;
      service = new ReaderService(connect, { pollMs: 50, reconnectMs: 100 });
      service.subscribe((event) => events.push(event));
      service.want();
      await until('reader-connected');
      simulator.injectFault(fault, { command: 0x30 });
      const placed = Date.now();
      simulator.placeCard(sampleCard());
      const failed = await until('read-failed');
      expect(Date.now() - placed).toBeLessThan(3000);
      expect(failed).toMatchObject({ kind: 'read-failed', fault: expected });
      simulator.liftCard();
      simulator.placeCard(sampleCard({ name: '陈十三' }));
      const read = await until('card-read');
      expect(read.kind === 'card-read' && read.card.name).toBe('陈十三');
      expect(events.filter((event) => event.kind === 'reader-lost')).toEqual([]);
    },
  );

  it('calls a silent reader lost only after three failed status polls in a row', async () => {
    const simulator = (await plugIn()).simulator;
    service = new ReaderService(connect, { pollMs: 50, reconnectMs: 100 });
    service.subscribe((event) => events.push(event));
    service.want();
    await until('reader-connected');
    simulator.injectFault('silence', { count: Infinity });
    const first = await until('read-failed');
    expect(first).toMatchObject({ fault: 'no-answer' });
    expect(events.filter((event) => event.kind === 'reader-lost')).toEqual([]);
    await until('reader-lost', 8000);
    const faults = events.filter((event) => event.kind === 'read-failed');
    expect(faults.length).toBeGreaterThanOrEqual(2);
    simulator.clearFaults();
    simulator.placeCard(sampleCard({ name: '褚十四' }));
    await until('reader-connected');
    const read = await until('card-read');
    expect(read.kind === 'card-read' && read.card.name).toBe('褚十四');
  });

  it('says the reader cannot be found, and tries again only after the reconnect pause', async () => {
    let attempts = 0;
    service = new ReaderService(
      () => {
        attempts += 1;
        return Promise.reject(new Error('无法打开读卡器端口 /dev/ttyUSB9，请检查读卡器是否插好。'));
      },
      { pollMs: 50, reconnectMs: 400 },
    );
    service.subscribe((event) => events.push(event));
    const release = service.want();
    const missing = await until('read-failed');
    expect(missing).toMatchObject({ fault: 'not-found' });
    expect(missing.kind === 'read-failed' && missing.message).toMatch(/ttyUSB9/);
    release();
    service.want();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(attempts).toBe(1);
    await until('read-failed');
    expect(attempts).toBe(2);
  });
});
