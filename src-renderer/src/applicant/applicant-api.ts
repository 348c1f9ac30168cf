import type { ChannelName, Envelope, RequestOf, ResponseOf } from '../../../src-main/contract';
import { contractError } from '../../../src-main/contract';

/**
 * The applicant screen's line to the core. In the desktop shell the applicant window's
 * preload gives the contract's API (its IPC is bound to the applicant's own session); in the
 * browser shell it posts to `/applicant-api/`, whose cookie is not the clerk's, with this
 * page's own secret.
 */
type ApplicantChannel = Extract<ChannelName, `applicant:${string}`>;

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * This page's session secret, in memory only (not sessionStorage): the browser shell binds
 * the applicant's session to it, so the cookie alone is worth nothing, and a reload, another
 * tab or a script without it starts unpaired. Renewed before each pairing.
 */
let secret = newSecret();

/** A new session for the next pairing: the previous one (and its cookie) is left behind. */
export function renewSession(): void {
  secret = newSecret();
}

/**
 * One call at a time: a new session's cookie (or the token renewed at pairing) is set by one
 * answer before the next request goes, so a poll in flight cannot put back an older cookie.
 */
let queue: Promise<unknown> = Promise.resolve();

function httpCall(channel: ApplicantChannel, request: unknown): Promise<Envelope<unknown>> {
  const next = queue.then(() => send(channel, request));
  queue = next;
  return next;
}

async function send(channel: ApplicantChannel, request: unknown): Promise<Envelope<unknown>> {
  let response: Response;
  try {
    response = await fetch('/applicant-api/' + encodeURIComponent(channel), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-Counter-Request': '1',
        'X-Counter-Session': secret,
      },
      body: JSON.stringify(request),
    });
  } catch {
    return { ok: false, error: contractError('CORE_UNREACHABLE') };
  }
  try {
    const body = (await response.json()) as Envelope<unknown>;
    if (typeof body === 'object' && body !== null && typeof body.ok === 'boolean') return body;
  } catch {
    // Not the core answering.
  }
  return { ok: false, error: contractError('CORE_UNREACHABLE') };
}

/** Calls one applicant channel. */
export async function applicantCall<N extends ApplicantChannel>(
  channel: N,
  request: RequestOf<N>,
): Promise<Envelope<ResponseOf<N>>> {
  const bridge = window.counterApi as unknown as
    { applicant: Record<string, (request: unknown) => Promise<Envelope<unknown>>> } | undefined;
  const verb = channel.slice('applicant:'.length);
  const call = bridge?.applicant[verb];
  // The PIN pad's call waits for a key for seconds: it does not hold up the others (it never
  // makes a session, so it cannot put back an older cookie).
  const envelope = call
    ? await call(request)
    : channel === 'applicant:pinpadKeys'
      ? await send(channel, request)
      : await httpCall(channel, request);
  return envelope as Envelope<ResponseOf<N>>;
}
