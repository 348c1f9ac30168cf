import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
import { call, CLERK, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import type { E2eShell } from '../helpers/e2e-shell';
import { newCounterPage, shot, signInOnPage, startE2eShell } from '../helpers/e2e-shell';

/**
 * Two clerks in Chromium: the second sees only the masked summary of the first one's case,
 * takes it over with 接手办件, and the first is told on their next look.
 */

const OTHER = { username: 'guiyuan2', displayName: '赵柜员', password: 'Other#Pass9' };

let e2e: E2eShell;
let clerkPassword: string;
let clerk: CallerSession;

beforeAll(async () => {
  e2e = await startE2eShell();
  const staff = await withSupervisorAndClerk(e2e.harness.core);
  clerkPassword = staff.clerkPassword;
  await call(e2e.harness.core, staff.supervisor, 'clerks:create', {
    username: OTHER.username,
    displayName: OTHER.displayName,
    role: 'clerk',
    initialPassword: 'Start#2026b',
  });
  const first = e2e.harness.core.newSession();
  await call(e2e.harness.core, first, 'auth:login', {
    username: OTHER.username,
    password: 'Start#2026b',
  });
  await call(e2e.harness.core, first, 'auth:changePassword', {
    currentPassword: 'Start#2026b',
    newPassword: OTHER.password,
  });
  clerk = await signInClerk(e2e.harness.core, clerkPassword);
});

afterAll(async () => {
  await e2e?.close();
});

async function login(page: Page, username: string, password: string, who: string) {
  await signInOnPage(page, e2e.shell.url, {
    username,
    password,
    shownAs: `${who}（柜员）`,
  });
}

describe('case assignment in Chromium', () => {
  it('another clerk sees the masked summary, takes the case over, and the first clerk is told', async () => {
    const profile = await call(e2e.harness.core, clerk, 'profile:current', {});
    const opened = await call(
      e2e.harness.core,
      clerk,
      'case:create',
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
    );
    const values = validValuesFor(opened);
    await call(e2e.harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    const idNumber = values['applicant.idNumber'] ?? '';

    const other = await newCounterPage(e2e.browser, 900);
    await login(other, OTHER.username, OTHER.password, OTHER.displayName);
    await other.goto(`${e2e.shell.url}#/cases/${opened.caseNumber}`);
    await expect.poll(() => other.getByTestId('case-assignee').textContent()).toBe('李柜员');
    await expect.poll(() => other.locator('body').textContent()).not.toContain(idNumber);
    await expect.poll(() => other.getByRole('button', { name: '继续填写' }).count()).toBe(0);
    await shot(other, '60-case-of-another-clerk');

    await other.getByTestId('take-over').click();
    await other.getByRole('dialog').getByRole('button', { name: '接手办件' }).click();
    await expect.poll(() => other.getByTestId('case-assignee').textContent()).toBe('赵柜员');
    await other.getByTestId('case-assignment').getByText('（本人承办）').waitFor();
    await other.getByRole('button', { name: '继续填写' }).waitFor();

    const first = await newCounterPage(e2e.browser, 900);
    await login(first, CLERK.username, clerkPassword, CLERK.displayName);
    await first.goto(`${e2e.shell.url}#/cases/${opened.caseNumber}`);
    await expect
      .poll(() => first.getByTestId('handover-notice').textContent())
      .toMatch(/赵柜员.*接手办理/);
    await shot(first, '61-case-taken-over-notice');
    const history = await call(e2e.harness.core, clerk, 'case:history', {
      caseNumber: opened.caseNumber,
    });
    expect(history.map((entry) => entry.action)).toContain('case.taken-over');
  });
});
