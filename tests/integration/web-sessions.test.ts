import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import { SessionStore } from '../../src-main/shell/web/session-store';
import type { CoreHarness } from '../helpers/core-harness';
import { CLERK, openTestCore, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';

let harness: CoreHarness;
let shell: WebShell;
let now = 0;

beforeEach(async () => {
  harness = openTestCore();
  now = Date.parse('2026-11-24T09:00:00Z');
  shell = await startWebShell({
    core: harness.core,
    rendererDir: join(__dirname, '..', 'fixtures', 'renderer'),
    port: 0,
    sessions: { now: () => now },
  });
});
afterEach(async () => {
  await shell.close();
  harness.dispose();
});

interface Reply {
  status: number;
  cookie: string | null;
  body: { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };
}

const PAGE = 'P'.repeat(43);
const ATTACKER = 'X'.repeat(43);

function api(
  channel: string,
  payload: unknown,
  options: {
    cookie?: string | null;
    secret?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Counter-Request': '1',
    ...options.headers,
  };
  if (options.secret !== null) headers['X-Counter-Session'] = options.secret ?? PAGE;
  if (options.cookie) headers.Cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: shell.port, path: `/api/${channel}`, method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0] ?? null;
          resolve({
            status: res.statusCode ?? 0,
            cookie: set ? (set.split(';')[0] ?? null) : null,
            body: text ? (JSON.parse(text) as Reply['body']) : { ok: false },
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

describe('browser shell sessions', () => {
  it('refuses the API without the page secret: the cookie alone is not enough', async () => {
    const first = await api('app:status', {});
    expect(first.cookie).not.toBeNull();
    const cookieOnly = await api('auth:session', {}, { cookie: first.cookie, secret: null });
    expect(cookieOnly.status).toBe(403);
  });

  it('gives a new session id at login, so a planted id is never signed in (fixation)', async () => {
    await withSupervisorAndClerk(harness.core);
    // A hostile service on another loopback port makes a session and plants its cookie.
    const planted = (await api('app:status', {}, { secret: ATTACKER })).cookie;
    expect(planted).not.toBeNull();
    // The counter's page uses the planted cookie with its own secret: a fresh session instead.
    const login = await api(
      'auth:login',
      { username: SUPERVISOR.username, password: SUPERVISOR.password },
      { cookie: planted },
    );
    expect(login.body.ok).toBe(true);
    expect(login.cookie).not.toBeNull();
    expect(login.cookie).not.toBe(planted);
    // The attacker's id, with the attacker's secret, is still nobody.
    const attacker = await api('auth:session', {}, { cookie: planted, secret: ATTACKER });
    expect(attacker.body.value?.user).toBeNull();
    // The new cookie read by the hostile service is worth nothing without the page's secret.
    const stolen = await api('auth:session', {}, { cookie: login.cookie, secret: ATTACKER });
    expect(stolen.body.value?.user).toBeNull();
    const page = await api('auth:session', {}, { cookie: login.cookie });
    expect(page.body.value?.user).toMatchObject({ username: SUPERVISOR.username });
  });

  it('rotates the id at login and logout even when the cookie was the page’s own', async () => {
    const { clerkPassword } = await withSupervisorAndClerk(harness.core);
    const anonymous = (await api('app:status', {})).cookie;
    const login = await api(
      'auth:login',
      { username: CLERK.username, password: clerkPassword },
      { cookie: anonymous },
    );
    expect(login.cookie).not.toBe(anonymous);
    // A call already in flight with the old id still lands in the same session, briefly.
    const inFlight = await api('auth:session', {}, { cookie: anonymous });
    expect(inFlight.body.value?.user).toMatchObject({ username: CLERK.username });
    now += 60_000;
    const late = await api('auth:session', {}, { cookie: anonymous });
    expect(late.body.value?.user).toBeNull();
    const logout = await api('auth:logout', {}, { cookie: login.cookie });
    expect(logout.cookie).not.toBeNull();
    expect(logout.cookie).not.toBe(login.cookie);
    const old = await api('auth:session', {}, { cookie: login.cookie });
    expect(old.body.value?.user).toBeNull();
  });

  it('expires an idle session on the server', async () => {
    await withSupervisorAndClerk(harness.core);
    const login = await api('auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    now += 29 * 60_000;
    expect(
      (await api('auth:session', {}, { cookie: login.cookie })).body.value?.user,
    ).not.toBeNull();
    now += 31 * 60_000;
    expect((await api('auth:session', {}, { cookie: login.cookie })).body.value?.user).toBeNull();
  });

  it('keeps the number of sessions bounded under a flood of cookie-less requests', async () => {
    await withSupervisorAndClerk(harness.core);
    const login = await api('auth:login', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });
    for (let i = 0; i < 2000; i += 1) await api('app:status', {});
    expect(shell.sessions.size).toBeLessThanOrEqual(200);
    // The signed-in session outlives the flood.
    const page = await api('auth:session', {}, { cookie: login.cookie });
    expect(page.body.value?.user).toMatchObject({ username: SUPERVISOR.username });
  });

  it('answers a malformed escape with 400 after the checks, and matches Content-Type exactly', async () => {
    const unchecked = await api('auth%E0%A4%A', {}, { headers: { 'X-Counter-Request': '0' } });
    expect(unchecked.status).toBe(403);
    const checked = await api('auth%E0%A4%A', {});
    expect(checked.status).toBe(400);
    const prefixed = await api(
      'app:status',
      {},
      {
        headers: { 'Content-Type': 'application/jsonp' },
      },
    );
    expect(prefixed.status).toBe(415);
    const withCharset = await api(
      'app:status',
      {},
      {
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      },
    );
    expect(withCharset.status).toBe(200);
  });

  it('slows down password guessing per client, whatever cookie each try carries', async () => {
    await withSupervisorAndClerk(harness.core);
    const codes: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const reply = await api(
        'auth:login',
        { username: `guess${i}`, password: 'x' },
        {
          secret: `${String(i).padStart(2, '0')}${'g'.repeat(41)}`,
        },
      );
      codes.push(reply.body.error?.code ?? 'ok');
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
    expect(codes.slice(5)).toContain('LOGIN_TOO_FREQUENT');
  });
});

describe('session store', () => {
  it('stays bounded after 100,000 cookie-less requests', () => {
    let clock = 0;
    const store = new SessionStore({
      now: () => clock,
      newCaller: () => ({ id: String(clock), user: null, locked: false, lastActivityAt: 0 }),
    });
    for (let i = 0; i < 100_000; i += 1) {
      store.create(PAGE);
      clock += 1;
    }
    expect(store.size).toBeLessThanOrEqual(200);
  });
});
