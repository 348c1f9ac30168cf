import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { PinpadLink } from '../../src-main/devices/pinpad/pinpad-link';
import type { PinpadKey } from '../../src-main/devices/pinpad/protocol';
import {
  applicantScreen,
  citizenCaseReady,
  confirmAndConsent,
  pairScreen,
} from '../helpers/applicant-flow';
import { call, callFails } from '../helpers/core-harness';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';
import type { PtyPinpad } from '../simulators/pinpad/pty-pinpad';
import { PINPAD_MODEL, servePtyPinpad } from '../simulators/pinpad/pty-pinpad';

/**
 * The PIN pad (密码键盘) over a real serial binding: a socat pty with the simulated pad (PP1)
 * at the far end, first the link alone, then through the core to the applicant's screen.
 */
let pty: PtyPair;
let pad: PtyPinpad;

beforeEach(async () => {
  pty = await openPtyPair();
  pad = await servePtyPinpad(pty.device);
});

afterEach(async () => {
  await pad?.close();
  await pty?.unplug();
});

const chars = (text: string): PinpadKey[] => [...text].map((char) => ({ type: 'char', char }));

describe('the PIN pad link (socat pty, real serialport binding)', () => {
  it('pings the pad, receives keys only while entry is on, and survives line noise', async () => {
    const link = await PinpadLink.open({ path: pty.host });
    try {
      const keys: PinpadKey[] = [];
      link.onKey((key) => keys.push(key));
      expect(await link.ping()).toBe(PINPAD_MODEL);
      // Entry off: the pad sends nothing.
      expect(await pad.press('12')).toBe(false);
      await link.enable();
      expect(pad.enabled).toBe(true);
      await pad.sendRaw(Uint8Array.of(0xff, 0x02, 0x4b, 0x01, 0x39, 0x00, 0x03));
      await pad.press('aB3#', { fn: 'backspace' }, { fn: 'enter' });
      await expect.poll(() => keys.length).toBe(6);
      expect(keys).toEqual([...chars('aB3#'), { type: 'backspace' }, { type: 'enter' }]);
      await link.disable();
      expect(pad.enabled).toBe(false);
      expect(pad.commands).toEqual(['P', 'E', 'D']);
    } finally {
      await link.close();
    }
  });

  it('says so when the pad is unplugged or the port does not exist', async () => {
    const link = await PinpadLink.open({ path: pty.host });
    await pad.close();
    await pty.unplug();
    await expect(link.ping()).rejects.toThrow(/密码键盘/);
    await link.close();
    await expect(PinpadLink.open({ path: '/dev/pts/does-not-exist' })).rejects.toThrow(
      '无法打开密码键盘端口 /dev/pts/does-not-exist',
    );
  });
});

describe('the PIN pad on the applicant screen (core)', () => {
  let sync: SyncHarness;
  let screen: CallerSession;

  beforeEach(async () => {
    sync = await openSyncHarness();
    screen = applicantScreen(sync);
  });

  afterEach(async () => {
    await call(sync.harness.core, sync.supervisor, 'handover:setPinpad', {
      kind: 'none',
      port: '',
      baudRate: 9600,
    }).catch(() => undefined);
    await sync.dispose();
  });

  async function caseAtPasswordStep() {
    await pairScreen(sync, screen);
    const { caseNumber } = await citizenCaseReady(sync, 21);
    await call(sync.harness.core, sync.clerk, 'handover:start', { caseNumber });
    return { caseNumber };
  }

  it('is chosen by the supervisor, checked at once, and passes keys only to the open password step of the paired screen', async () => {
    const core = sync.harness.core;
    const settings = { kind: 'serial' as const, port: pty.host, baudRate: 9600 as const };
    expect((await callFails(core, sync.clerk, 'handover:setPinpad', settings)).code).toBe(
      'FORBIDDEN',
    );
    const chosen = await call(core, sync.supervisor, 'handover:setPinpad', settings);
    expect(chosen).toEqual({ ...settings, model: PINPAD_MODEL, problem: null });
    expect((await call(core, sync.clerk, 'handover:pinpad', {})).kind).toBe('serial');

    const { caseNumber } = await caseAtPasswordStep();
    // Before confirmation and consent the step is not open: the pad stays off.
    expect(await call(core, screen, 'applicant:pinpadKeys', { caseNumber })).toEqual({
      pad: 'ready',
      keys: [],
    });
    expect(pad.enabled).toBe(false);
    await confirmAndConsent(sync, screen, caseNumber);

    // The clerk's session cannot take the keys; a second applicant session is not the screen.
    expect((await callFails(core, sync.clerk, 'applicant:pinpadKeys', { caseNumber })).code).toBe(
      'FORBIDDEN',
    );
    const stranger = core.newSession();
    stranger.applicant = true;
    expect((await callFails(core, stranger, 'applicant:pinpadKeys', { caseNumber })).code).toBe(
      'APPLICANT_SCREEN_NOT_PAIRED',
    );

    // The screen asks; the pad lights up; the keys come to that call.
    const waiting = call(core, screen, 'applicant:pinpadKeys', { caseNumber });
    await pad.waitEnabled();
    await pad.press('Q');
    expect(await waiting).toEqual({ pad: 'ready', keys: chars('Q') });
    // Keys pressed between two calls wait for the next one, then are gone.
    await pad.press('w#9', { fn: 'enter' });
    const got: PinpadKey[] = [];
    while (got.length < 4) {
      got.push(...(await call(core, screen, 'applicant:pinpadKeys', { caseNumber })).keys);
    }
    expect(got).toEqual([...chars('w#9'), { type: 'enter' }]);

    // The clerk takes the case back: the pad is switched off and its keys go nowhere.
    await call(core, sync.clerk, 'handover:takeBack', { caseNumber });
    await pad.press('X');
    await expect.poll(() => pad.enabled).toBe(false);
    expect(await call(core, screen, 'applicant:pinpadKeys', { caseNumber })).toEqual({
      pad: 'ready',
      keys: [],
    });
    // Nothing typed reaches the audit log or the logs.
    const audit = JSON.stringify(await call(core, sync.supervisor, 'audit:recent', { limit: 200 }));
    expect(audit).toContain('修改密码键盘设置');
    expect(audit).not.toContain('w#9');
    expect(sync.harness.logged.join('\n')).not.toContain('w#9');
  });

  it('answers unavailable when the pad is gone, and absent when the counter has none', async () => {
    const core = sync.harness.core;
    await call(core, sync.supervisor, 'handover:setPinpad', {
      kind: 'serial',
      port: pty.host,
      baudRate: 9600,
    });
    const { caseNumber } = await caseAtPasswordStep();
    await confirmAndConsent(sync, screen, caseNumber);
    await pad.close();
    await pty.unplug();
    await expect
      .poll(async () => (await call(core, screen, 'applicant:pinpadKeys', { caseNumber })).pad)
      .toBe('unavailable');
    await call(core, sync.supervisor, 'handover:setPinpad', {
      kind: 'none',
      port: '',
      baudRate: 9600,
    });
    expect((await call(core, screen, 'applicant:pinpadKeys', { caseNumber })).pad).toBe('absent');
  });
});
