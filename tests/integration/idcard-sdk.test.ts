import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkConnector } from '../../src-main/devices/idcard/connectors';
import { SDT_USB_PORT } from '../../src-main/devices/idcard/sdt-library';
import type { ReaderConnection } from '../../src-main/devices/idcard/reader-service';
import { findLibraries, isAllowedLibrary } from '../../src-main/devices/native-library-locations';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { PtyReader } from '../simulators/idcard/pty-reader';
import { sampleCard, servePtyReader } from '../simulators/idcard/pty-reader';

let vendorDir: string;
let library: string;
let pty: PtyPair;
let reader: PtyReader;
let connection: ReaderConnection | null = null;

beforeAll(() => {
  // The stub SDK, compiled here: the vendor's ABI, speaking SAM frames over the pty.
  vendorDir = mkdtempSync(join(tmpdir(), 'counter-vendor-'));
  chmodSync(vendorDir, 0o755);
  library = join(vendorDir, 'libsdtapi.so');
  execFileSync('gcc', [
    '-shared',
    '-fPIC',
    '-O1',
    '-o',
    library,
    join(import.meta.dirname, '..', 'fixtures', 'sdt-stub', 'sdtapi-stub.c'),
  ]);
  chmodSync(library, 0o755);
});

afterAll(() => rmSync(vendorDir, { recursive: true, force: true }));

beforeEach(async () => {
  pty = await openPtyPair();
  reader = await servePtyReader(pty.device);
  process.env.SDT_STUB_PORT = pty.host;
});

afterEach(async () => {
  await connection?.close();
  connection = null;
  await reader.close();
  await pty.unplug();
  delete process.env.SDT_STUB_PORT;
});

function connect(): Promise<ReaderConnection> {
  return sdkConnector(library, SDT_USB_PORT)();
}

describe("a reader behind its vendor's SDT SDK (koffi, a stub library built with gcc)", () => {
  it('finds the SDK only in the allowed folders, and only when no one else may write it', () => {
    const folders = { vendor: [vendorDir], system: [] };
    expect(findLibraries('sdt', folders)).toEqual([library]);
    expect(isAllowedLibrary(library, folders)).toBe(true);
    expect(isAllowedLibrary(library, { vendor: [], system: [] })).toBe(false);
    expect(isAllowedLibrary('libsdtapi.so', folders)).toBe(false);
    const planted = join(vendorDir, 'libsdtapi-planted.so');
    copyFileSync(library, planted);
    chmodSync(planted, 0o666);
    expect(isAllowedLibrary(planted, folders)).toBe(false);
    expect(findLibraries('sdt', folders)).toEqual([library]);
    rmSync(planted);
  });

  it('reads a card through SDT_StartFindIDCard, SDT_SelectIDCard and SDT_ReadBaseMsg', async () => {
    reader.simulator.placeCard(sampleCard({ name: '尤二一' }));
    connection = await connect();
    expect(await connection.client.probe()).toBe(true);
    const card = await connection.client.readCard();
    expect(card).toMatchObject({
      kind: 'resident',
      name: '尤二一',
      idNumber: '11010519491231002X',
    });
    expect(card.photo).toHaveLength(1024);
  });

  it('says to place the card when there is none (0x80 from the SDK)', async () => {
    connection = await connect();
    await expect(connection.client.readCard()).rejects.toMatchObject({ status: 0x80 });
  });

  it.each([
    ['bad-checksum', 'checksum'],
    ['truncated', 'timeout'],
    ['silence', 'timeout'],
  ] as const)(
    'passes a %s answer to the read through the SDK as a %s fault within 3 s',
    async (fault, reason) => {
      reader.simulator.placeCard(sampleCard());
      connection = await connect();
      reader.simulator.injectFault(fault, { command: 0x30 });
      const started = Date.now();
      await expect(connection.client.readCard()).rejects.toMatchObject({ reason });
      expect(Date.now() - started).toBeLessThan(3000);
    },
  );

  it('sends find again after one lost answer, as with the other readers', async () => {
    reader.simulator.placeCard(sampleCard({ name: '许二二' }));
    connection = await connect();
    reader.simulator.injectFault('silence', { command: 0x20 });
    expect((await connection.client.readCard()).name).toBe('许二二');
  });

  it('explains a reader that does not answer when the port is opened', async () => {
    reader.simulator.injectFault('silence', { count: Infinity });
    await expect(connect()).rejects.toThrow('读卡器无响应');
  });
});
