import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncDesk } from '../../src-main/services/sync/sync';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { creditCode, residentId } from '../helpers/identity-fixtures';
import { ENROLMENT_CODE } from '../helpers/sync-harness';
import { CentralSimulator } from '../simulators/central/central-simulator';

// The training reader's card is the legal representative standing at the counter.
const LEGAL_REP = { name: '张三', idNumber: '11010519491231002X', mobile: '13800000001' };
const COMPANY = creditCode('91320100MA2B3C4D5');
const AGENT = { name: '李四', idNumber: residentId('320106', '19900102', '123') };
const INSTITUTION_ADMIN = { name: '赵六', idNumber: residentId('320106', '19880304', '135') };

let e2e: E2eShell;
let central: CentralSimulator;
let clerkPassword: string;

beforeAll(async () => {
  e2e = await startE2eShell({ syncDesk: new SyncDesk() });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  const core = e2e.harness.core;
  await call(core, staff.supervisor, 'settings:update', {
    platformUrl: central.url,
    profileId: 'jiangsu',
    idcardReader: 'training',
  });
  await call(core, staff.supervisor, 'sync:registerCounter', { enrolmentCode: ENROLMENT_CODE });
  central.agents.recordCompany(COMPANY, '江苏示例科技有限公司', LEGAL_REP);
  central.seedAccount('id', AGENT.idNumber);
  central.seedAccount('id', INSTITUTION_ADMIN.idNumber);
  central.institutions.recordInstitution(COMPANY, 'JG320100001', '示例技工学校', '技工院校');
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

async function loginAsClerk(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: CLERK.displayName,
  });
}

describe('经办人管理 in Chromium (Jiangsu)', () => {
  it('looks a company up, proves the legal representative by card, grants an agent for a period and shows it masked', async () => {
    const page = await newCounterPage(e2e.browser, 768);
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginAsClerk(page);
    await page.getByRole('button', { name: '经办人管理' }).click();
    await page.getByRole('heading', { name: '经办人管理' }).waitFor();

    await page.getByLabel('统一社会信用代码').fill(COMPANY.toLowerCase());
    await page.getByLabel('统一社会信用代码').press('Enter');
    const active = page.getByTestId('agents-active');
    await expect.poll(() => active.textContent()).toContain('法定代表人');
    // The legal representative's number is masked on the clerk's screen.
    expect(await active.textContent()).not.toContain(LEGAL_REP.idNumber);

    // Granting needs the person acting for the company: refused until proven.
    await expect(page.getByRole('button', { name: '开通授权' }).isDisabled()).resolves.toBe(true);
    // The legal representative puts their card down (the training reader's sample card).
    const trainee = await signInClerk(e2e.harness.core, clerkPassword);
    await call(e2e.harness.core, trainee, 'idcard:placeTrainingCard', {});
    await page.getByRole('button', { name: '读取办理人身份证' }).click();
    await expect.poll(() => page.getByTestId('agents-actor').textContent()).toContain('法定代表人');

    const form = page.getByTestId('agents-grant');
    await form.getByLabel('姓名').fill(AGENT.name);
    await form.getByLabel('身份证号码').fill(AGENT.idNumber);
    await form.getByLabel('手机号').fill('13900000002');
    await form.getByPlaceholder('开始日期').fill('2026-12-01');
    await form.getByPlaceholder('结束日期').fill('2027-11-30');
    await form.getByPlaceholder('结束日期').press('Enter');
    await page.getByRole('button', { name: '开通授权' }).click();
    await page.getByText('已开通授权。').waitFor();
    const rows = await active.textContent();
    expect(rows).toContain('经办人（三级）');
    expect(rows).toContain('2026-12-01 ~ 2027-11-30');
    expect(rows).toContain('139****0002');
    await shot(page, 'agents-granted');

    // The same phone again is refused beside the form, and what was typed stays.
    await form.getByLabel('姓名').fill('王五');
    await form.getByLabel('身份证号码').fill(residentId('320106', '19900103', '124'));
    await form.getByLabel('手机号').fill('13900000002');
    await page.getByRole('button', { name: '开通授权' }).click();
    await form.locator('..').getByText('手机号不可重复').waitFor();
    await expect(form.getByLabel('姓名').inputValue()).resolves.toBe('王五');
    await expect(page.getByText('已开通授权。').count()).resolves.toBe(0);
    await shot(page, 'agents-refused');

    // 机构管理: the institution the 人社 office registered is opened with its administrator.
    const institutions = page.getByTestId('institutions');
    await institutions.getByRole('button', { name: '开通' }).click();
    const adminForm = page.getByTestId('institution-admin');
    await adminForm.getByLabel('管理员姓名').fill(INSTITUTION_ADMIN.name);
    await adminForm.getByLabel('管理员证件号码').fill(INSTITUTION_ADMIN.idNumber);
    await adminForm.getByLabel('管理员移动电话').fill('13700000003');
    await adminForm.getByRole('button', { name: '保存' }).click();
    await page.getByText('机构已开通，平台已向管理员发送设置密码的短信。').waitFor();
    expect(await institutions.textContent()).toContain('已开通');
    await institutions.getByRole('button', { name: '管理员密码重置' }).click();
    await page.getByText('平台已向管理员手机 137****0003 发送重置密码的短信。').waitFor();
    await shot(page, 'institutions-opened');
  });
});
