import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, CLERK, SUPERVISOR, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';
import { residentId } from '../helpers/identity-fixtures';

let e2e: E2eShell;
let clerkPassword: string;
let supervisorSession: CallerSession;

function newPage(): Promise<Page> {
  return newCounterPage(e2e.browser, 768);
}

async function loginAsClerk(page: Page): Promise<void> {
  await signInOnPage(page, e2e.shell.url, {
    username: CLERK.username,
    password: clerkPassword,
    shownAs: '李柜员（柜员）',
  });
}

async function openCase(page: Page, choices: [string, string, string], firstField: string) {
  await page.getByRole('button', { name: '新建办件' }).click();
  for (const choice of choices)
    await page.getByRole('radio', { name: choice }).check({ force: true });
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.getByLabel(firstField, { exact: true }).waitFor();
}

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** The history lines of the open case that read `label`. */
async function historyCount(page: Page, label: string): Promise<number> {
  return page.locator('.el-timeline-item').filter({ hasText: label }).count();
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

describe('the case page keeps the clerk’s work', () => {
  it('keeps the form exactly as typed across 锁屏 and the idle lock', async () => {
    const page = await newPage();
    await page.clock.install();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    // Typed, some of it wrong, and the last field never left: nothing saved yet.
    const typed = {
      申请人姓名: '欧阳小明',
      申请人身份证号码: '14010519850412117',
      申请人手机号码: '1371234',
    };
    for (const [label, value] of Object.entries(typed)) await field(page, label).fill(value);

    await page.getByRole('button', { name: '锁屏' }).click();
    const unlock = page.getByRole('button', { name: '解锁' });
    await unlock.waitFor();
    await page.getByLabel('密码', { exact: true }).fill(clerkPassword);
    await unlock.click();
    await unlock.waitFor({ state: 'hidden' });
    for (const [label, value] of Object.entries(typed)) {
      await expect.poll(() => field(page, label).inputValue()).toBe(value);
    }

    await field(page, '平台登录名').fill('ouyang_x');
    await page.clock.fastForward('10:30');
    await unlock.waitFor();
    await page.getByLabel('密码', { exact: true }).fill(clerkPassword);
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await unlock.waitFor({ state: 'hidden' });
    for (const [label, value] of Object.entries({ ...typed, 平台登录名: 'ouyang_x' })) {
      await expect.poll(() => field(page, label).inputValue()).toBe(value);
    }
    await shot(page, '40-form-kept-across-lock');
    await page.context().close();
  });

  it('saves drafts by itself, once in the history, and gets them back after a reload', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
    await field(page, '申请人姓名').fill('欧阳小明');
    await field(page, '申请人姓名').press('Tab');
    const status = page.getByTestId('save-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('已自动保存');
    // Typing on without leaving the field saves within a few seconds too.
    await field(page, '申请人手机号码').pressSequentially('13712345678');
    await expect.poll(() => status.textContent()).toContain('有未保存的修改');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('已自动保存');

    await page.reload();
    await page.getByTestId('case-number').waitFor();
    expect(await historyCount(page, '保存办件信息')).toBe(1);
    // Opening the case again reveals nothing by itself.
    expect(await historyCount(page, '查看未脱敏信息')).toBe(0);
    await page.getByRole('button', { name: '继续填写' }).click();
    await expect.poll(() => field(page, '申请人姓名').inputValue()).toBe('欧阳小明');
    expect(await field(page, '申请人手机号码').inputValue()).toBe('13712345678');
    await expect.poll(() => historyCount(page, '查看未脱敏信息')).toBe(1);
    expect(await page.getByTestId('case-number').textContent()).toBe(caseNumber);
    await page.context().close();
  });

  it('asks before the tab closes over unsaved typing, and Ctrl+S saves from anywhere on the page', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Control+s');
    await page.getByText('已暂存').waitFor();

    await field(page, '申请人姓名').pressSequentially('欧阳');
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.accept();
    await page.context().close();
  });

  it('saves what was typed when the clerk leaves the case inside the app', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    const caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
    await field(page, '申请人姓名').pressSequentially('司马');
    await page.goto(`${e2e.shell.url}#/cases`);
    await page.getByLabel('查找办件').waitFor();
    // A fresh page: only what the core stored comes back.
    await page.reload();
    await page.getByTestId('case-list').getByText(caseNumber).click();
    await page.getByRole('button', { name: '继续填写' }).click();
    await expect.poll(() => field(page, '申请人姓名').inputValue()).toBe('司马');
    await page.context().close();
  });
});

