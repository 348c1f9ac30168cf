import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallerSession, Core } from '../../api/core-types';
import type { Envelope } from '../../contract/errors';
import { contractError } from '../../contract/errors';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy';
import {
  APPLICANT_API_PREFIX,
  APPLICANT_HTML,
  APPLICANT_PAGE,
  createApplicantRoutes,
} from './applicant-pairing';
import { isJsonContentType, readBody, readCookie } from './http-request';
import { createStaticFiles } from './static-files';
import type { SessionStoreOptions, WebSession } from './session-store';
import { SESSION_SECRET_PATTERN, SessionStore } from './session-store';

/** The cookie that ties a browser tab to its session in the core. */
export const SESSION_COOKIE = 'counter_sid';

/**
 * Each tab has its own cookie, named after a hash of its secret: two tabs of one browser share
 * the cookie jar, and one tab's new session must not replace the other's cookie. The name
 * tells a reader of the cookies nothing about the secret.
 */
export function cookieName(secret: string): string {
  return `${SESSION_COOKIE}_${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}
/** The custom header every API call carries; an HTML form or a plain link cannot send it. */
export const REQUEST_HEADER = 'x-counter-request';
/** The page's per-session secret (sessionStorage), without which the cookie is worth nothing. */
export const SESSION_SECRET_HEADER = 'x-counter-session';
/** The browser shell's loopback peers: one client for the failed-login throttle. */
const LOOPBACK_CLIENT = 'browser-shell';
/** Scans travel as base64 in JSON: the contract's own ceiling plus the envelope. */
const MAX_BODY_BYTES = 41 * 1024 * 1024;

/** Where and how the browser shell serves. */
export interface WebShellOptions {
  /**
   * The core, or its promise: the shell may listen and serve the login page while the core
   * still loads; API calls wait for it (they never fail for being early).
   */
  core: Core | Promise<Core>;
  /**
   * The counter was set up before the shell started: its page is marked so that a fresh tab
   * shows the login screen at once instead of waiting for the core's first answers.
   */
  loginBeforeCore?: boolean;
  /**
   * Told whenever a call needs the core. A starter that waits for it keeps the core's load
   * (a stretch of work on this thread and the machine's cores) out of the way while the
   * browser loads and runs the page, which asks only once its login form is up.
   */
  coreWanted?: () => void;
  rendererDir: string;
  port: number;
  /** Always 127.0.0.1: the shell is for this machine only. */
  host?: '127.0.0.1';
  /** Session limits (tests shorten them); the clock is the wall clock unless given. */
  sessions?: Omit<SessionStoreOptions, 'newCaller' | 'now'> & { now?: () => number };
}

/** A running browser shell. */
export interface WebShell {
  url: string;
  port: number;
  /** The sessions, for the tests of their bounds. */
  sessions: SessionStore;
  close(): Promise<void>;
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(response: ServerResponse, status: number, body: Envelope<unknown>): void {
  response.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

/** The page's mark for {@link WebShellOptions.loginBeforeCore}, read by the renderer at start. */
const LOGIN_BEFORE_CORE_META = '<meta name="counter-start" content="login" />';

/** The page with the mark as the head's first element (or the document's, with no head tag). */
function withLoginBeforeCore(page: Buffer): Buffer {
  const html = page.toString('utf8');
  return Buffer.from(
    html.replace(/<head[^>]*>|^<!doctype html>/i, (at) => at + LOGIN_BEFORE_CORE_META),
  );
}

function refuse(response: ServerResponse, status: number): void {
  sendJson(response, status, { ok: false, error: contractError('UNTRUSTED_SENDER') });
}

/**
 * Starts the browser shell: the built renderer and the contract's API on 127.0.0.1 only.
 * The API takes JSON POSTs with a custom header and a same-origin Origin, so another site in
 * the same browser cannot drive it (no CSRF through forms), and checks the Host header so a
 * rebinding DNS name cannot reach it either.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  let loadedCore: Core | undefined;
  const coreReady = Promise.resolve(options.core).then((core) => (loadedCore = core));
  const applicantReady = coreReady.then((core) =>
    createApplicantRoutes(core, options.sessions?.now ?? Date.now),
  );
  // A core that fails to load is the starter's to report; here it only fails the calls.
  coreReady.catch(() => undefined);
  applicantReady.catch(() => undefined);
  const sessions = new SessionStore({
    ...options.sessions,
    now: options.sessions?.now ?? Date.now,
    newCaller: () => {
      // Sessions are made only after a call waited for the core (handleApi).
      if (!loadedCore) throw new Error('session requested before the core loaded');
      return { ...loadedCore.newSession(), client: LOOPBACK_CLIENT };
    },
  });
  const staticFiles = createStaticFiles(options.rendererDir);
  const wantCore = (): void => options.coreWanted?.();
  let origin = '';
  let allowedHosts = new Set<string>();

  function setSessionCookie(response: ServerResponse, secret: string, token: string): void {
    response.setHeader(
      'Set-Cookie',
      `${cookieName(secret)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    );
  }

  /** The tab's session: the cookie's, if the page's secret matches it; else a new one. */
  function sessionFor(request: IncomingMessage, secret: string): WebSession {
    const token = readCookie(request, cookieName(secret));
    return (token ? sessions.get(token, secret) : null) ?? sessions.create(secret);
  }

  /** Who a session is, as far as a rotation is concerned: the account and its role. */
  const identity = (caller: CallerSession) =>
    caller.user ? `${caller.user.id}:${caller.user.role}` : '';

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    rawChannel: string,
  ): Promise<void> {
    if (request.method !== 'POST') return refuse(response, 405);
    if (request.headers[REQUEST_HEADER] !== '1') return refuse(response, 403);
    if (!isJsonContentType(request.headers['content-type'])) return refuse(response, 415);
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !allowedHosts.has(requestOrigin.replace(/^http:\/\//, ''))) {
      return refuse(response, 403);
    }
    const secret = request.headers[SESSION_SECRET_HEADER];
    if (typeof secret !== 'string' || !SESSION_SECRET_PATTERN.test(secret)) {
      return refuse(response, 403);
    }
    // Decoded only after every check: a malformed escape is the caller's mistake (400), not a
    // crash (500), and an unchecked caller learns nothing from it.
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return sendJson(response, 400, { ok: false, error: contractError('UNKNOWN_CHANNEL') });
    }
    const text = await readBody(request, MAX_BODY_BYTES);
    if (text === null) {
      return sendJson(response, 413, { ok: false, error: contractError('BAD_REQUEST') });
    }
    let payload: unknown;
    try {
      payload = text.length === 0 ? {} : (JSON.parse(text) as unknown);
    } catch {
      return sendJson(response, 400, { ok: false, error: contractError('BAD_REQUEST') });
    }
    wantCore();
    const core = await coreReady;
    let session = sessionFor(request, secret);
    const before = identity(session.caller);
    const envelope = await core.dispatch(session.caller, channel, payload);
    // A new token whenever who is signed in changes (login, logout, another role): a token
    // planted or seen before never carries the signed-in session.
    if (identity(session.caller) !== before) session = sessions.rotate(session);
    if (readCookie(request, cookieName(secret)) !== session.token) {
      setSessionCookie(response, secret, session.token);
    }
    sendJson(response, 200, envelope);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(421, securityHeaders);
      return void response.end();
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', origin);
    } catch {
      response.writeHead(400, securityHeaders);
      return void response.end();
    }
    if (url.pathname.startsWith(APPLICANT_API_PREFIX)) {
      let channelName: string;
      try {
        channelName = decodeURIComponent(url.pathname.slice(APPLICANT_API_PREFIX.length));
      } catch {
        response.writeHead(400, securityHeaders);
        return void response.end();
      }
      wantCore();
      return (await applicantReady).handle(
        request,
        response,
        channelName,
        (from) => allowedHosts.has(from.replace(/^http:\/\//, '')),
        (status, body) => sendJson(response, status, body),
      );
    }
    if (url.pathname.startsWith('/api/')) {
      return handleApi(request, response, url.pathname.slice('/api/'.length));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, securityHeaders);
      return void response.end();
    }
    const isApplicantPage = url.pathname === APPLICANT_PAGE;
    const file = await staticFiles.read(isApplicantPage ? `/${APPLICANT_HTML}` : url.pathname);
    if (!file) {
      response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      return void response.end('未找到界面文件：请先运行 npm run build。');
    }
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': file.contentType,
      'Cache-Control': file.contentType.startsWith('text/html')
        ? 'no-store'
        : file.immutable
          ? 'max-age=31536000, immutable'
          : 'max-age=3600',
    });
    const isCounterPage = file.contentType.startsWith('text/html') && !isApplicantPage;
    const body =
      options.loginBeforeCore && isCounterPage ? withLoginBeforeCore(file.body) : file.body;
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: contractError('INTERNAL') });
      else response.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/`,
    port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
