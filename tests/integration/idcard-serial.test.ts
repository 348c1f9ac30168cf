import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReaderClient, ReaderError } from '../../src-main/devices/idcard/reader-client';
import { SerialLink } from '../../src-main/devices/idcard/serial-link';
import type { SimulatorFault } from '../../src-main/devices/idcard/simulator/reader-simulator';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

let pty: PtyPair;
let reader: PtyReader;
let link: SerialLink;
let client: ReaderClient;

async function plugIn(): Promise<void> {
  pty = await openPtyPair();
  reader = await servePtyReader(pty.device);
  link = await SerialLink.open({ path: pty.host });
  client = new ReaderClient(link);
}

beforeEach(plugIn);

afterEach(async () => {
  await link?.close();
  await reader?.close();
  await pty?.unplug();
});

describe('reading an ID card over a serial port (socat pty, real serialport binding)', () => {
  it('reads the card placed on the reader', async () => {
    reader.simulator.placeCard(sampleCard({ name: '李四' }));
    expect(await client.probe()).toBe(true);
    const card = await client.readCard();
    expect(card).toMatchObject({ kind: 'resident', name: '李四', nation: '汉', validTo: '长期' });
  });

  it('says to place the card when there is none', async () => {
    await expect(client.readCard()).rejects.toThrow('未检测到身份证，请将身份证放在读卡器感应区。');
  });

  it('fails the next find while a read card stays on the reader, as real readers do', async () => {
    reader.simulator.placeCard(sampleCard());
    await client.readCard();
    await expect(client.readCard()).rejects.toMatchObject({ status: 0x80 });
    reader.simulator.liftCard();
    reader.simulator.placeCard(sampleCard({ name: '王五' }));
    expect((await client.readCard()).name).toBe('王五');
  });

  it.each<[SimulatorFault, RegExp]>([
    ['bad-checksum', /校验错误/],
    ['truncated', /不完整/],
    ['silence', /无响应/],
  ])(
    'ends a %s answer to the read in its own message within 3 s, and the next read works',
    async (fault, message) => {
      reader.simulator.placeCard(sampleCard());
      reader.simulator.injectFault(fault, { command: 0x30 });
      const started = Date.now();
      await expect(client.readCard()).rejects.toThrow(message);
      expect(Date.now() - started).toBeLessThan(3000);
      reader.simulator.liftCard();
      reader.simulator.placeCard(sampleCard());
      expect((await client.readCard()).name).toBe('张三');
    },
  );

  it.each<SimulatorFault>(['bad-checksum', 'truncated', 'silence'])(
    'sends find and select again after one %s answer, and reads the card',
    async (fault) => {
      reader.simulator.placeCard(sampleCard({ name: '冯十二' }));
      reader.simulator.injectFault(fault, { command: 0x20 });
      reader.simulator.injectFault(fault, { command: 0x20 });
      expect((await client.readCard()).name).toBe('冯十二');
    },
  );

  it('gives up on a reader that stays silent after three tries, in under a second', async () => {
    reader.simulator.placeCard(sampleCard());
    reader.simulator.injectFault('silence', { count: Infinity });
    const started = Date.now();
    await expect(client.readCard()).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reads through garbage before the preamble', async () => {
    reader.simulator.placeCard(sampleCard());
    reader.simulator.injectFault('garbage-prefix');
    expect((await client.readCard()).name).toBe('张三');
  });

  it('ends a read cut off by an unplug mid-response within 3 s, and reads after re-plugging', async () => {
    await reader.close();
    const unplugged = pty;
    reader = await servePtyReader(pty.device, { onUnplug: () => void unplugged.unplug() });
    reader.simulator.placeCard(sampleCard());
    await client.send('findCard');
    await client.send('selectCard');
    reader.simulator.injectFault('unplug', { command: 0x30 });
    const started = Date.now();
    await expect(client.readCard()).rejects.toBeInstanceOf(ReaderError);
    expect(Date.now() - started).toBeLessThan(3000);
    await link.close();
    await reader.close();
    await plugIn();
    reader.simulator.placeCard(sampleCard({ name: '钱十一' }));
    expect((await client.readCard()).name).toBe('钱十一');
  });

  it('reports an unplugged reader, and reads again once it is plugged back in', async () => {
    reader.simulator.placeCard(sampleCard());
    await reader.close();
    await pty.unplug();
    const error: unknown = await client.readCard().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReaderError);
    expect((error as ReaderError).message).toMatch(/无响应|断开/);
    await link.close();
    await plugIn();
    reader.simulator.placeCard(sampleCard({ name: '赵六' }));
    expect((await client.readCard()).name).toBe('赵六');
  });

  it('reads from the simulator running as a process of its own on the other end', async () => {
    await reader.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/simulators/idcard/serve.ts', pty.device],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
      });
      expect((await client.readCard()).idNumber).toBe('11010519491231002X');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