describe('fields read from the ID card', () => {
  it('stay locked as 来自身份证 after 暂存, 下一步 and a reload', async () => {
    await call(e2e.harness.core, supervisorSession, 'settings:update', {
      idcardReader: 'training',
    });
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    await page.getByText('请将申请人的身份证放在读卡器感应区').waitFor();
    await page.getByRole('button', { name: '放置示例身份证（培训）' }).click();
    const name = field(page, '申请人姓名');
    await expect.poll(() => name.inputValue()).toBe('张三');
    await page.getByRole('button', { name: '暂存（Ctrl+S）' }).click();
    await page.getByText('已暂存').waitFor();
    expect(await name.getAttribute('readonly')).not.toBeNull();

    await page.reload();
    await page.getByRole('button', { name: '继续填写' }).click();
    await expect.poll(() => name.inputValue()).toBe('张三');
    expect(await name.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByText('来自身份证').count()).toBeGreaterThan(1);

    await field(page, '申请人手机号码').fill('13712345678');
    await field(page, '平台登录名').fill('zhangsan_01');
    await page.getByRole('button', { name: '下一步：收取材料' }).click();
    await page.getByTestId('missing-summary').waitFor();
    await expect.poll(() => page.getByTestId('value-source').count()).toBeGreaterThan(1);
    await page.getByRole('button', { name: '修改信息' }).click();
    expect(await field(page, '申请人身份证号码').getAttribute('readonly')).not.toBeNull();
    await shot(page, '41-card-locks-kept');
    await page.context().close();
  });

  it('waits for one person at a time: another 读取身份证 ends the first wait, visibly', async () => {
    await call(e2e.harness.core, supervisorSession, 'settings:update', {
      idcardReader: 'training',
    });
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '委托代办'], '授权人姓名');
    // The first person waits by itself as the form opens; the clerk asks for the agent's card.
    await page.getByTestId('card-wait').waitFor();
    await page.getByRole('button', { name: '读取身份证' }).click();
    await page.getByTestId('card-wait-replaced').waitFor();
    expect(await page.getByTestId('card-wait').count()).toBe(1);
    await page.getByRole('button', { name: '放置示例身份证（培训）' }).click();
    await expect.poll(() => field(page, '被授权人姓名').inputValue()).toBe('张三');
    expect(await field(page, '授权人姓名').inputValue()).toBe('');
    await shot(page, '42-one-card-wait');
    await page.context().close();
  });
});

