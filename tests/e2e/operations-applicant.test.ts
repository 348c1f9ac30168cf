import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { SyncDesk } from '../../src-main/services/sync/sync';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { creditCode } from '../helpers/identity-fixtures';
import { ENROLMENT_CODE } from '../helpers/sync-harness';
import { CentralSimulator } from '../simulators/central/central-simulator';

/**
 * The passwords of Jilin's activation (with the account, which the applicant chooses too) and
 * Jiangsu's legacy upgrade, typed by the applicant on their own screen in Chromium (a context
 * of its own, as a separate browser profile is) and checked by the platform: the clerk's page
 * never has a field for them, and shows the applicant's account read-only.
 */
let e2e: E2eShell;
let central: CentralSimulator;
let desk: SyncDesk;
let supervisor: CallerSession;
let clerkPassword: string;
let clerkContext: BrowserContext;
let applicantContext: BrowserContext;
let clerkPage: Page;
let applicantPage: Page;

const SLOW = { timeout: 20_000, interval: 200 };

beforeAll(async () => {
  desk = new SyncDesk({ autoStart: false });
  e2e = await startE2eShell({ syncDesk: desk });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  supervisor = staff.supervisor;
  clerkPassword = staff.clerkPassword;
  const core = e2e.harness.core;
  await call(core, supervisor, 'settings:update', { platformUrl: central.url, profileId: 'jilin' });
  await call(core, supervisor, 'sync:registerCounter', { enrolmentCode: ENROLMENT_CODE });
  clerkContext = await e2e.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
  });
  // The applicant's screen as small as counters have them: every step must fit without scrolling.
  applicantContext = await e2e.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
  });
  clerkPage = await clerkContext.newPage();
  applicantPage = await applicantContext.newPage();
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

async function loginAsClerk(): Promise<CallerSession> {
  // A fresh tab with no session: the province may have changed since the last one.
  await clerkPage.close();
  await clerkContext.clearCookies();
  clerkPage = await clerkContext.newPage();
  await signInOnPage(clerkPage, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: `${CLERK.displayName}（柜员）`,
  });
  return signInClerk(e2e.harness.core, clerkPassword);
}

