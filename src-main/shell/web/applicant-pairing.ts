import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../api/core-types';
import type { Envelope } from '../../contract/errors';
import { contractError } from '../../contract/errors';
import { isJsonContentType, readBody, readCookie } from './http-request';
import { SESSION_SECRET_PATTERN, SessionStore } from './session-store';
import type { WebSession } from './session-store';

/**
 * The browser shell's side of the applicant's screen: the page `/applicant` and its API
 * under `/applicant-api/<channel>`, with a cookie of its own (other name, other path) so the
 * applicant's browser never holds or sends the clerk's session, and the clerk's never the
 * applicant's. Like the clerk's tabs, each session is bound to a per-page secret the page
 * sends as `X-Counter-Session`; the applicant's page keeps it in memory only (a reload or a
 * new pairing starts a new session) and the cookie's token is renewed when the screen pairs.
 * Its sessions are marked `applicant`: the dispatcher lets them reach only the applicant
 * channels, and the core lets those reach only the case handed over.
 */

/** The applicant screen's cookie prefix; scoped to its own API path. */
export const APPLICANT_COOKIE = 'counter_applicant';
export const APPLICANT_API_PREFIX = '/applicant-api/';
/** The page the second screen opens. */
export const APPLICANT_PAGE = '/applicant';
/** The built page the path serves. */
export const APPLICANT_HTML = 'applicant.html';
/** The per-page secret's header (the clerk's API uses the same). */
const SECRET_HEADER = 'x-counter-session';
/** At most this many applicant sessions are kept (oldest dropped): each page load makes one. */
const MAX_SESSIONS = 50;
const MAX_BODY_BYTES = 64 * 1024;

/** The cookie of one page's secret: named after its hash, like the clerk's tabs. */
export function applicantCookieName(secret: string): string {
  return `${APPLICANT_COOKIE}_${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

/** The applicant API of one browser shell, with its own session table. */
export function createApplicantRoutes(core: Core, now: () => number = Date.now) {
  const sessions = new SessionStore({
    now,
    newCaller: () => {
      const session = core.newSession();
      session.applicant = true;
      return session;
    },
    maxSessions: MAX_SESSIONS,
  });

  /** The page's session: the cookie's, if the page's secret matches it; else a new one. */
  function sessionFor(request: IncomingMessage, secret: string): WebSession {
    const token = readCookie(request, applicantCookieName(secret));
    return (token ? sessions.get(token, secret) : null) ?? sessions.create(secret);
  }

  function setCookie(response: ServerResponse, secret: string, token: string): void {
    response.setHeader(
      'Set-Cookie',
      `${applicantCookieName(secret)}=${token}; HttpOnly; SameSite=Strict; Path=${APPLICANT_API_PREFIX.slice(0, -1)}`,
    );
  }

  /**
   * One applicant API call; the caller has checked Host. Same rules as the clerk's API: JSON
   * POST, the custom header, a same-origin Origin, the page's secret.
   */
  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    channel: string,
    sameOrigin: (origin: string) => boolean,
    send: (status: number, body: Envelope<unknown>) => void,
  ): Promise<void> {
    const untrusted = (status: number) =>
      send(status, { ok: false, error: contractError('UNTRUSTED_SENDER') });
    if (request.method !== 'POST') return untrusted(405);
    if (request.headers['x-counter-request'] !== '1') return untrusted(403);
    if (!isJsonContentType(request.headers['content-type'])) return untrusted(415);
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin)) return untrusted(403);
    const secret = request.headers[SECRET_HEADER];
    if (typeof secret !== 'string' || !SESSION_SECRET_PATTERN.test(secret)) return untrusted(403);
    if (!channel.startsWith('applicant:')) {
      return send(403, { ok: false, error: contractError('FORBIDDEN') });
    }
    const text = await readBody(request, MAX_BODY_BYTES);
    if (text === null) return send(413, { ok: false, error: contractError('BAD_REQUEST') });
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : (JSON.parse(text) as unknown);
    } catch {
      return send(400, { ok: false, error: contractError('BAD_REQUEST') });
    }
    let session = sessionFor(request, secret);
    const envelope = await core.dispatch(session.caller, channel, payload);
    // Paired: a new token, so one seen or planted before never carries the paired screen.
    if (channel === 'applicant:pair' && envelope.ok) session = sessions.rotate(session);
    if (readCookie(request, applicantCookieName(secret)) !== session.token) {
      setCookie(response, secret, session.token);
    }
    send(200, envelope);
  }

  return { handle, sessions };
}
