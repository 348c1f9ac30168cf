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
});