/** A case of the operation, filled and collected through the core, open on the clerk's page. */
async function readyCase(
  clerk: CallerSession,
  operation: string,
  change: (values: Record<string, string>) => void,
  beforeCollecting: (caseNumber: string) => Promise<void> = async () => {},
): Promise<string> {
  const core = e2e.harness.core;
  const opened = await call(core, clerk, 'case:create', {
    operation,
    subjectType: 'enterprise',
    delegated: false,
  });
  const values = validValuesFor(opened, 8);
  change(values);
  await call(core, clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
  await beforeCollecting(opened.caseNumber);
  await call(core, clerk, 'case:startCollecting', { caseNumber: opened.caseNumber });
  await recordAllMaterials(core, clerk, opened);
  await clerkPage.goto(`${e2e.shell.url}#/cases/${opened.caseNumber}`);
  return opened.caseNumber;
}

/** The clerk hands the case over; the applicant confirms and consents on their screen. */
async function handOverAndConfirm(): Promise<void> {
  const panel = clerkPage.getByTestId('handover-panel');
  await panel.getByRole('button', { name: '交给申请人确认' }).click();
  await applicantPage.getByRole('button', { name: '确认无误' }).click();
  await applicantPage.getByRole('button', { name: '同意', exact: true }).click();
}

async function submitAndAnswer(caseNumber: string): Promise<void> {
  await clerkPage.getByRole('button', { name: '收回' }).click();
  await clerkPage.getByRole('button', { name: '提交办件' }).click();
  await clerkPage.getByText(`办件 ${caseNumber} 已提交`).waitFor();
  await desk.outboxWorker()?.drain();
  await clerkPage.reload();
}

async function platformLogin(loginName: string, password: string): Promise<number> {
  const response = await fetch(`${central.url}/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password }),
  });
  return response.status;
}

describe('account operations with the applicant screen in Chromium', () => {
  it('吉林 账号激活: the applicant chooses the account and the password on their screen; the clerk sees the account read-only; both log in', async () => {
    const clerk = await loginAsClerk();
    const { code: pairing } = await call(e2e.harness.core, clerk, 'handover:pairingCode', {});
    await applicantPage.goto(`${e2e.shell.url.replace(/\/$/, '')}/applicant`);
    await applicantPage.getByLabel('配对码').fill(pairing);
    await applicantPage.getByRole('button', { name: '配对' }).click();
    await applicantPage.getByText('欢迎您').waitFor();

    const company = creditCode('91220100MA0LKK7X0');
    let legal = { name: '', id: '' };
    // The clerk fills everything but the account and goes on to the materials without it.
    const caseNumber = await readyCase(
      clerk,
      'activate',
      (values) => {
        values['company.creditCode'] = company;
        legal = { name: values['legalRep.name'] ?? '', id: values['legalRep.idNumber'] ?? '' };
      },
      async (number) => {
        // 确认账号 and 安全验证: the code texted to the reserved phone, read out to the clerk.
        central.directory.seed({
          kind: 'uscc',
          value: company,
          subjectType: 'enterprise',
          login: 'pending_corp',
          status: 'pending-activation',
          phone: '13912340000',
          legalRepName: legal.name,
          legalRepId: legal.id,
        });
        await call(e2e.harness.core, clerk, 'activation:sendCode', { caseNumber: number });
        const opened = await call(e2e.harness.core, clerk, 'case:get', {
          caseNumber: number,
          reveal: true,
        });
        await call(e2e.harness.core, clerk, 'case:saveValues', {
          caseNumber: number,
          values: {
            ...opened.values,
            'activation.smsCode': central.directory.smsTo('13912340000')[0]?.code ?? '',
          },
        });
      },
    );

    // Nothing set yet: the clerk's submit names the account and the applicant's step.
    expect(await clerkPage.getByLabel(/密码/).count()).toBe(0);
    await clerkPage.getByRole('button', { name: '提交办件' }).click();
    const refusal = clerkPage.getByTestId('submit-problem');
    await refusal.getByText('企业账号（法人账号）').waitFor();
    await refusal.getByText('请申请人在申请人屏幕上设置账号和密码').waitFor();

    // The clerk's form: the account is there, read-only, and says who sets it.
    await clerkPage.getByRole('button', { name: '修改信息' }).click();
    const account = clerkPage.getByLabel('企业账号（法人账号）');
    expect(await account.getAttribute('readonly')).not.toBeNull();
    expect(await account.inputValue()).toBe('');
    await clerkPage.getByText('由申请人在申请人屏幕上设置', { exact: true }).waitFor();

    await handOverAndConfirm();
    await applicantPage.getByRole('heading', { name: '设置账号密码' }).waitFor();
    const name = applicantPage.getByLabel('企业账号（法人账号）');
    const confirm = applicantPage.getByRole('button', { name: '确认设置账号和密码' });
    const password = 'Jilin#Act2028';
    // Too short and not starting with a letter: the rule in its words, and no way on.
    await name.fill('2028jl');
    await applicantPage.getByText('登录名不符合要求：8-20 位，以字母开头').waitFor();
    await applicantPage.getByLabel('密码', { exact: true }).fill(password);
    await applicantPage.getByLabel('再次输入密码').fill(password);
    expect(await confirm.isDisabled()).toBe(true);
    // A password holding the account name is refused as the applicant types.
    await name.fill('jilinCorp2028');
    await applicantPage.getByText('✓ 符合要求').waitFor();
    await applicantPage.getByLabel('密码', { exact: true }).fill('jilinCorp2028#');
    await applicantPage.getByLabel('再次输入密码').fill('jilinCorp2028#');
    await applicantPage.getByText('✗ 不包含登录名').waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await applicantPage.getByLabel('密码', { exact: true }).fill(password);
    await applicantPage.getByLabel('再次输入密码').fill(password);
    await applicantPage.getByText('✓ 不包含登录名').waitFor();
    // The whole step fits the applicant's screen: the button is reached without scrolling.
    await shot(applicantPage, 'ops-applicant-01-activation-account-password');
    const box = await confirm.boundingBox();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(768);
    // The clerk's page does not hear of the applicant's last step before it saves: the save is
    // not refused as stale for the account the applicant set meanwhile.
    let heard = (): void => undefined;
    const held = new Promise<void>((resolve) => (heard = resolve));
    await clerkPage.route('**/api/handover:status', async (route) => {
      await held;
      await route.continue();
    });
    await confirm.click();
    await applicantPage.getByTestId('applicant-done').getByText('账号和密码已设置').waitFor();
    await clerkPage.getByRole('button', { name: '暂存（Ctrl+S）' }).click();
    await clerkPage.getByText('已暂存').waitFor();
    heard();
    await clerkPage.unroute('**/api/handover:status');
    await expect
      .poll(() => clerkPage.getByTestId('handover-steps').textContent(), SLOW)
      .toContain('申请人已设置企业账号（法人账号）和密码 ✓');
    // The clerk's open form shows the applicant's account, still read-only.
    await expect.poll(() => account.inputValue(), SLOW).toBe('jilinCorp2028');
    expect(await account.getAttribute('readonly')).not.toBeNull();
    await account.scrollIntoViewIfNeeded();
    await shot(clerkPage, 'ops-applicant-02-activation-clerk-form', { fullPage: false });
    // The refusal that asked for it is gone once the applicant has set it.
    expect(await refusal.count()).toBe(0);

    await submitAndAnswer(caseNumber);
    await expect
      .poll(() => clerkPage.getByTestId('case-state').textContent(), SLOW)
      .toContain('已受理');
    expect(await platformLogin('jilinCorp2028', password)).toBe(200);
    expect(await platformLogin('jilinCorp2028', 'Jilin#Act2027')).toBe(401);
  });

  it('江苏 地市历史用户升级: the 原密码 typed on the applicant screen; a wrong one is refused in the profile words', async () => {
    await call(e2e.harness.core, supervisor, 'settings:update', { profileId: 'jiangsu' });
    const clerk = await loginAsClerk();
    const company = creditCode('91320100MA0LKK8X0');
    const system = '江苏省社会保险基金管理中心网上业务大厅';
    central.legacy.seed({
      system,
      username: 'js_unit_08',
      password: 'Old#Js0008',
      unitCode: '32010008',
      creditCode: company,
    });
    const caseNumber = await readyCase(clerk, 'upgrade', (values) => {
      values['legacy.system'] = system;
      values['legacy.username'] = 'js_unit_08';
      values['legacy.unitCode'] = '';
      values['company.creditCode'] = company;
    });
    // The legacy system is chosen from the seed's three, never typed.
    await clerkPage.getByRole('button', { name: '修改信息' }).click();
    const systems = clerkPage.getByRole('radiogroup', { name: '历史系统' });
    await systems.waitFor();
    expect(await systems.getByRole('radio').count()).toBe(3);
    expect(await systems.getByRole('radio', { name: system }).isChecked()).toBe(true);
    await shot(clerkPage, 'ops-applicant-03-upgrade-legacy-system');

    await handOverAndConfirm();
    await applicantPage.getByRole('heading', { name: '核验原系统密码，设置管理员密码' }).waitFor();
    await applicantPage.getByText('js_unit_08').waitFor();
    await applicantPage.getByLabel('原密码').fill('Old#Js0007');
    await applicantPage.getByLabel('管理员密码').fill('Admin#Js0008');
    await applicantPage.getByLabel('确认密码').fill('Admin#Js0008');
    await shot(applicantPage, 'ops-applicant-04-upgrade-old-password');
    await applicantPage.getByRole('button', { name: '确认', exact: true }).click();
    await applicantPage.getByTestId('applicant-done').waitFor();

    await submitAndAnswer(caseNumber);
    const refusal = (await call(e2e.harness.core, clerk, 'profile:current', {})).refusals.find(
      (item) => item.code === 'LEGACY_BAD_CREDENTIALS',
    );
    await expect
      .poll(() => clerkPage.getByTestId('platform-message').textContent(), SLOW)
      .toContain(refusal?.platformMessage ?? '-');
    await expect
      .poll(() => clerkPage.getByTestId('platform-next-step').textContent(), SLOW)
      .toContain('在申请人屏幕上重新输入原密码');
    await shot(clerkPage, 'ops-applicant-05-upgrade-refused');
    expect(central.legacy.upgradedUnitCode(system, 'js_unit_08')).toBeNull();
  });
});
