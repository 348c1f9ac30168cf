import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import type { CoreHarness } from '../helpers/core-harness';
import { openTestCore, SUPERVISOR } from '../helpers/core-harness';

let harness: CoreHarness;
let shell: WebShell;

beforeEach(async () => {
  harness = openTestCore();
  shell = await startWebShell({
    core: harness.core,
    rendererDir: join(__dirname, '..', 'fixtures', 'renderer'),
    port: 0,
  });
});
afterEach(async () => {
  await shell.close();
  harness.dispose();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        path,
        method: options.method ?? 'POST',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The page's per-session secret, as the renderer keeps it in sessionStorage. */
const SECRET = 'A'.repeat(43);
const apiHeaders = {
  'Content-Type': 'application/json',
  'X-Counter-Request': '1',
  'X-Counter-Session': SECRET,
};

describe('browser shell', () => {
  it('listens on the loopback address only', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/`);
  });

  it('serves the app with the content security policy', async () => {
    const page = await send('/', { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('柜台办件台');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('never serves a file outside the app folder', async () => {
    const page = await send('/..%2f..%2f..%2fpackage.json', { method: 'GET' });
    expect(page.body).not.toContain('"devDependencies"');
  });

  it('keeps the session in an HttpOnly SameSite=Strict cookie', async () => {
    const reply = await send('/api/setup:createSupervisor', {
      headers: apiHeaders,
      body: JSON.stringify(SUPERVISOR),
    });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { role: 'supervisor' } });
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toMatch(/^counter_sid_[0-9a-f]{16}=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const sid = cookie.split(';')[0] ?? '';
    const session = await send('/api/auth:session', {
      headers: { ...apiHeaders, Cookie: sid },
      body: '{}',
    });
    expect(JSON.parse(session.body)).toMatchObject({
      ok: true,
      value: { user: { username: 'zhuren' } },
    });
    const stranger = await send('/api/auth:session', { headers: apiHeaders, body: '{}' });
    expect(JSON.parse(stranger.body)).toMatchObject({ ok: true, value: { user: null } });
  });

  it('refuses an API call without the custom header, as a cross-site form would send it', async () => {
    const reply = await send('/api/app:status', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'UNTRUSTED_SENDER' },
    });
  });

  it('refuses a request from another origin or through another host name', async () => {
    const crossOrigin = await send('/api/app:status', {
      headers: { ...apiHeaders, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const rebound = await send('/api/app:status', {
      headers: { ...apiHeaders, Host: `evil.example:${shell.port}` },
      body: '{}',
    });
    expect(rebound.status).toBe(421);
  });

  it('takes only JSON POSTs on the API', async () => {
    expect((await send('/api/app:status', { method: 'GET', headers: apiHeaders })).status).toBe(
      405,
    );
    const text = await send('/api/app:status', {
      headers: { ...apiHeaders, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const broken = await send('/api/app:status', { headers: apiHeaders, body: '{not json' });
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
