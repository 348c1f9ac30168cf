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
let supervisor: CallerSession;
let clerkPassword: string;

const SLOW = { timeout: 20_000, interval: 250 };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const DOC = Buffer.concat([
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.alloc(64),
]);

beforeAll(async () => {
  desk = new SyncDesk({ autoStart: false });
  e2e = await startE2eShell({ syncDesk: desk });
  central = new CentralSimulator({ now: () => e2e.harness.clock.now().getTime() });
  await central.start();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  supervisor = staff.supervisor;
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, supervisor, 'settings:update', { platformUrl: central.url });
  await call(e2e.harness.core, supervisor, 'sync:registerCounter', {
    enrolmentCode: ENROLMENT_CODE,
  });
});

afterAll(async () => {
  await e2e?.close();
  await central?.close();
});

async function province(id: string): Promise<CallerSession> {
  await call(e2e.harness.core, supervisor, 'settings:update', { profileId: id });
  return signInClerk(e2e.harness.core, clerkPassword);
}

async function loginAsClerk(): Promise<Page> {
  const page = await newCounterPage(e2e.browser, 768);
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: CLERK.displayName,
  });
  return page;
}

/** 新建办件 in the wizard: operation, 企业法人, 本人办理; returns the new case's number. */
async function startCase(page: Page, operation: string): Promise<string> {
  await page.getByRole('button', { name: '新建办件' }).click();
  await page.getByRole('heading', { name: '新建办件' }).waitFor();
  await page.getByText(operation, { exact: true }).click();
  await page.getByText('企业法人', { exact: true }).click();
  await page.getByText('本人办理', { exact: true }).click();
  await shot(page, `ops-new-case-${operation}`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.waitForURL(/#\/cases\/\d{4}-\d{8}-\d{4}$/);
  return decodeURIComponent(page.url().split('/').pop() ?? '');
}

/** The form typed in through the core (the case tests type it in the UI), then shown again. */
async function fillThroughCore(
  page: Page,
  clerk: CallerSession,
  caseNumber: string,
  change: (values: Record<string, string>) => void,
  collect = true,
): Promise<void> {
  const core = e2e.harness.core;
  const opened = await call(core, clerk, 'case:get', { caseNumber, reveal: true });
  const values = validValuesFor(opened, 5);
  change(values);
  await call(core, clerk, 'case:saveValues', { caseNumber, values });
  if (collect) {
    await call(core, clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(core, clerk, opened);
  }
  await page.reload();
}

describe('operations of Jilin and Jiangsu in Chromium', () => {
  it('吉林 修改企业信息申诉: the seed uploads in their types, then 受理中 from the platform', async () => {
    const clerk = await province('jilin');
    const company = creditCode('91220100MA0LKK5X0');
    central.directory.seed({
      kind: 'uscc',
      value: company,
      subjectType: 'enterprise',
      login: 'jilinCorp2026',
      status: 'pending-activation',
      phone: '13812345678',
    });
    const page = await loginAsClerk();
    const caseNumber = await startCase(page, '修改企业信息申诉');
    await page.getByLabel('申诉备注').waitFor();
    await fillThroughCore(page, clerk, caseNumber, (values) => {
      values['company.creditCode'] = company;
      values['appeal.remark'] = '预留手机号已停用，法定代表人已变更';
    });

    await page.getByLabel('上传：企业营业执照原件照片').setInputFiles({
      name: '营业执照.doc',
      mimeType: 'application/msword',
      buffer: DOC,
    });
    await page.getByText('不是这项材料可用的 PDF、JPG、PNG 文件').first().waitFor();
    const labels = [
      '企业营业执照原件照片',
      '申诉授权书（法定代表人签字、加盖公章）',
      '法人身份证正反面照片',
      '经办人身份证正反面照片',
      '经办人手持身份证照片',
    ];
    for (const label of labels) {
      await page.getByLabel(`上传：${label}`).setInputFiles({
        name: `${label}.png`,
        mimeType: 'image/png',
        buffer: PNG,
      });
      await expect
        .poll(
          () => page.locator(`[data-testid="material"]`, { hasText: label }).textContent(),
          SLOW,
        )
        .toContain('已齐');
    }
    await shot(page, 'ops-04-jilin-appeal-uploads');
    await page.getByRole('button', { name: '提交办件' }).click();
    await page.getByText(`办件 ${caseNumber} 已提交`).waitFor();
    await desk.outboxWorker()?.drain();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('platform-message').textContent(), SLOW)
      .toContain('申诉提交后请等待客服处理');
    await expect
      .poll(() => page.getByTestId('platform-next-step').textContent(), SLOW)
      .toContain('受理中');
    await shot(page, 'ops-05-jilin-appeal-under-review');
    await page.context().close();
  });

  it('吉林 账号激活: the platform texts a code to the reserved phone; account and password stay with the applicant', async () => {
    const clerk = await province('jilin');
    const company = creditCode('91220100MA0LKK6X0');
    const page = await loginAsClerk();
    const caseNumber = await startCase(page, '账号激活');
    let legal = { name: '', id: '' };
    await fillThroughCore(
      page,
      clerk,
      caseNumber,
      (values) => {
        values['company.creditCode'] = company;
        legal = { name: values['legalRep.name'] ?? '', id: values['legalRep.idNumber'] ?? '' };
      },
      false,
    );
    central.directory.seed({
      kind: 'uscc',
      value: company,
      subjectType: 'enterprise',
      login: 'pending_corp',
      status: 'pending-activation',
      phone: '13912345678',
      legalRepName: legal.name,
      legalRepId: legal.id,
    });
    const steps = page.getByTestId('operation-steps');
    await steps.getByText('企业账号（法人账号）和新密码由申请人在申请人屏幕上自行输入').waitFor();
    await steps.getByRole('button', { name: '发送短信验证码' }).click();
    await expect
      .poll(() => page.getByTestId('sms-sent').textContent(), SLOW)
      .toContain('139****5678');
    const code = central.directory.smsTo('13912345678')[0]?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    // The draft opens masked after the reload: 继续填写 shows the form again (audited).
    await page.getByRole('button', { name: '继续填写' }).click();
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '暂存（Ctrl+S）' }).click();
    await page.getByText('已暂存').waitFor();
    await shot(page, 'ops-06-jilin-activation-code');

    const opened = await call(e2e.harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    expect(opened.values['activation.smsCode']).toBe(code);
    await call(e2e.harness.core, clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(e2e.harness.core, clerk, opened);
    await page.reload();
    await page.getByRole('button', { name: '提交办件' }).click();
    await page.getByText('该业务须由申请人在申请人屏幕上自行输入密码').first().waitFor();
    expect(central.submissionsOf(caseNumber)).toEqual([]);
    await page.context().close();
  });

  it('江苏 地市历史用户升级: the legacy systems, and no password typed at the counter', async () => {
    const clerk = await province('jiangsu');
    const page = await loginAsClerk();
    const caseNumber = await startCase(page, '地市历史用户升级');
    await page.getByLabel('原用户名').waitFor();
    expect(await page.getByLabel(/密码/).count()).toBe(0);
    // The legacy system is one of the seed's three, chosen, never typed; the keys move it.
    const systems = page.getByRole('radiogroup', { name: '历史系统' });
    expect(await systems.getByRole('radio').count()).toBe(3);
    await systems.getByRole('radio', { name: '江苏省人社网办大厅' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() =>
        systems.getByRole('radio', { name: '江苏省社会保险基金管理中心网上业务大厅' }).isChecked(),
      )
      .toBe(true);
    await fillThroughCore(page, clerk, caseNumber, (values) => {
      values['legacy.system'] = '江苏省社会保险基金管理中心网上业务大厅';
      values['legacy.username'] = 'jsold001';
    });
    await page
      .getByTestId('operation-steps')
      .getByText('原密码和新密码由申请人在申请人屏幕上自行输入')
      .waitFor();
    await page.getByRole('button', { name: '提交办件' }).click();
    await page.getByText('该业务须由申请人在申请人屏幕上自行输入密码').first().waitFor();
    await shot(page, 'ops-07-jiangsu-upgrade-needs-applicant-screen');
    await page.context().close();
  });
});
