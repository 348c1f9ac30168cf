import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { SyncDesk } from '../../src-main/services/sync/sync';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { creditCode } from '../helpers/identity-fixtures';
import { ENROLMENT_CODE } from '../helpers/sync-harness';
import { CentralSimulator } from '../simulators/central/central-simulator';

let e2e: E2eShell;
let central: CentralSimulator;
let desk: SyncDesk;
let clerkPassword: string;
let clerk: CallerSession;
let supervisor: CallerSession;

const COMPANY = creditCode('91140100MA0LKK2X0');
const SLOW = { timeout: 20_000, interval: 250 };

beforeAll(async () => {
  desk = new SyncDesk({ autoStart: false });
  e2e = await startE2eShell({ syncDesk: desk });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  supervisor = staff.supervisor;
  await call(e2e.harness.core, staff.supervisor, 'settings:update', { platformUrl: central.url });
  await call(e2e.harness.core, staff.supervisor, 'sync:registerCounter', {
    enrolmentCode: ENROLMENT_CODE,
  });
  clerk = await signInClerk(e2e.harness.core, clerkPassword);
  central.directory.seed({
    kind: 'uscc',
    value: COMPANY,
    subjectType: 'enterprise',
    login: 'jinyang_tech',
    status: 'normal',
    phone: '13812345678',
    unitName: '太原市晋阳科技有限公司',
  });
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

async function drain(): Promise<void> {
  await desk.outboxWorker()?.drain();
}

describe('查找账号 and the reserved-phone change in Chromium', () => {
  it('looks a company up, starts 变更预留手机号 from the answer, and sees the new phone after', async () => {
    const page = await newCounterPage(e2e.browser, 768);
    await loginAsClerk(page);
    await page.getByRole('button', { name: '查找账号' }).click();
    await page.getByRole('heading', { name: '查找账号' }).waitFor();
    await page.getByText('按统一社会信用代码').click();
    await page.getByLabel('统一社会信用代码', { exact: true }).fill(COMPANY);
    await page.getByRole('button', { name: '查找', exact: true }).click();
    const result = page.getByTestId('lookup-result');
    await expect.poll(() => result.textContent(), SLOW).toContain('太原市晋阳科技有限公司');
    expect(await page.getByTestId('lookup-status').textContent()).toBe('正常');
    expect(await page.getByTestId('lookup-phone').textContent()).toBe('138****5678');
    expect(await page.getByTestId('lookup-login').textContent()).toBe('ji******h');
    expect(await result.textContent()).not.toContain(COMPANY);
    await shot(page, 'ops-01-lookup-found');

    await result.getByRole('button', { name: '变更预留手机号' }).click();
    await page.getByRole('heading', { name: '新建办件' }).waitFor();
    await page.getByText('原预留手机号已无法接收验证码时').waitFor();
    await page.getByText('本人办理', { exact: true }).click();
    await page.getByText('企业法人变更预留手机号（本人办理）').first().waitFor();
    await page.getByRole('button', { name: '开始填写' }).click();
    await page.waitForURL(/#\/cases\/\d{4}-\d{8}-\d{4}$/);
    const caseNumber = decodeURIComponent(page.url().split('/').pop() ?? '');
    await page.getByLabel('新预留手机号码').waitFor();
    expect(await page.getByLabel('需修改的内容', { exact: false }).count()).toBe(0);

    // The rest of the form and the checklist are the same as any modification's: filled
    // through the core here, the way the other case tests do.
    const opened = await call(e2e.harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    const values = validValuesFor(opened, 2);
    values['company.creditCode'] = COMPANY;
    values['account.newMobile'] = '13998765432';
    await call(e2e.harness.core, clerk, 'case:saveValues', { caseNumber, values });
    await call(e2e.harness.core, clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(e2e.harness.core, clerk, opened);
    await page.reload();
    await page.getByRole('button', { name: '提交办件' }).click();
    await page.getByText(`办件 ${caseNumber} 已提交`).waitFor();
    await drain();
    await page.reload();
    await expect.poll(() => page.getByTestId('case-state').textContent(), SLOW).toContain('已受理');
    await shot(page, 'ops-02-phone-changed');

    await page.goto(`${e2e.shell.url}#/lookup`);
    await page.getByText('按统一社会信用代码').click();
    await page.getByLabel('统一社会信用代码', { exact: true }).fill(COMPANY);
    await page.getByLabel('统一社会信用代码', { exact: true }).press('Enter');
    await expect
      .poll(() => page.getByTestId('lookup-phone').textContent(), SLOW)
      .toBe('139****5432');
    await page.context().close();
  });

  it("a refusal's next step that says 查找 opens the lookup with the case's credit code", async () => {
    const core = e2e.harness.core;
    const opened = await call(core, clerk, 'case:create', {
      operation: 'register',
      subjectType: 'enterprise',
      delegated: false,
    });
    const values = validValuesFor(opened, 3);
    values['company.creditCode'] = COMPANY;
    await call(core, clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
    await recordAllMaterials(core, clerk, opened);
    await call(core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
    await drain();

    const page = await newCounterPage(e2e.browser, 768);
    await loginAsClerk(page);
    await page.goto(`${e2e.shell.url}#/cases/${opened.caseNumber}`);
    await expect
      .poll(() => page.getByTestId('platform-message').textContent(), SLOW)
      .toContain('该统一社会信用代码已被认证');
    await page.getByRole('button', { name: '显示完整信息' }).click();
    await page.getByTestId('next-step-lookup').click();
    await page.getByRole('heading', { name: '查找账号' }).waitFor();
    await expect
      .poll(() => page.getByTestId('lookup-result').textContent(), SLOW)
      .toContain('太原市晋阳科技有限公司');
    await shot(page, 'ops-03-next-step-lookup');
    await page.context().close();
  });

  it('looks up the applicant on the spot from the ID card on the reader', async () => {
    await call(e2e.harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    central.directory.seed({
      kind: 'id',
      value: '11010519491231002X',
      subjectType: 'person',
      login: 'zhangsan1949',
      status: 'frozen',
      phone: '13700001234',
    });
    const page = await newCounterPage(e2e.browser, 768);
    await loginAsClerk(page);
    await page.goto(`${e2e.shell.url}#/lookup`);
    await page.getByText('按身份证号').click();
    await page.getByRole('button', { name: '读取身份证' }).click();
    await call(
      e2e.harness.core,
      await signInClerk(e2e.harness.core, clerkPassword),
      'idcard:placeTrainingCard',
      {},
    );
    await expect.poll(() => page.getByTestId('lookup-status').textContent(), SLOW).toBe('已冻结');
    expect(await page.getByLabel('身份证号码', { exact: true }).inputValue()).toBe(
      '11010519491231002X',
    );
    expect(await page.getByTestId('lookup-phone').textContent()).toBe('137****1234');
    await shot(page, 'ops-08-lookup-from-card');
    await page.context().close();
  });
});
