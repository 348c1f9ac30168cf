import type {
  ChannelName,
  ContractErrorPayload,
  CounterApi,
  Envelope,
  Transport,
} from '../../src-main/contract';
// The error catalogue alone: the contract's index would bring zod and every channel's schemas
// into the code the login screen waits for.
import { contractError } from '../../src-main/contract/errors';

/**
 * The browser shell's transport: one POST per call to the loopback server. The custom header
 * cannot be sent cross-site without a CORS preflight the server refuses, so it marks a request
 * as coming from this page. A failure is returned as an envelope, never thrown.
 */
const SECRET_KEY = 'counter-session-secret';

function keptSessionSecret(): string | null {
  const kept = sessionStorage.getItem(SECRET_KEY);
  return kept && /^[A-Za-z0-9_-]{43}$/.test(kept) ? kept : null;
}

/** Whether this tab has called the core before (a reload): only then can it be signed in. */
export function tabHasCalledBefore(): boolean {
  return keptSessionSecret() !== null;
}

/**
 * This tab's session secret: made once, kept in sessionStorage (it survives a reload, not the
 * tab) and sent as a header with every call. The server binds the session to it, so a cookie
 * read or planted by another service on a loopback port is worth nothing without it.
 */
function sessionSecret(): string {
  const kept = keptSessionSecret();
  if (kept) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const made = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  sessionStorage.setItem(SECRET_KEY, made);
  return made;
}

export const httpTransport: Transport = async (channel, request) => {
  let response: Response;
  try {
    response = await fetch('/api/' + encodeURIComponent(channel), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-Counter-Request': '1',
        'X-Counter-Session': sessionSecret(),
      },
      body: JSON.stringify(request),
    });
  } catch {
    return { ok: false, error: contractError('CORE_UNREACHABLE') };
  }
  try {
    const body: unknown = await response.json();
    if (isEnvelope(body)) return body;
  } catch {
    // Not JSON: something other than the core answered (a proxy page, a crash). Fall through.
  }
  return { ok: false, error: contractError('CORE_UNREACHABLE') };
};

function isEnvelope(body: unknown): body is Envelope<unknown> {
  return typeof body === 'object' && body !== null && typeof Reflect.get(body, 'ok') === 'boolean';
}

/** Called with every error envelope any channel returns (the lock screen and login redirect). */
export type CallErrorListener = (error: ContractErrorPayload, channel: ChannelName) => void;

const listeners = new Set<CallErrorListener>();

/** Subscribes to the errors of every call; returns the unsubscribe function. */
export function onCallError(listener: CallErrorListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called with the name of every channel that answered ok. */
export type CallSuccessListener = (channel: ChannelName) => void;

const successListeners = new Set<CallSuccessListener>();

/** Subscribes to the successes of every call; returns the unsubscribe function. */
export function onCallSuccess(listener: CallSuccessListener): () => void {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
}

type AnyCall = (request?: unknown) => Promise<Envelope<unknown>>;

type AreaOf<N> = N extends `${infer Area}:${string}` ? Area : never;

/** The contract's areas (`api.area.verb`). */
const areas = [
  'app',
  'setup',
  'auth',
  'home',
  'clerks',
  'settings',
  'audit',
  'profile',
  'case',
  'idcard',
  'print',
  'cakey',
  'sync',
  'agents',
  'institutions',
  'stats',
  'archive',
  'retention',
  'export',
  'handover',
  'applicant',
  'account',
  'activation',
  'kiosk',
] as const satisfies readonly AreaOf<ChannelName>[];
/** A channel in an area not listed above fails to compile here: add the area to the list. */
type UnlistedArea = Exclude<AreaOf<ChannelName>, (typeof areas)[number]>;
const everyAreaListed: [UnlistedArea] extends [never] ? true : UnlistedArea = true;
void everyAreaListed;

/**
 * The named API over `call`, wrapped so that session errors (SESSION_LOCKED, NOT_LOGGED_IN)
 * are seen in one place whichever screen made the call. The verbs are looked up when first
 * used rather than listed from the contract: the list would need the contract's schemas, which
 * the login screen does not (the core checks every request whatever the renderer calls).
 */
function observedApi(call: (channel: ChannelName, request: unknown) => Promise<Envelope<unknown>>) {
  const api: Record<string, Record<string, AnyCall>> = {};
  for (const area of areas) {
    const methods = new Map<string, AnyCall>();
    api[area] = new Proxy<Record<string, AnyCall>>(
      {},
      {
        get(_target, verb) {
          // Not a verb: symbols, and `then` (an area is never a promise).
          if (typeof verb !== 'string' || verb === 'then') return undefined;
          let method = methods.get(verb);
          if (!method) {
            const name = `${area}:${verb}` as ChannelName;
            method = async (request) => {
              const envelope = await call(name, request);
              if (!envelope.ok) for (const listener of listeners) listener(envelope.error, name);
              else for (const listener of successListeners) listener(name);
              return envelope;
            };
            methods.set(verb, method);
          }
          return method;
        },
      },
    );
  }
  return api as unknown as CounterApi;
}

/** A call through the desktop shell's preload, which has the contract's named API. */
function preloadCall(bridge: CounterApi) {
  const areasOfBridge = bridge as unknown as Record<string, Record<string, AnyCall>>;
  return (channel: ChannelName, request: unknown): Promise<Envelope<unknown>> => {
    const [area = '', verb = ''] = channel.split(':');
    const method = areasOfBridge[area]?.[verb];
    return method
      ? method(request)
      : Promise.resolve({ ok: false, error: contractError('UNKNOWN_CHANNEL') });
  };
}

/** The core, as the contract describes it: over IPC in Electron, over HTTP in the browser. */
export const api: CounterApi = observedApi(
  window.counterApi
    ? preloadCall(window.counterApi)
    : (channel, request) => httpTransport(channel, request ?? {}),
);
