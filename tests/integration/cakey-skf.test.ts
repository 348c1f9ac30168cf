import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyFromCertificate } from '../../src-main/domain/ca-certificate';
import { parseCertificate } from '../../src-main/devices/cakey/certificate';
import type { KoffiForSkf } from '../../src-main/devices/cakey/skf-module';
import { SkfModule } from '../../src-main/devices/cakey/skf-module';
import { findLibraries } from '../../src-main/devices/native-library-locations';
import { systemClock } from '../../src-main/domain/ports/clock';
import { CaKeyDesk } from '../../src-main/services/cakey/cakey-desk';

let dir: string;
let module: SkfModule;

const machineKoffi: KoffiForSkf = {
  load: (path) => {
    const library = koffi.load(path);
    return { func: (definition) => library.func(definition), unload: () => library.unload() };
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-skf-'));
  chmodSync(dir, 0o755);
  const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir });
  // An SM2 key and its SM3withSM2 certificate carrying the credit code (GM/T 0015).
  run('openssl', [
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:SM2',
    '-out',
    'k.pem',
  ]);
  run('openssl', [
    'req',
    '-new',
    '-x509',
    '-key',
    'k.pem',
    '-sm3',
    '-days',
    '30',
    '-utf8',
    '-out',
    'c.pem',
    '-subj',
    '/CN=示例国密科技有限公司/O=示例国密科技有限公司/C=CN',
    '-addext',
    '1.2.156.10260.4.1.4=ASN1:UTF8String:91350100M000100Y43',
  ]);
  run('openssl', ['x509', '-in', 'c.pem', '-outform', 'DER', '-out', 'c.der']);
  const library = join(dir, 'libgm3000skf.so');
  run('gcc', [
    '-shared',
    '-fPIC',
    '-o',
    library,
    join(import.meta.dirname, '..', 'fixtures', 'sdt-stub', 'skf-stub.c'),
  ]);
  chmodSync(library, 0o755);
  process.env.SKF_STUB_DEVICE = 'GM3000-0001';
  process.env.SKF_STUB_CERT = join(dir, 'c.der');
  process.env.SKF_STUB_PIN = '123456';
  const [found] = findLibraries('skf', { vendor: [dir], system: [] });
  module = SkfModule.open(machineKoffi, found ?? '');
});

afterAll(async () => {
  await module.close();
  rmSync(dir, { recursive: true, force: true });
  for (const name of ['SKF_STUB_DEVICE', 'SKF_STUB_CERT', 'SKF_STUB_PIN', 'SKF_STUB_REMOVED'])
    delete process.env[name];
});

describe('a CA key that speaks only SKF (GM/T 0016), with an SM2 certificate', () => {
  it('lists the key present, reads its SM2 signing certificate and the credit code in it', async () => {
    const [token] = await module.tokens();
    expect(token).toMatchObject({ label: 'GM3000-0001', pinLocked: false, pinFinalTry: false });
    const session = await module.openSession(token?.slot ?? '');
    const [certificate] = await session.certificates();
    const parsed = parseCertificate(certificate?.der ?? new Uint8Array());
    expect(parsed.mechanism).toBeNull(); // SM3withSM2: the proof rests on the PIN
    expect(parsed.algorithm).toBe('SM2 / SM3');
    expect(companyFromCertificate(parsed.facts)).toMatchObject({
      companyName: '示例国密科技有限公司',
      creditCode: '91350100M000100Y43',
    });
  });

  it('says no key is there when SKF lists none, and removed when it goes mid-operation', async () => {
    const [token] = await module.tokens();
    process.env.SKF_STUB_REMOVED = '1';
    try {
      expect(await module.tokens()).toEqual([]);
      await expect(module.openSession(token?.slot ?? '')).rejects.toMatchObject({
        reason: 'token-removed',
      });
    } finally {
      delete process.env.SKF_STUB_REMOVED;
    }
  });

  it('checks the PIN with the tries left: wrong, last try, then locked and never asked again', async () => {
    const [token] = await module.tokens();
    const session = await module.openSession(token?.slot ?? '');
    await session.login('123456');
    await expect(session.login('000000')).rejects.toMatchObject({
      reason: 'pin-incorrect',
      token: { pinFinalTry: false },
    });
    await expect(session.login('000000')).rejects.toMatchObject({
      reason: 'pin-incorrect',
      token: { pinFinalTry: true },
    });
    await expect(session.login('000000')).rejects.toMatchObject({ reason: 'pin-locked' });
    expect((await module.tokens())[0]?.pinLocked).toBe(true);
    await expect(session.login('123456')).rejects.toMatchObject({ reason: 'pin-locked' });
  });

  it('is used by the counter for a configured SKF driver in the allowed folders, and refused elsewhere', async () => {
    const library = join(dir, 'libgm3000skf.so');
    const settings = {
      cakeyMode: 'usb' as const,
      cakeyModules: { longmai: library },
      cakeyUsbIds: [],
    };
    const noHidKeys = {
      present: () => [],
      subscribe: () => () => undefined,
      close: () => undefined,
    };
    const desk = new CaKeyDesk({
      trainingDir: dir,
      clock: systemClock,
      watch: () => noHidKeys,
      libraryFolders: { vendor: [dir], system: [] },
    });
    try {
      expect(desk.status(settings)).toMatchObject({ state: 'ready' });
      expect(desk.status(settings).detail).toContain('GM3000-0001');
      const labels = await desk.withModule(settings, async (skf) =>
        (await skf.tokens()).map((token) => token.label),
      );
      expect(labels).toEqual(['GM3000-0001']);
    } finally {
      desk.close();
    }
    const elsewhere = new CaKeyDesk({
      trainingDir: dir,
      clock: systemClock,
      watch: () => noHidKeys,
      libraryFolders: { vendor: [], system: [] },
    });
    try {
      // Not in an allowed folder: never loaded, so no key is seen through it.
      expect(elsewhere.status(settings)).toMatchObject({ state: 'absent' });
    } finally {
      elsewhere.close();
    }
  });
});
