import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { openCounterScreens } from '../helpers/applicant-pages';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { shot, startE2eShell } from '../helpers/e2e-shell';
import { drawSignature } from '../helpers/signature-pad';
import { CentralSimulator } from '../simulators/central/central-simulator';

/**
 * The applicant's own screen in the browser shell: two Chromium contexts (two cookie jars, as
 * two browser profiles are), the clerk's and the applicant's, against one counter and the
 * central simulator.
 */
let e2e: E2eShell;
let central: CentralSimulator;
let clerkPassword: string;
let clerk: CallerSession;
let clerkContext: BrowserContext;
let applicantContext: BrowserContext;
let clerkPage: Page;
let applicantPage: Page;

const SLOW = { timeout: 20_000, interval: 200 };
const PASSWORD = 'Qiang#Mima2026';

async function readyCase(seed: number) {
  const core = e2e.harness.core;
  const profile = await call(core, clerk, 'profile:current', {});
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
  );
  const values = validValuesFor(opened, seed);
  await call(core, clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
  await call(core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  await recordAllMaterials(core, clerk, opened);
  return {
    caseNumber: opened.caseNumber,
    username: values['account.username'] ?? '',
    idNumber: values['applicant.idNumber'] ?? '',
  };
}

/**
 * Calls the applicant API from the applicant's page, as another script on that page could:
 * it has the page's cookies but not the secret the page keeps in memory (at most one it made
 * up itself).
 */
function fromApplicantPage(
  path: string,
  body: unknown,
  secret: string | null = null,
): Promise<{ status: number; body: unknown }> {
  return applicantPage.evaluate(
    async ({ path, body, secret }) => {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'X-Counter-Request': '1',
      };
      if (secret) headers['X-Counter-Session'] = secret;
      const response = await fetch(path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      const answer: unknown = await response.json();
      return { status: response.status, body: answer };
    },
    { path, body, secret },
  );
}

const MADE_UP_SECRET = 'm'.repeat(43);

/** The clerk shows a pairing code and the applicant's page types it. */
async function pairAgain(): Promise<void> {
  const panel = clerkPage.getByTestId('handover-panel');
  await panel.getByRole('button', { name: '配对申请人屏幕' }).click();
  const code = (await clerkPage.getByTestId('pairing-code').textContent())?.trim() ?? '';
  await applicantPage.getByLabel('配对码').fill(code);
  await applicantPage.getByRole('button', { name: '配对' }).click();
  await applicantPage.getByText('欢迎您').waitFor();
}

async function platformLogin(loginName: string, password: string): Promise<number> {
  const response = await fetch(`${central.url}/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password }),
  });
  return response.status;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  e2e = await startE2eShell();
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  const core = e2e.harness.core;
  await call(core, staff.supervisor, 'settings:update', {
    platformUrl: central.url,
    hallName: '示例市政务服务中心',
  });
  await call(core, staff.supervisor, 'sync:registerCounter', { enrolmentCode: 'TRAINING-0000' });
  await call(core, staff.supervisor, 'handover:setRequired', { required: true });
  clerk = await signInClerk(core, clerkPassword);
  ({ clerkContext, applicantContext, clerkPage, applicantPage } = await openCounterScreens(
    e2e.browser,
    e2e.shell.url,
    { username: CLERK.username, password: clerkPassword, shownAs: `${CLERK.displayName}（柜员）` },
  ));
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

describe('the applicant screen in Chromium', () => {
  let first: Awaited<ReturnType<typeof readyCase>>;
  let other: Awaited<ReturnType<typeof readyCase>>;

  it('pairs with the code the clerk screen shows; a wrong code is refused', async () => {
    first = await readyCase(1);
    other = await readyCase(2);
    await clerkPage.goto(`${e2e.shell.url}#/cases/${first.caseNumber}`);
    const panel = clerkPage.getByTestId('handover-panel');
    await expect.poll(() => panel.textContent(), SLOW).toContain('未交付');
    await panel.getByRole('button', { name: '配对申请人屏幕' }).click();
    const code = (await clerkPage.getByTestId('pairing-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);

    await applicantPage.goto(`${e2e.shell.url.replace(/\/$/, '')}/applicant`);
    await applicantPage.getByRole('heading', { name: '申请人屏幕配对' }).waitFor();
    const wrong = code === '000000' ? '111111' : '000000';
    await applicantPage.getByLabel('配对码').fill(wrong);
    await applicantPage.getByRole('button', { name: '配对' }).click();
    await applicantPage.getByRole('alert').getByText('配对码不正确或已过期').waitFor();
    await applicantPage.getByLabel('配对码').fill(code);
    await applicantPage.getByRole('button', { name: '配对' }).click();
    await applicantPage.getByRole('heading', { name: '示例市政务服务中心' }).waitFor();
    await applicantPage.getByText('欢迎您').waitFor();
    await shot(applicantPage, 'applicant-01-welcome');

    // The applicant's browser holds its own cookies only (one per page secret: the one made
    // at load and the one renewed at pairing), scoped to the applicant API.
    const cookies = await applicantContext.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie.name).toMatch(/^counter_applicant_[0-9a-f]{16}$/);
      expect(cookie.path).toBe('/applicant-api');
    }
    expect(
      (await clerkContext.cookies()).some((cookie) => cookie.name.startsWith('counter_applicant')),
    ).toBe(false);
  });

  it('submit is refused until the applicant has confirmed, consented and set the password', async () => {
    await clerkPage.getByRole('button', { name: '提交办件' }).click();
    await clerkPage.getByText('申请人确认信息').first().waitFor();
    await expect
      .poll(() => clerkPage.locator('.el-alert').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('申请人设置平台登录密码')]));
    // Only the applicant's steps are missing: the supervisor's exception is offered here.
    await clerkPage
      .getByTestId('handover-panel')
      .getByRole('button', { name: '负责人审批例外' })
      .waitFor();
  });

  it('the applicant page cannot call any other channel or reach another case', async () => {
    // The clerk's API: the applicant's browser has no session there.
    const clerkApi = await fromApplicantPage('/api/case:get', {
      caseNumber: first.caseNumber,
      reveal: true,
    });
    // Refused before any session is looked at: the page holds no clerk's per-tab secret.
    expect(clerkApi.status).toBe(403);
    expect(JSON.stringify(clerkApi.body)).toContain('UNTRUSTED_SENDER');
    // The applicant's API with the page's cookies but without the page's secret.
    const noSecret = await fromApplicantPage('/applicant-api/applicant:view', {});
    expect(noSecret.status).toBe(403);
    expect(JSON.stringify(noSecret.body)).toContain('UNTRUSTED_SENDER');
    // Another channel through the applicant's own API.
    const otherChannel = await fromApplicantPage(
      '/applicant-api/case:get',
      { caseNumber: first.caseNumber },
      MADE_UP_SECRET,
    );
    expect(otherChannel.status).toBe(403);
    expect(JSON.stringify(otherChannel.body)).toContain('FORBIDDEN');
    // Logging in as a clerk from the applicant's session.
    const login = await fromApplicantPage(
      '/applicant-api/auth:login',
      { username: CLERK.username, password: clerkPassword },
      MADE_UP_SECRET,
    );
    expect(login.status).toBe(403);
    // With a secret of its own the script has a session of its own: not the paired screen.
    await clerkPage
      .getByTestId('handover-panel')
      .getByRole('button', { name: '交给申请人确认' })
      .click();
    const otherCase = await fromApplicantPage(
      '/applicant-api/applicant:confirm',
      { caseNumber: other.caseNumber, correct: true },
      MADE_UP_SECRET,
    );
    expect(JSON.stringify(otherCase.body)).toContain('APPLICANT_SCREEN_NOT_PAIRED');
    const view = await fromApplicantPage('/applicant-api/applicant:view', {}, MADE_UP_SECRET);
    expect(JSON.stringify(view.body)).toContain('APPLICANT_SCREEN_NOT_PAIRED');
    expect(JSON.stringify(view.body)).not.toContain(first.caseNumber);
    expect(JSON.stringify(view.body)).not.toContain(other.idNumber);
  });

  it('the applicant confirms, consents and sets the password; the clerk sees only that it is set', async () => {
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    // Their own ID number, in full, only to them and only while handed over.
    await applicantPage.getByText(first.idNumber, { exact: true }).waitFor();
    await applicantPage.getByText(first.username).first().waitFor();
    await shot(applicantPage, 'applicant-02-confirm');
    await applicantPage.getByRole('button', { name: '确认无误' }).click();

    await applicantPage.getByRole('button', { name: '同意', exact: true }).waitFor();
    await applicantPage.getByText('保存 365 天').waitFor();
    await applicantPage.getByRole('button', { name: '同意', exact: true }).click();

    // Shanxi's applicant also signs on the screen (tests/e2e/applicant-signature.test.ts).
    await applicantPage.getByRole('heading', { name: '请在框内签名' }).waitFor();
    await drawSignature(applicantPage);
    await applicantPage.getByRole('button', { name: '确认签名' }).click();

    await applicantPage.getByRole('heading', { name: '设置平台登录密码' }).waitFor();
    const box = applicantPage.getByLabel('密码', { exact: true });
    await box.fill(first.username + 'A1!');
    await applicantPage.getByText('✗ 不包含登录名').waitFor();
    await box.fill('short1A');
    await applicantPage.getByText('✗ 长度 8 到 20 位').waitFor();
    await box.fill(PASSWORD.slice(0, -1));
    // The last character on the on-screen keyboard.
    await applicantPage.getByRole('button', { name: '用屏幕键盘输入密码' }).click();
    // The keyboard shows on screen where it was asked for, and the box it types into, marked,
    // stays in view above it: no scrolling to find either.
    const keyboard = applicantPage.getByRole('group', { name: '屏幕键盘' });
    await keyboard.waitFor();
    const screenHeight = applicantPage.viewportSize()?.height ?? 0;
    const keys = await keyboard.boundingBox();
    const typedInto = await box.boundingBox();
    expect(keys && keys.y >= 0 && keys.y + keys.height <= screenHeight).toBe(true);
    expect(typedInto && keys && typedInto.y >= 0 && typedInto.y + typedInto.height <= keys.y).toBe(
      true,
    );
    expect(await box.getAttribute('class')).toContain('keyboard-target');
    await shot(applicantPage, 'applicant-03-keyboard', { fullPage: false });
    await applicantPage.getByRole('button', { name: `键 ${PASSWORD.slice(-1)}` }).click();
    await applicantPage.getByRole('button', { name: '收起键盘' }).click();
    await applicantPage.getByLabel('再次输入密码').fill(PASSWORD);
    await applicantPage.getByText('✓ 两次输入一致').waitFor();
    await shot(applicantPage, 'applicant-03-password');
    await applicantPage.getByRole('button', { name: '确认设置密码' }).click();
    await applicantPage.getByRole('heading', { name: '密码已设置' }).waitFor();

    const steps = clerkPage.getByTestId('handover-steps');
    await expect.poll(() => steps.textContent(), SLOW).toContain('申请人已设置密码 ✓');
    await expect
      .poll(() => clerkPage.getByTestId('handover-state').textContent(), SLOW)
      .toContain('密码已设置');
    expect(await clerkPage.content()).not.toContain(PASSWORD);
    await shot(clerkPage, 'applicant-04-clerk-sees-password-set');
  });

  it('the case goes to the platform, which lets the applicant log in with exactly that password', async () => {
    await clerkPage.getByTestId('handover-panel').getByRole('button', { name: '收回' }).click();
    await clerkPage.getByRole('button', { name: '提交办件' }).click();
    await expect
      .poll(() => clerkPage.getByTestId('case-state').textContent(), SLOW)
      .toContain('已受理');
    await applicantPage.getByText('欢迎您').waitFor();
    expect(await platformLogin(first.username, PASSWORD)).toBe(200);
    expect(await platformLogin(first.username, PASSWORD + 'x')).toBe(401);
    expect(await platformLogin(first.username, 'Qiang#Mima2025')).toBe(401);
  });

  it('after submit the applicant rates the service; the clerk sees it', async () => {
    const panel = clerkPage.getByTestId('handover-panel');
    await panel.getByRole('button', { name: '请申请人评价' }).click();
    await applicantPage.getByRole('heading', { name: '请对本次服务进行评价' }).waitFor();
    await applicantPage.getByRole('radio', { name: '不满意', exact: true }).click();
    await applicantPage.getByLabel('等候时间长').check();
    await applicantPage.getByLabel(/其他意见/).fill('排队等了很久');
    await shot(applicantPage, 'applicant-05-rating');
    await applicantPage.getByRole('button', { name: '提交评价' }).click();
    await applicantPage.getByRole('heading', { name: '感谢您的评价' }).waitFor();
    await expect.poll(() => panel.textContent(), SLOW).toContain('服务评价：不满意');
    await expect
      .poll(() => clerkPage.getByTestId('handover-state').textContent(), SLOW)
      .toContain('已评价');
    // The platform already has the case: the rating follows it there.
    await expect
      .poll(async () => (await fetch(`${central.url}/__admin/ratings`)).json(), SLOW)
      .toEqual([{ caseNumber: first.caseNumber, level: 'dissatisfied', text: '排队等了很久' }]);
  });

  it('clears and unpairs itself when the clerk locks the counter; clears after two minutes without a touch', async () => {
    await clerkPage.goto(`${e2e.shell.url}#/cases/${other.caseNumber}`);
    const panel = clerkPage.getByTestId('handover-panel');
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    await clerkPage.getByRole('button', { name: '锁屏' }).click();
    // Locked: the pairing ends with it, and the screen asks for a new code.
    await applicantPage.getByRole('heading', { name: '申请人屏幕配对' }).waitFor();
    await expect.poll(() => applicantPage.content()).not.toContain(other.idNumber);

    await clerkPage.getByLabel('密码').fill(clerkPassword);
    await clerkPage.getByLabel('密码').press('Enter');
    await pairAgain();
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    e2e.harness.clock.set(new Date(e2e.harness.clock.now().getTime() + 2 * 60_000 + 1000));
    await applicantPage.getByText('欢迎您').waitFor();
    await expect.poll(() => panel.textContent(), SLOW).toContain('未交付');
  });

  it('解除配对 on the clerk side, and logging out, send the screen back to the pairing prompt', async () => {
    const panel = clerkPage.getByTestId('handover-panel');
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('heading', { name: '请核对您的信息' }).waitFor();
    await panel.getByRole('button', { name: '解除配对' }).click();
    await applicantPage.getByRole('heading', { name: '申请人屏幕配对' }).waitFor();
    await expect.poll(() => applicantPage.content()).not.toContain(other.idNumber);
    await panel.getByRole('button', { name: '配对申请人屏幕' }).waitFor();
    await expect.poll(() => panel.textContent(), SLOW).toContain('未交付');

    await pairAgain();
    await clerkPage.getByRole('button', { name: '退出' }).click();
    await applicantPage.getByRole('heading', { name: '申请人屏幕配对' }).waitFor();
  });

  it('the password is nowhere on the counter in plain form: database, WAL, logs', () => {
    const needles = [Buffer.from(PASSWORD, 'utf8'), Buffer.from(PASSWORD, 'utf16le')];
    for (const file of filesUnder(e2e.harness.dataDir)) {
      const bytes = readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), file).toBe(false);
    }
    expect(e2e.harness.logged.join('\n')).not.toContain(PASSWORD);
  });
});
