import type { PinpadSettings } from '../../contract/applicant-channels';
import { pinpadSettingsSchema } from '../../contract/applicant-channels';
import { PinpadError, PinpadLink } from '../../devices/pinpad/pinpad-link';
import type { PinpadKey } from '../../devices/pinpad/protocol';
import { appendAudit } from '../../store/repositories/audit-log';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { passwordStepOpen } from './applicant';

/**
 * The counter's PIN pad (密码键盘) for the applicant's password. The pad sends plain key
 * events (PP1); the core passes each one on to the applicant's page of the paired screen, and
 * only while that page's password step is open: no log, no audit, no store, and nothing kept
 * beyond the moment the page's next call takes it (a key pressed between two calls waits in
 * memory for milliseconds; every other key is dropped). The page shows a dot per key and
 * seals the password itself, as it does for the keys typed on the screen.
 */

const SETTING_KEY = 'pinpad';
const DEFAULTS: PinpadSettings = { kind: 'none', port: '', baudRate: 9600 };
/** How long one call of the page waits for a key before answering with none. */
export const PINPAD_WAIT_MS = 8_000;

type PadAnswer = { pad: 'absent' | 'ready' | 'unavailable'; keys: PinpadKey[] };

class PadState {
  link: PinpadLink | null = null;
  linkKey = '';
  opening: Promise<PinpadLink> | null = null;
  /** Whose password step the pad is typing into now. */
  entry: { screenId: string; caseNumber: string } | null = null;
  buffer: PinpadKey[] = [];
  waiter: ((keys: PinpadKey[]) => void) | null = null;
}

const states = new WeakMap<ServiceContext, PadState>();

function stateOf(ctx: ServiceContext): PadState {
  let state = states.get(ctx);
  if (!state) {
    state = new PadState();
    states.set(ctx, state);
  }
  return state;
}

/** This counter's PIN pad settings. */
export function getPinpadSettings(ctx: ServiceContext): PinpadSettings {
  const parsed = pinpadSettingsSchema.safeParse(readSetting(ctx.db, SETTING_KEY));
  return parsed.success ? parsed.data : DEFAULTS;
}

/** The settings as the supervisor's section shows them (no check of the pad). */
export function pinpadState(ctx: ServiceContext) {
  return { ...getPinpadSettings(ctx), model: null, problem: null };
}

/** The supervisor chooses the pad (audited); a serial pad is tried once at once. */
export async function setPinpadSettings(
  ctx: ServiceContext,
  actor: Actor,
  input: PinpadSettings,
): Promise<PinpadSettings & { model: string | null; problem: string | null }> {
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTING_KEY, input, nowIso(ctx));
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'applicant.pinpad-settings',
      detail: { kind: input.kind, port: input.port, baudRate: input.baudRate },
    });
  })();
  await closePinpad(ctx);
  if (input.kind === 'none') return { ...input, model: null, problem: null };
  try {
    const link = await linkFor(ctx, input);
    return { ...input, model: await link.ping(), problem: null };
  } catch (error) {
    const problem =
      error instanceof PinpadError ? error.message : '密码键盘无法使用，请检查端口设置。';
    return { ...input, model: null, problem };
  }
}

/** Closes the pad's port (settings changed, the core closing). */
export async function closePinpad(ctx: ServiceContext): Promise<void> {
  const state = stateOf(ctx);
  stopEntry(state);
  const link = state.link;
  state.link = null;
  await link?.close();
}

function stopEntry(state: PadState): void {
  const wasTyping = state.entry !== null;
  state.entry = null;
  state.buffer = [];
  const waiter = state.waiter;
  state.waiter = null;
  waiter?.([]);
  if (wasTyping && state.link?.isOpen) void state.link.disable().catch(() => undefined);
}

async function linkFor(ctx: ServiceContext, settings: PinpadSettings): Promise<PinpadLink> {
  const state = stateOf(ctx);
  const key = `${settings.port}|${settings.baudRate}`;
  if (state.link?.isOpen && state.linkKey === key) return state.link;
  if (state.link) {
    const old = state.link;
    state.link = null;
    await old.close();
  }
  state.opening ??= PinpadLink.open({ path: settings.port, baudRate: settings.baudRate })
    .then((link) => {
      state.link = link;
      state.linkKey = key;
      link.onKey((pressed) => receive(ctx, state, pressed));
      link.onClose(() => {
        if (state.link !== link) return;
        state.link = null;
        stopEntry(state);
      });
      return link;
    })
    .finally(() => {
      state.opening = null;
    });
  return state.opening;
}

/** A key from the pad: to the waiting page of the open password step, or dropped. */
function receive(ctx: ServiceContext, state: PadState, pressed: PinpadKey): void {
  const entry = state.entry;
  let open = false;
  try {
    open = entry !== null && passwordStepOpen(ctx, entry.screenId, entry.caseNumber);
  } catch {
    open = false;
  }
  if (!open) {
    stopEntry(state);
    return;
  }
  const waiter = state.waiter;
  if (waiter) {
    state.waiter = null;
    waiter([pressed]);
  } else {
    state.buffer.push(pressed);
  }
}

/**
 * The applicant page's call while its password step shows: switches the pad's entry on for
 * this case and answers with the keys pressed since the last call (waiting a few seconds for
 * one). `stop` (the page left the step) switches entry off.
 */
export async function pinpadKeys(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; stop?: boolean | undefined },
): Promise<PadAnswer> {
  const settings = getPinpadSettings(ctx);
  const state = stateOf(ctx);
  if (settings.kind === 'none') return { pad: 'absent', keys: [] };
  let open: boolean;
  try {
    open = passwordStepOpen(ctx, screenId, input.caseNumber);
  } catch (error) {
    // This screen was unpaired: its entry ends with it.
    if (state.entry?.screenId === screenId) stopEntry(state);
    throw error;
  }
  if (input.stop || !open) {
    if (state.entry?.screenId === screenId) stopEntry(state);
    return { pad: 'ready', keys: [] };
  }
  let link: PinpadLink;
  try {
    link = await linkFor(ctx, settings);
    if (state.entry?.screenId !== screenId || state.entry.caseNumber !== input.caseNumber) {
      stopEntry(state);
      // Set before the pad's answer: a key may follow its acknowledgement at once.
      state.entry = { screenId, caseNumber: input.caseNumber };
      await link.enable();
    }
  } catch {
    state.entry = null;
    state.buffer = [];
    return { pad: 'unavailable', keys: [] };
  }
  if (state.buffer.length > 0) {
    const keys = state.buffer;
    state.buffer = [];
    return { pad: 'ready', keys };
  }
  // One call waits at a time: an older one ends with no keys.
  state.waiter?.([]);
  const keys = await new Promise<PinpadKey[]>((resolve) => {
    const timer = setTimeout(() => finish([]), PINPAD_WAIT_MS);
    timer.unref?.();
    function finish(keys: PinpadKey[]): void {
      clearTimeout(timer);
      if (state.waiter === finish) state.waiter = null;
      resolve(keys);
    }
    state.waiter = finish;
  });
  return { pad: 'ready', keys };
}
