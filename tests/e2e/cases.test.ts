import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, CLERK, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { creditCode, residentId, withWrongCheck } from '../helpers/identity-fixtures';

let e2e: E2eShell;
let clerkPassword: string;
let supervisorSession: CallerSession;

/** A delegated branch registration, as the clerk types it from the papers. */
const branch = {
  分公司名称: '太原市晋阳科技有限公司小店分公司',
  分公司统一社会信用代码: creditCode('91140105MA0K2B3C4'),
  分公司负责人姓名: '王建国',
  分公司负责人身份证号码: residentId('140105', '1975-06-15', '031'),
  分公司负责人手机号码: '13912345678',
  总公司名称: '太原市晋阳科技有限公司',
  总公司统一社会信用代码: creditCode('91140100MA0H5D6E7'),
  总公司法定代表人姓名: '李秀英',
  总公司法定代表人身份证号码: residentId('140100', '1968-03-02', '042'),
  被授权人姓名: '赵敏',
  被授权人身份证号码: residentId('140106', '1990-11-08', '024'),
  被授权人手机号码: '13812345678',
  平台登录名: 'jinyang_xd01',
};

function newPage(): Promise<Page> {
  return newCounterPage(e2e.browser, 900);
}

async function loginAsClerk(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
}

/** 新建办件 through the wizard, choosing by the words on the buttons. */
async function openCase(page: Page, choices: [string, string, string], firstField: string) {
  await page.getByRole('button', { name: '新建办件' }).click();
  for (const choice of choices)
    await page.getByRole('radio', { name: choice }).check({ force: true });
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.getByLabel(firstField).waitFor();
}

function openBranchCase(page: Page): Promise<void> {
  return openCase(page, ['注册', '分公司', '委托代办'], '分公司名称');
}

function openPersonCase(page: Page): Promise<void> {
  return openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
}

async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

/** Ticks one checkbox and waits until the core has recorded it. */
async function tick(checkbox: Locator): Promise<void> {
  if ((await checkbox.getAttribute('class'))?.includes('is-checked')) return;
  await checkbox.click();
  await expect.poll(() => checkbox.getAttribute('class')).toContain('is-checked');
}

async function recordMaterials(page: Page, skipFirst = false): Promise<void> {
  const materials = page.getByTestId('material');
  const count = await materials.count();
  for (let index = skipFirst ? 1 : 0; index < count; index += 1) {
    const boxes = materials.nth(index).locator('.el-checkbox');
    for (let box = 0; box < (await boxes.count()); box += 1) await tick(boxes.nth(box));
  }
}

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  supervisorSession = staff.supervisor;
});

afterAll(async () => {
  await e2e?.close();
});