describe('what the clerk sees', () => {
  it('a message appearing as a field is left does not swallow the click on the next button', async () => {
    await call(e2e.harness.core, supervisorSession, 'settings:update', { idcardReader: 'none' });
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    await field(page, '申请人身份证号码').fill(residentId('140105', '1985-04-12', '117'));
    await field(page, '申请人证件有效期起').fill('2020-01-01');
    // An eleven-year period: a warning under the field as soon as it is left.
    await field(page, '申请人证件有效期止').fill('2031-01-01');
    const saveButton = page.getByRole('button', { name: '暂存（Ctrl+S）' });
    const before = await saveButton.boundingBox();
    // A real click: press and release on the button while the date field still has focus.
    await saveButton.click();
    await page.getByText('已暂存').waitFor({ timeout: 5000 });
    await page.getByText('有效期应为 5 年、10 年、20 年或长期').first().waitFor();
    expect(before?.y).toBeLessThan(768);
    await page.context().close();
  });

  it('a refused 提交办件 says why next to the button and shows the first missing item; an exception then submits without a second press', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    const values = {
      申请人姓名: '欧阳小明',
      申请人身份证号码: residentId('140105', '1985-04-12', '117'),
      申请人手机号码: '13712345678',
      平台登录名: 'ouyang_xm9',
    };
    for (const [label, value] of Object.entries(values)) await field(page, label).fill(value);
    await page.getByRole('button', { name: '下一步：收取材料' }).click();
    await page.getByTestId('missing-summary').waitFor();

    const submitButton = page.getByRole('button', { name: '提交办件' });
    await submitButton.click();
    const problem = page.getByTestId('submit-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('申请材料未收齐');
    // Next to the button, not at the top of the page.
    const problemBox = await problem.boundingBox();
    const buttonBox = await submitButton.boundingBox();
    const gap = (buttonBox?.y ?? 0) - ((problemBox?.y ?? 0) + (problemBox?.height ?? 0));
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(40);
    expect(await page.locator('.error-alert').count()).toBe(0);
    const firstMissing = page.getByTestId('material').first();
    await expect
      .poll(async () => {
        const box = await firstMissing.boundingBox();
        return box !== null && box.y >= 0 && box.y < 768;
      })
      .toBe(true);
    await shot(page, '43-submit-refused-near-button');

    await page.getByRole('button', { name: '负责人审批例外' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('负责人登录名').fill(SUPERVISOR.username);
    await dialog.getByLabel('负责人密码').fill(SUPERVISOR.password);
    await dialog.getByLabel('例外理由').fill('申请人协议原件随后补交，已电话核实');
    await dialog.getByRole('button', { name: '批准并记录' }).click();
    // No second press: the submit the clerk pressed goes on once the exception is recorded.
    await page.getByTestId('exception').waitFor();
    await expect
      .poll(() => page.getByTestId('case-state').textContent(), { timeout: 10_000 })
      .toContain('已提交');
    await page.context().close();
  });

  it('Enter moves through the fields in reading order, and one tick records all a material needs', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '自然人', '本人办理'], '申请人姓名');
    // The form opens with the cursor in the first field to fill.
    await expect.poll(() => page.locator(':focus').getAttribute('aria-label')).toBe('申请人姓名');
    await page.keyboard.type('欧阳小明');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator(':focus').getAttribute('aria-label'))
      .toBe('申请人身份证号码');
    await page.keyboard.type(residentId('140105', '1985-04-12', '117'));
    await page.keyboard.press('Enter');
    await page.keyboard.type('13712345678');
    await field(page, '平台登录名').fill('ouyang_one');
    await page.getByRole('button', { name: '下一步：收取材料' }).click();
    await page.getByTestId('missing-summary').waitFor();

    const materials = page.getByTestId('material');
    const count = await materials.count();
    for (let index = 0; index < count; index += 1) {
      const item = materials.nth(index);
      const all = item.getByTestId('check-all');
      const box = (await all.count()) > 0 ? all : item.locator('.el-checkbox').first();
      await box.click();
      await expect.poll(() => box.getAttribute('class')).toContain('is-checked');
    }
    await expect
      .poll(() => page.getByTestId('missing-summary').textContent())
      .toContain('材料已收齐');
    await page.context().close();
  });

  it('keeps 暂存 and 下一步 on screen down a form longer than the screen, and a field that takes the cursor above them', async () => {
    const page = await newPage();
    await loginAsClerk(page);
    await openCase(page, ['注册', '企业法人', '委托代办'], '单位名称');
    // The case types' list was scrolled to reach 开始填写: the form opens at its top all the same,
    // the header (锁屏, 退出) in sight.
    await expect.poll(() => page.evaluate<number>('scrollY')).toBe(0);
    const screenHeight = page.viewportSize()?.height ?? 0;
    const next = page.getByRole('button', { name: '下一步：收取材料' });
    const onScreen = async () => {
      const box = await next.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= screenHeight;
    };
    // The form runs past the bottom of the 768 px screen, and the button is there all the same.
    expect(await page.evaluate<number>('document.documentElement.scrollHeight')).toBeGreaterThan(
      screenHeight,
    );
    expect(await onScreen()).toBe(true);
    await shot(page, '44-form-actions-on-screen', { fullPage: false });

    // The form's last field takes the cursor (as Tab or Enter give it): it shows above the
    // buttons, not under them.
    const actions = page.locator('.form-actions');
    await page.locator('.case-form input:not([readonly]):not([type="file"])').last().focus();
    const focused = await page.locator(':focus').boundingBox();
    const bar = await actions.boundingBox();
    expect(focused && bar && focused.y + focused.height <= bar.y).toBe(true);
    expect(await onScreen()).toBe(true);
    await page.context().close();
  });
});
