import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallerSession, Core } from '../../api/core-types';
import type { Envelope } from '../../contract/errors';
import { contractError } from '../../contract/errors';

/**
 * The browser shell's side of the applicant's screen: the page `/applicant` and its API
 * under `/applicant-api/<channel>`, with a cookie of its own (other name, other path) so the
 * applicant's browser never holds or sends the clerk's session, and the clerk's never the
 * applicant's. Its sessions are marked `applicant`: the dispatcher lets them reach only the
 * applicant channels, and the core lets those reach only the case handed over.
 */

/** The applicant screen's cookie; scoped to its own API path. */
export const APPLICANT_COOKIE = 'counter_applicant';
export const APPLICANT_API_PREFIX = '/applicant-api/';
/** The page the second screen opens. */
export const APPLICANT_PAGE = '/applicant';
/** The built page the path serves. */
export const APPLICANT_HTML = 'applicant.html';
/** At most this many applicant sessions are kept (oldest dropped): each pairing try makes one. */
const MAX_SESSIONS = 50;
const MAX_BODY_BYTES = 64 * 1024;

function readCookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The applicant API of one browser shell, with its own session table. */
export function createApplicantRoutes(core: Core) {
  const sessions = new Map<string, CallerSession>();

  function sessionFor(request: IncomingMessage, response: ServerResponse): CallerSession {
    const id = readCookie(request, APPLICANT_COOKIE);
    const existing = id ? sessions.get(id) : undefined;
    if (existing) return existing;
    const fresh = randomBytes(32).toString('base64url');
    const session = core.newSession();
    session.applicant = true;
    sessions.set(fresh, session);
    while (sessions.size > MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
    response.setHeader(
      'Set-Cookie',
      `${APPLICANT_COOKIE}=${fresh}; HttpOnly; SameSite=Strict; Path=${APPLICANT_API_PREFIX.slice(0, -1)}`,
    );
    return session;
  }

  /**
   * One applicant API call; the caller has checked Host. Same rules as the clerk's API: JSON
   * POST, the custom header, a same-origin Origin.
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
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return untrusted(415);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin)) return untrusted(403);
    if (!channel.startsWith('applicant:')) {
      return send(403, { ok: false, error: contractError('FORBIDDEN') });
    }
    const text = await readBody(request);
    if (text === null) return send(413, { ok: false, error: contractError('BAD_REQUEST') });
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : (JSON.parse(text) as unknown);
    } catch {
      return send(400, { ok: false, error: contractError('BAD_REQUEST') });
    }
    const session = sessionFor(request, response);
    send(200, await core.dispatch(session, channel, payload));
  }

  return { handle };
}
