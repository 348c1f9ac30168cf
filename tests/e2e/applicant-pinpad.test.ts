import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { openCounterScreens } from '../helpers/applicant-pages';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { shot, startE2eShell } from '../helpers/e2e-shell';
import type { PtyPair } from '../helpers/pty-pair';
import { openPtyPair } from '../helpers/pty-pair';
import { drawSignature } from '../helpers/signature-pad';
import { CentralSimulator } from '../simulators/central/central-simulator';
import type { PtyPinpad } from '../simulators/pinpad/pty-pinpad';
import { servePtyPinpad } from '../simulators/pinpad/pty-pinpad';

/**
 * The applicant types the platform password on the counter's PIN pad (a simulated PP1 pad at
 * the far end of a socat pty): a dot per key on the applicant's page only, sealed there, and
 * the platform's login check passes with exactly what was typed on the pad.
 */
let e2e: E2eShell;
let central: CentralSimulator;
let pty: PtyPair;
let pad: PtyPinpad;
let clerk: CallerSession;
let clerkPage: Page;
let applicantPage: Page;

const SLOW = { timeout: 20_000, interval: 200 };
const PASSWORD = 'Jian#Pan2026';

beforeAll(async () => {
  e2e = await startE2eShell();
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  pty = await openPtyPair();
  pad = await servePtyPinpad(pty.device);
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  const core = e2e.harness.core;
  await call(core, staff.supervisor, 'settings:update', {
    platformUrl: central.url,
    hallName: '示例市政务服务中心',
  });
  await call(core, staff.supervisor, 'sync:registerCounter', { enrolmentCode: 'TRAINING-0000' });
  await call(core, staff.supervisor, 'handover:setRequired', { required: true });
  const chosen = await call(core, staff.supervisor, 'handover:setPinpad', {
    kind: 'serial',
    port: pty.host,
    baudRate: 9600,
  });
  expect(chosen.problem).toBeNull();
  clerk = await signInClerk(core, staff.clerkPassword);
  ({ clerkPage, applicantPage } = await openCounterScreens(e2e.browser, e2e.shell.url, {
    username: CLERK.username,
    password: staff.clerkPassword,
    shownAs: `${CLERK.displayName}（柜员）`,
  }));
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
  await pad?.close();
  await pty?.unplug();
});

describe('the PIN pad on the applicant screen', () => {
  it('types the password on the pad; the platform lets the applicant log in with it', async () => {
    const core = e2e.harness.core;
    const profile = await call(core, clerk, 'profile:current', {});
    const opened = await call(
      core,
      clerk,
      'case:create',
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
    );
    const values = validValuesFor(opened, 31);
    const caseNumber = opened.caseNumber;
    await call(core, clerk, 'case:saveValues', { caseNumber, values });
    await call(core, clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(core, clerk, opened);

    await clerkPage.goto(`${e2e.shell.url}#/cases/${caseNumber}`);
    const panel = clerkPage.getByTestId('handover-panel');
    await panel.getByRole('button', { name: '配对申请人屏幕' }).click();
    const code = (await clerkPage.getByTestId('pairing-code').textContent())?.trim() ?? '';
    await applicantPage.goto(`${e2e.shell.url.replace(/\/$/, '')}/applicant`);
    await applicantPage.getByLabel('配对码').fill(code);
    await applicantPage.getByRole('button', { name: '配对' }).click();
    await applicantPage.getByText('欢迎您').waitFor();
    await panel.getByRole('button', { name: '交给申请人确认' }).click();
    await applicantPage.getByRole('button', { name: '确认无误' }).click();
    await applicantPage.getByRole('button', { name: '同意', exact: true }).click();
    // Shanxi's applicant signs on the screen before the password.
    await applicantPage.getByRole('heading', { name: '请在框内签名' }).waitFor();
    await drawSignature(applicantPage);
    await applicantPage.getByRole('button', { name: '确认签名' }).click();
    await applicantPage.getByRole('heading', { name: '设置平台登录密码' }).waitFor();

    // The pad lights up only now, and the page says where its keys go.
    await pad.waitEnabled();
    const status = applicantPage.getByTestId('pinpad-status');
    await expect.poll(() => status.textContent(), SLOW).toContain('现在输入“密码”');
    const first = applicantPage.getByLabel('密码', { exact: true });
    const second = applicantPage.getByLabel('再次输入密码');
    // A dot per key: a password box, filled key by key.
    expect(await first.getAttribute('type')).toBe('password');
    await pad.press(PASSWORD.slice(0, 3));
    await expect.poll(() => first.inputValue(), SLOW).toBe(PASSWORD.slice(0, 3));
    // 更正 removes one; the rest follows.
    await pad.press('x', { fn: 'backspace' }, PASSWORD.slice(3));
    await expect.poll(() => first.inputValue(), SLOW).toBe(PASSWORD);
    await applicantPage.getByText('✓ 不包含登录名').waitFor();
    // The on-screen keyboard stays available beside the pad.
    await applicantPage.getByRole('button', { name: '用屏幕键盘输入密码' }).waitFor();
    await pad.press({ fn: 'enter' });
    await expect.poll(() => status.textContent(), SLOW).toContain('现在输入“再次输入密码”');
    await pad.press(PASSWORD);
    await expect.poll(() => second.inputValue(), SLOW).toBe(PASSWORD);
    await applicantPage.getByText('✓ 两次输入一致').waitFor();
    await shot(applicantPage, 'applicant-pinpad-01-password');
    // 确认 on the pad sets the password (sealed on this page).
    await pad.press({ fn: 'enter' });
    await applicantPage.getByRole('heading', { name: '密码已设置' }).waitFor();
    await expect.poll(() => pad.enabled, SLOW).toBe(false);

    const steps = clerkPage.getByTestId('handover-steps');
    await expect.poll(() => steps.textContent(), SLOW).toContain('申请人已设置密码 ✓');
    expect(await clerkPage.content()).not.toContain(PASSWORD);

    await panel.getByRole('button', { name: '收回' }).click();
    await clerkPage.getByRole('button', { name: '提交办件' }).click();
    await expect
      .poll(() => clerkPage.getByTestId('case-state').textContent(), SLOW)
      .toContain('已受理');
    const login = async (password: string) =>
      (
        await fetch(`${central.url}/v1/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ loginName: values['account.username'], password }),
        })
      ).status;
    expect(await login(PASSWORD)).toBe(200);
    expect(await login(`${PASSWORD}x`)).toBe(401);
    expect(e2e.harness.logged.join('\n')).not.toContain(PASSWORD);
  });
});
