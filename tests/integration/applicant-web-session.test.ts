import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { WebShell } from '../../src-main/shell/web/server';
import { startWebShell } from '../../src-main/shell/web/server';
import type { CoreHarness } from '../helpers/core-harness';
import { call, openTestCore, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';

/**
 * The applicant's page in the browser shell: its session is bound to a secret the page holds
 * (the cookie alone is worth nothing), the token is renewed at pairing, and the pairing ends
 * with 解除配对, the clerk's lock or logout, and a screen that is no longer heard from.
 */
let harness: CoreHarness;
let shell: WebShell;
let clerk: CallerSession;
let clerkPassword = '';

beforeEach(async () => {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-24T09:00:00+08:00'));
  shell = await startWebShell({
    core: harness.core,
    rendererDir: join(__dirname, '..', 'fixtures', 'renderer'),
    port: 0,
    sessions: { now: () => harness.clock.now().getTime() },
  });
  const staff = await withSupervisorAndClerk(harness.core);
  clerkPassword = staff.clerkPassword;
  clerk = await signInClerk(harness.core, clerkPassword);
});
afterEach(async () => {
  await shell.close();
  harness.dispose();
});

const PAGE = 'A'.repeat(43);
const OTHER = 'B'.repeat(43);

interface Reply {
  status: number;
  cookie: string | null;
  body: { ok: boolean; value?: unknown; error?: { code: string } };
}

function applicantApi(
  channel: string,
  payload: unknown,
  options: { cookie?: string | null; secret?: string | null; contentType?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'application/json',
    'X-Counter-Request': '1',
  };
  if (options.secret !== null) headers['X-Counter-Session'] = options.secret ?? PAGE;
  if (options.cookie) headers.Cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        path: `/applicant-api/${channel}`,
        method: 'POST',
        headers,
      },
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

/** Pairs the page of secret PAGE; returns the cookie it holds afterwards. */
async function pairPage(): Promise<string> {
  const first = await applicantApi('applicant:view', {});
  expect(first.body.error?.code).toBe('APPLICANT_SCREEN_NOT_PAIRED');
  const { code } = await call(harness.core, clerk, 'handover:pairingCode', {});
  const paired = await applicantApi('applicant:pair', { code }, { cookie: first.cookie });
  expect(paired.body.ok).toBe(true);
  // Renewed at pairing: the token the page held before is not the paired one.
  expect(paired.cookie).not.toBeNull();
  expect(paired.cookie).not.toBe(first.cookie);
  return paired.cookie ?? '';
}

const later = (ms: number) => harness.clock.set(new Date(harness.clock.now().getTime() + ms));

describe('the applicant page on its per-page secret', () => {
  it('needs the secret with every call; the cookie without it, or with another, is worth nothing', async () => {
    const noSecret = await applicantApi('applicant:view', {}, { secret: null });
    expect(noSecret.status).toBe(403);
    expect(noSecret.body.error?.code).toBe('UNTRUSTED_SENDER');

    const cookie = await pairPage();
    expect(cookie).toMatch(/^counter_applicant_[0-9a-f]{16}=/);
    expect((await applicantApi('applicant:view', {}, { cookie })).body.ok).toBe(true);
    // Someone who read the cookie but not the page's memory.
    const stolen = await applicantApi('applicant:view', {}, { cookie, secret: null });
    expect(stolen.status).toBe(403);
    const otherSecret = await applicantApi('applicant:view', {}, { cookie, secret: OTHER });
    expect(otherSecret.body.error?.code).toBe('APPLICANT_SCREEN_NOT_PAIRED');
    // The clerk's API does not know the applicant's session either.
    expect((await applicantApi('case:list', {}, { cookie })).status).toBe(403);
  });

  it('takes JSON only, as the clerk’s API does: a type that merely begins like it is refused', async () => {
    const cookie = await pairPage();
    for (const contentType of ['application/jsonp', 'application/json-seq', 'text/plain']) {
      const reply = await applicantApi('applicant:view', {}, { cookie, contentType });
      expect(reply.status).toBe(415);
      expect(reply.body.error?.code).toBe('UNTRUSTED_SENDER');
    }
    const charset = 'application/json; charset=utf-8';
    expect(
      (await applicantApi('applicant:view', {}, { cookie, contentType: charset })).body.ok,
    ).toBe(true);
  });

  it('the clerk unpairs the screen with 解除配对; it asks for a code again', async () => {
    const cookie = await pairPage();
    await call(harness.core, clerk, 'handover:unpair', {});
    const after = await applicantApi('applicant:view', {}, { cookie });
    expect(after.body.error?.code).toBe('APPLICANT_SCREEN_NOT_PAIRED');
  });

  it('the pairing ends when the clerk locks or logs out, and when the screen is gone for five minutes', async () => {
    let cookie = await pairPage();
    await call(harness.core, clerk, 'auth:lock', { reason: 'manual' });
    expect((await applicantApi('applicant:view', {}, { cookie })).body.error?.code).toBe(
      'APPLICANT_SCREEN_NOT_PAIRED',
    );

    clerk = await signInClerk(harness.core, clerkPassword);
    cookie = await pairPage();
    await call(harness.core, clerk, 'auth:logout', {});
    expect((await applicantApi('applicant:view', {}, { cookie })).body.error?.code).toBe(
      'APPLICANT_SCREEN_NOT_PAIRED',
    );

    clerk = await signInClerk(harness.core, clerkPassword);
    cookie = await pairPage();
    later(4 * 60_000);
    await call(harness.core, clerk, 'case:list', { queue: 'my-drafts' });
    expect((await applicantApi('applicant:view', {}, { cookie })).body.ok).toBe(true);
    later(5 * 60_000);
    await call(harness.core, clerk, 'case:list', { queue: 'my-drafts' });
    expect((await applicantApi('applicant:view', {}, { cookie })).body.error?.code).toBe(
      'APPLICANT_SCREEN_NOT_PAIRED',
    );
  });

  it('the pairing ends when the clerk who paired it is idle past the lock time', async () => {
    const cookie = await pairPage();
    // The screen keeps calling; the clerk does nothing for 11 minutes (the lock is at 10).
    for (const minutes of [4, 4]) {
      later(minutes * 60_000);
      expect((await applicantApi('applicant:view', {}, { cookie })).body.ok).toBe(true);
    }
    later(3 * 60_000);
    expect((await applicantApi('applicant:view', {}, { cookie })).body.error?.code).toBe(
      'APPLICANT_SCREEN_NOT_PAIRED',
    );
  });

  it('the desktop window needs no pairing: 解除配对 and a lock leave it', async () => {
    const window = harness.core.newApplicantScreenSession();
    expect((await call(harness.core, window, 'applicant:view', {})).kind).toBe('idle');
    const status = await call(harness.core, clerk, 'handover:unpair', {});
    expect(status.paired).toBe(true);
    await call(harness.core, clerk, 'auth:lock', { reason: 'manual' });
    expect((await call(harness.core, window, 'applicant:view', {})).kind).toBe('idle');
  });
});
