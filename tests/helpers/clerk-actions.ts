import type { Locator, Page } from 'playwright-core';
import { TRAINING_KEY } from '../../src-main/services/cakey/cakey-desk';
import { CLERK } from './core-harness';
import { residentId } from './identity-fixtures';

/** Every click and key press the clerk makes, as the user would count them. */
export interface ActionCount {
  clicks: number;
  keys: number;
  total: number;
}

/**
 * Counts what a clerk does: a click is one action, each key press (Tab and Enter included)
 * is one, and a typed Chinese character counts as one, as with an input method that commits
 * a whole word the count would be lower still.
 */
class Counter {
  clicks = 0;
  keys = 0;

  constructor(private readonly page: Page) {}

  async click(target: Locator): Promise<void> {
    this.clicks += 1;
    await target.click();
  }

  async type(text: string): Promise<void> {
    this.keys += [...text].length;
    await this.page.keyboard.type(text);
  }

  async press(key: string): Promise<void> {
    this.keys += 1;
    await this.page.keyboard.press(key);
  }

  result(): ActionCount {
    return { clicks: this.clicks, keys: this.keys, total: this.clicks + this.keys };
  }
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 300; tries += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`等待超时：${what}`);
}

/**
 * A delegated company registration from 新建办件 to submitted, through the real UI: the
 * company's name and code from the training CA key, the agent from the training card, the
 * absent legal representative typed from the ID copy, and every material recorded. The
 * page must be logged in as the clerk with the training key and reader switched on.
 */
export async function companyDelegatedActions(page: Page, loginName: string): Promise<ActionCount> {
  const count = new Counter(page);
  await count.click(page.getByRole('button', { name: '新建办件' }));
  await count.click(page.getByRole('button', { name: '企业法人用户注册（委托代办）' }));
  const code = page.getByLabel('单位统一社会信用代码', { exact: true });
  await code.waitFor();

  await count.click(page.getByRole('button', { name: '读取CA证书' }));
  await until(async () => (await code.inputValue()) === TRAINING_KEY.creditCode, 'CA 证书');

  // The agent brought their card: ask for it (this ends the legal representative's wait).
  const agentGroup = page
    .locator('section.panel')
    .filter({ hasText: '被授权人（即经办人' })
    .first();
  await count.click(agentGroup.getByRole('button', { name: '读取身份证' }));
  // Placing the card on the reader; in training, the button stands for the hand.
  await count.click(page.getByRole('button', { name: '放置示例身份证（培训）' }));
  const agentName = page.getByLabel('被授权人姓名', { exact: true });
  await until(async () => (await agentName.inputValue()) !== '', '身份证');

  // From the legal representative's ID copy; the cursor is where the work is.
  await until(
    async () => (await page.locator(':focus').getAttribute('aria-label')) === '法定代表人姓名',
    '光标在法定代表人姓名',
  );
  await count.type('李秀英');
  await count.press('Enter');
  await count.type(residentId('140100', '1968-03-02', '042'));
  await count.press('Enter');
  await count.type('13912345678');
  await count.press('Enter');
  await count.type('13812345678');
  await count.press('Enter');
  await count.type(loginName);
  await count.press('Enter');
  // 委托日期 starts as today (the letter is printed and signed at the counter): Enter keeps it.
  if ((await page.locator(':focus').getAttribute('aria-label'))?.startsWith('委托日期')) {
    await count.press('Enter');
  }
  await page.getByTestId('missing-summary').waitFor();

  const materials = page.getByTestId('material');
  for (let index = 0; index < (await materials.count()); index += 1) {
    const item = materials.nth(index);
    const all = item.getByTestId('check-all');
    const box = (await all.count()) > 0 ? all : item.locator('.el-checkbox').first();
    await count.click(box);
    await until(
      async () => ((await box.getAttribute('class')) ?? '').includes('is-checked'),
      '登记材料',
    );
  }
  await until(
    async () =>
      ((await page.getByTestId('missing-summary').textContent()) ?? '').includes('材料已收齐'),
    '材料已收齐',
  );
  await count.click(page.getByRole('button', { name: '提交办件' }));
  await until(
    async () => ((await page.getByTestId('case-state').textContent()) ?? '').includes('已提交'),
    '已提交',
  );
  return count.result();
}

/** Logs the clerk in (not counted: it is not part of the case). */
export async function loginClerk(page: Page, url: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('登录名').fill(CLERK.username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await page.getByText('当前用户：李柜员（柜员）').waitFor();
}
