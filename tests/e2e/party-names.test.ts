import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSupervisorAndClerk } from '../helpers/core-harness';
import { loginAsClerk } from '../helpers/devices-e2e';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, startE2eShell } from '../helpers/e2e-shell';
import { residentId } from '../helpers/identity-fixtures';
import { partyWordsIn } from '../helpers/party-words';

// Shanxi's materials table says 授权人 / 被授权人, its letters 委托人 / 受托人, the platforms
// 经办人: the case page calls each person by the table's one name everywhere, and the form's
// headings carry the other names as the hint.

let e2e: E2eShell;
let clerkPassword: string;

beforeAll(async () => {
  e2e = await startE2eShell();
  clerkPassword = (await withSupervisorAndClerk(e2e.harness.core)).clerkPassword;
});

afterAll(async () => {
  await e2e?.close();
});

describe('one name for each person of a delegated case', () => {
  it('says 授权人 and 被授权人 on the form, the checklist and the case page in Shanxi', async () => {
    const page = await newCounterPage(e2e.browser, 900);
    await loginAsClerk(page, e2e.shell.url, clerkPassword);
    await page.getByRole('button', { name: '新建办件' }).click();
    for (const choice of ['注册', '自然人', '委托代办'])
      await page.getByRole('radio', { name: choice }).check({ force: true });
    await page.getByRole('button', { name: '开始填写' }).click();
    const field = (label: string) => page.getByLabel(label, { exact: true });
    await field('授权人姓名').waitFor();

    // The form: each heading is the table's name with the letters' and platform's as a hint.
    const headings = await page.locator('.case-form .panel-title').allInnerTexts();
    expect(headings.some((text) => text.startsWith('授权人（即委托人）'))).toBe(true);
    expect(headings.some((text) => text.startsWith('被授权人（即经办人、受托人、受委托人）'))).toBe(
      true,
    );
    const labels = await page.locator('.case-form .el-form-item__label').allInnerTexts();
    expect(labels).toContain('被授权人身份证号码');
    for (const label of labels) {
      for (const word of partyWordsIn(label)) expect(['授权人', '被授权人']).toContain(word);
    }

    await field('授权人姓名').fill('王秀兰');
    await field('授权人身份证号码').fill(residentId('140105', '1952-04-12', '028'));
    await field('授权人手机号码').fill('13912345670');
    await field('被授权人姓名').fill('王小军');
    await field('被授权人身份证号码').fill(residentId('140106', '1980-09-21', '015'));
    await field('被授权人手机号码').fill('13812345671');
    await field('平台登录名').fill('wang_xiulan52');
    await page.getByRole('button', { name: '下一步：收取材料' }).click();

    // The checklist: the materials name the same two people the same way.
    const materials = page.getByTestId('material');
    await materials.first().waitFor();
    const texts = (await materials.allInnerTexts()).join('\n');
    expect(texts).toContain('授权人身份证复印件（授权人签字）');
    expect(texts).toContain('被授权人身份证复印件（被授权人签字），被授权人身份证原件备查');
    expect(partyWordsIn(texts).sort()).toEqual(['授权人', '被授权人'].sort());
    await shot(page, '60-party-names-checklist');

    // The case page's summary, as anyone opening the case reads it.
    await page.reload();
    const summary = page.locator('.el-descriptions');
    await summary.waitFor();
    const summaryLabels = await summary.locator('.el-descriptions__label').allInnerTexts();
    expect(summaryLabels).toEqual(
      expect.arrayContaining(['授权人姓名', '被授权人姓名', '被授权人手机号码']),
    );
    for (const label of summaryLabels) {
      for (const word of partyWordsIn(label)) expect(['授权人', '被授权人']).toContain(word);
    }
    await page.context().close();
  });
});