describe('cases in Chromium', () => {
  it('a delegated branch registration shows its seven materials and submits only when all are recorded', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openBranchCase(page);

    const wrongCode = withWrongCheck(branch.分公司统一社会信用代码);
    const wrongId = withWrongCheck(branch.被授权人身份证号码, '0123456789X');
    await fillForm(page, {
      ...branch,
      分公司统一社会信用代码: wrongCode,
      被授权人身份证号码: wrongId,
    });
    await page.getByLabel('平台登录名', { exact: true }).press('Tab');
    await page.getByText('统一社会信用代码校验位不正确').waitFor();
    await page.getByText('身份证号码校验位不正确').waitFor();
    await shot(page, '10-case-form-check-digits');

    await fillForm(page, {
      分公司统一社会信用代码: branch.分公司统一社会信用代码,
      被授权人身份证号码: branch.被授权人身份证号码,
    });
    await page.getByRole('button', { name: '下一步：收取材料' }).click();
    await page.getByTestId('missing-summary').waitFor();
    await expect.poll(() => page.getByTestId('material').count()).toBe(7);
    await expect
      .poll(() => page.getByTestId('missing-summary').textContent())
      .toContain('尚缺 7 项');
    await shot(page, '11-checklist-seven-items');

    await page.getByRole('button', { name: '提交办件' }).click();
    await page.getByText('申请材料未收齐，不能提交').waitFor();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toContain('收件中');

    await recordMaterials(page);
    await expect
      .poll(() => page.getByTestId('missing-summary').textContent())
      .toContain('材料已收齐');
    await page.getByRole('button', { name: '提交办件' }).click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toContain('已提交');
    await page.getByText('申请人自行设置平台登录密码').waitFor();
    await shot(page, '12-submitted');
    await page.context().close();
  });

  it('submits with a missing material after the supervisor approves at the counter', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openBranchCase(page);
    await fillForm(page, { ...branch, 平台登录名: 'jinyang_xd02' });
    await page.getByRole('button', { name: '下一步：收取材料' }).click();
    await page.getByTestId('missing-summary').waitFor();
    await recordMaterials(page, true);
    await expect
      .poll(() => page.getByTestId('missing-summary').textContent())
      .toContain('尚缺 1 项');

    await page.getByRole('button', { name: '负责人审批例外' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('负责人登录名').fill(SUPERVISOR.username);
    await dialog.getByLabel('负责人密码').fill('not-the-password');
    await dialog.getByLabel('例外理由').fill('分公司执照原件在总公司年检，已电话核实');
    await dialog.getByRole('button', { name: '批准并记录' }).click();
    await dialog.getByText('用户名或密码错误').waitFor();
    await shot(page, '13-exception-refused');

    await dialog.getByLabel('负责人密码').fill(SUPERVISOR.password);
    await dialog.getByRole('button', { name: '批准并记录' }).click();
    await page.getByTestId('exception').waitFor();
    await expect.poll(() => page.getByTestId('exception').textContent()).toContain('王主任');
    await page.getByRole('button', { name: '提交办件' }).click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toContain('已提交');
    await page.getByText('负责人批准缺件例外').waitFor();
    await shot(page, '14-exception-submitted');
    await page.context().close();
  });

  it('finds a case by its number and by name, with personal data masked', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openPersonCase(page);
    const idNumber = residentId('140105', '1985-04-12', '117');
    await fillForm(page, {
      申请人姓名: '欧阳小明',
      申请人身份证号码: idNumber,
      申请人手机号码: '13712345678',
      平台登录名: 'ouyang_xm',
    });
    await page.getByRole('button', { name: '暂存（Ctrl+S）' }).click();
    await page.getByText('已暂存').waitFor();
    const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';

    await page.goto(`${e2e.shell.url}#/cases`);
    const search = page.getByLabel('查找办件');
    await search.fill(caseNumber);
    await search.press('Enter');
    const list = page.getByTestId('case-list');
    await list.getByText(caseNumber).waitFor();
    await search.fill('欧阳小明');
    await search.press('Enter');
    await list.getByText('欧**明').waitFor();
    await list.getByText(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`).waitFor();
    await expect.poll(() => list.getByText(idNumber).count()).toBe(0);
    await shot(page, '15-search-masked');
    await page.context().close();
  });

  it('fills the applicant from the training reader and locks what the card filled', async () => {
    await call(e2e.harness.core, supervisorSession, 'settings:update', {
      idcardReader: 'training',
    });
    const page = await newPage();
    await loginAsClerk(page);
    await openPersonCase(page);
    // The form waits for the applicant's card as it opens: placing the card is all it takes.
    await page.getByText('请将申请人的身份证放在读卡器感应区').waitFor();
    await page.getByRole('button', { name: '放置示例身份证（培训）' }).click();
    const name = page.getByLabel('申请人姓名', { exact: true });
    await expect.poll(() => name.inputValue()).toBe('张三');
    const idNumber = page.getByLabel('申请人身份证号码', { exact: true });
    expect(await idNumber.inputValue()).toBe('11010519491231002X');
    expect(await idNumber.getAttribute('readonly')).not.toBeNull();
    await shot(page, '16-training-reader-filled');
    await page.getByRole('button', { name: '解锁修改' }).first().click();
    await expect.poll(() => name.getAttribute('readonly')).toBeNull();
    await page.context().close();
  });
});
