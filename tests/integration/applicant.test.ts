import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import type { CallerSession } from '../../src-main/api/core-types';
import {
  applicantScreen,
  citizenCaseReady,
  confirmAndConsent,
  pairScreen,
  sealedOnScreen,
} from '../helpers/applicant-flow';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, callFails, SUPERVISOR } from '../helpers/core-harness';
import { drawnSignaturePng } from '../helpers/signature-png';
import { openSeedConnection } from '../helpers/stats-fixtures';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

/** The applicant's screen on the core: pairing, the steps, the sealed password's way out. */
let sync: SyncHarness;
let screen: CallerSession;

beforeEach(async () => {
  sync = await openSyncHarness();
  await call(sync.harness.core, sync.supervisor, 'handover:setRequired', { required: true });
  screen = applicantScreen(sync);
});

afterEach(async () => {
  await sync.dispose();
});

const pair = () => pairScreen(sync, screen);
const readyCase = (seed: number) => citizenCaseReady(sync, seed);
const sealFor = (caseNumber: string, password: string) =>
  sealedOnScreen(sync, screen, caseNumber, password);

describe('pairing the applicant screen', () => {
  it('takes the code once, refuses wrong and expired codes, and pauses after five wrong ones', async () => {
    const core = sync.harness.core;
    const { code } = await call(core, sync.clerk, 'handover:pairingCode', {});
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i += 1) {
      expect((await callFails(core, screen, 'applicant:pair', { code: wrong })).code).toBe(
        'APPLICANT_PAIRING_INVALID',
      );
    }
    expect((await callFails(core, screen, 'applicant:pair', { code: wrong })).code).toBe(
      'APPLICANT_PAIRING_LOCKED',
    );
    // Paused: even the right code (now void) is refused.
    expect((await callFails(core, screen, 'applicant:pair', { code })).code).toBe(
      'APPLICANT_PAIRING_LOCKED',
    );
    sync.harness.clock.set(new Date(sync.harness.clock.now().getTime() + 5 * 60_000 + 1));
    const clerk = await sync.signInAgain();
    const fresh = await call(core, clerk, 'handover:pairingCode', {});
    sync.harness.clock.set(new Date(sync.harness.clock.now().getTime() + 5 * 60_000 + 1));
    expect((await callFails(core, screen, 'applicant:pair', { code: fresh.code })).code).toBe(
      'APPLICANT_PAIRING_INVALID',
    );
    const last = await call(core, await sync.signInAgain(), 'handover:pairingCode', {});
    await call(core, screen, 'applicant:pair', { code: last.code });
    expect((await call(core, screen, 'applicant:view', {})).kind).toBe('idle');
    // Used once: a second screen cannot pair with it.
    const other = core.newSession();
    other.applicant = true;
    expect((await callFails(core, other, 'applicant:pair', { code: last.code })).code).toBe(
      'APPLICANT_PAIRING_INVALID',
    );
  });

  it('keeps the roles apart: a clerk cannot answer for the applicant, the screen cannot act as clerk', async () => {
    const core = sync.harness.core;
    const { caseNumber } = await readyCase(3);
    expect(
      (await callFails(core, sync.clerk, 'applicant:confirm', { caseNumber, correct: true })).code,
    ).toBe('FORBIDDEN');
    await pair();
    expect((await callFails(core, screen, 'case:get', { caseNumber })).code).toBe('FORBIDDEN');
    expect((await callFails(core, screen, 'handover:start', { caseNumber })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('the applicant steps before submit', () => {
  it('are required, re-confirmed after a change, and the sealed password leaves only with the case', async () => {
    const core = sync.harness.core;
    await pair();
    const { caseNumber, values } = await readyCase(4);
    const refused = await callFails(core, sync.clerk, 'case:submit', { caseNumber });
    expect(refused.code).toBe('MATERIALS_MISSING');
    expect(refused.message).toContain('申请人确认信息');
    expect(refused.message).toContain('申请人同意个人信息告知');
    expect(refused.message).toContain('申请人设置平台登录密码');

    await call(core, sync.clerk, 'handover:start', { caseNumber });
    await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
    const view = await call(core, screen, 'applicant:view', {});
    if (view.kind !== 'case') throw new Error('not handed over');
    // Consent before confirming is out of order; a wrong notice version too.
    expect(
      (
        await callFails(core, screen, 'applicant:consent', {
          caseNumber,
          agree: true,
          version: 'old-version',
        })
      ).code,
    ).toBe('APPLICANT_STEP_OUT_OF_ORDER');
    await call(core, screen, 'applicant:consent', {
      caseNumber,
      agree: true,
      version: view.consent.version,
    });
    const password = 'Mima#Zhengque2026';
    await call(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed: await sealFor(caseNumber, password),
    });
    // Shanxi's applicant also signs on the screen (tests/integration/applicant-signature.test.ts).
    await call(core, screen, 'applicant:sign', {
      caseNumber,
      pngBase64: drawnSignaturePng().toString('base64'),
    });
    const status = await call(core, sync.clerk, 'handover:status', { caseNumber });
    expect(status).toMatchObject({ state: 'password-set', passwordSet: true });

    // The clerk changes a value after the applicant confirmed: confirmation is needed again.
    await call(core, sync.clerk, 'case:saveValues', {
      caseNumber,
      values: { ...values, 'applicant.mobile': '13900001111' },
    });
    const again = await callFails(core, sync.clerk, 'case:submit', { caseNumber });
    expect(again.message).toContain('申请人确认信息');
    expect(again.message).not.toContain('申请人设置平台登录密码');
    await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
    await call(core, sync.clerk, 'handover:takeBack', { caseNumber });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
    const db = openSeedConnection(sync.harness.dataDir);
    const sealedIn = (table: 'outbox' | 'case_applicant', column: string) =>
      db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL`).pluck().get();
    try {
      // Submitted: the sealed password has moved from the case into its outbox entry.
      expect(sealedIn('case_applicant', 'password_sealed')).toBe(0);
      expect(sealedIn('outbox', 'sealed_secret')).toBe(1);
      await sync.drainAll();
      // The platform answered: it is gone from the counter.
      expect(sealedIn('outbox', 'sealed_secret')).toBe(0);
    } finally {
      db.close();
    }

    const login = async (pw: string) =>
      (
        await fetch(`${sync.central.url}/v1/login`, {
          method: 'POST',
          body: JSON.stringify({ loginName: values['account.username'], password: pw }),
        })
      ).status;
    expect(await login(password)).toBe(200);
    expect(await login('Mima#Zhengque2025')).toBe(401);
  });

  it('a refusal of consent stops the case with the next step; a supervisor exception covers the steps', async () => {
    const core = sync.harness.core;
    await pair();
    const { caseNumber } = await readyCase(5);
    await call(core, sync.clerk, 'handover:start', { caseNumber });
    await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
    const view = await call(core, screen, 'applicant:view', {});
    if (view.kind !== 'case') throw new Error('not handed over');
    await call(core, screen, 'applicant:consent', {
      caseNumber,
      agree: false,
      version: view.consent.version,
    });
    const status = await call(core, sync.clerk, 'handover:status', { caseNumber });
    expect(status.notice?.message).toContain('不同意个人信息处理告知');
    expect(status.notice?.nextStep).toContain('撤销');
    await call(core, sync.clerk, 'case:approveException', {
      caseNumber,
      supervisorUsername: SUPERVISOR.username,
      supervisorPassword: SUPERVISOR.password,
      reason: '申请人当场书面同意，屏幕故障',
    });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
  });

  it('a rating after submit is kept per clerk and day for the statistics', async () => {
    const core = sync.harness.core;
    await call(core, sync.supervisor, 'handover:setRequired', { required: false });
    await pair();
    const { caseNumber } = await readyCase(6);
    await call(core, sync.clerk, 'case:submit', { caseNumber });
    expect(
      (
        await callFails(core, screen, 'applicant:rate', {
          caseNumber,
          level: 'satisfied',
          reasons: [],
          text: '',
        })
      ).code,
    ).toBe('APPLICANT_NOT_HANDED_OVER');
    await call(core, sync.clerk, 'handover:start', { caseNumber });
    await call(core, screen, 'applicant:rate', {
      caseNumber,
      level: 'very-dissatisfied',
      reasons: ['等候时间长'],
      text: '窗口太少',
    });
    expect((await call(core, screen, 'applicant:view', {})).kind).toBe('idle');
    const today = '2026-11-24';
    const supervisor = await call(core, sync.supervisor, 'auth:session', {});
    expect(supervisor.user?.role).toBe('supervisor');
    const report = await call(core, sync.supervisor, 'stats:report', { from: today, to: today });
    expect(report.satisfaction).toEqual([
      expect.objectContaining({ day: today, rated: 1, good: 0, average: 1 }),
    ]);

    // Rated before the platform had the case: it follows the platform's answer.
    const ratings = async () =>
      (await (await fetch(`${sync.central.url}/__admin/ratings`)).json()) as unknown[];
    expect(await ratings()).toEqual([]);
    await sync.drainAll();
    await vi.waitFor(async () => {
      expect(await ratings()).toEqual([
        { caseNumber, level: 'very-dissatisfied', text: '窗口太少' },
      ]);
    });
  });
});

describe('a province that activates accounts by SMS', () => {
  it('shows the SMS notice instead of the password, needs no password to submit, and the platform sends the SMS', async () => {
    await sync.dispose();
    const resources = mkdtempSync(join(tmpdir(), 'counter-resources-'));
    cpSync(join(import.meta.dirname, '..', '..', 'resources'), resources, { recursive: true });
    const file = join(resources, 'profiles', 'zhejiang.json');
    const profile = JSON.parse(readFileSync(file, 'utf8')) as ProvinceProfile & {
      applicantScreen: { activation: string };
    };
    profile.applicantScreen.activation = 'sms';
    writeFileSync(file, JSON.stringify(profile));
    try {
      sync = await openSyncHarness({ province: 'zhejiang', core: { resourcesDir: resources } });
      sync.central.applicant.installProfile(profile);
      const core = sync.harness.core;
      await call(core, sync.supervisor, 'handover:setRequired', { required: true });
      screen = applicantScreen(sync);
      await pair();
      const { caseNumber, values } = await readyCase(7);
      await call(core, sync.clerk, 'handover:start', { caseNumber });
      await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
      const view = await call(core, screen, 'applicant:view', {});
      if (view.kind !== 'case') throw new Error('not handed over');
      const mobile = values['applicant.mobile'] ?? '';
      expect(view.password).toEqual({
        mode: 'sms',
        maskedMobile: `${mobile.slice(0, 3)}****${mobile.slice(7)}`,
      });
      await call(core, screen, 'applicant:consent', {
        caseNumber,
        agree: true,
        version: view.consent.version,
      });
      await call(core, sync.clerk, 'case:submit', { caseNumber });
      await sync.drainAll();
      const sms = (await (await fetch(`${sync.central.url}/__admin/sms`)).json()) as {
        mobile: string;
        caseNumber: string;
      }[];
      expect(sms).toEqual([expect.objectContaining({ mobile, caseNumber })]);
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});

describe('a registration that goes to manual review', () => {
  it('keeps the sealed password until the review accepts, then the applicant can log in', async () => {
    await sync.dispose();
    sync = await openSyncHarness({
      province: 'zhejiang',
      central: { faults: { manualReviewMs: 6 * 3_600_000 } },
    });
    const core = sync.harness.core;
    await call(core, sync.supervisor, 'handover:setRequired', { required: true });
    screen = applicantScreen(sync);
    await pair();
    const opened = await call(
      core,
      sync.clerk,
      'case:create',
      caseTypeKeyByNames(sync.profile, {
        operation: '注册',
        subjectType: '其他非法人单位（临时项目）',
        delegated: false,
      }),
    );
    const { caseNumber } = opened;
    const values: Record<string, string> = {
      ...validValuesFor(opened, 3),
      'company.projectCode': 'XM3301062026000018',
    };
    await call(core, sync.clerk, 'case:saveValues', { caseNumber, values });
    await call(core, sync.clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(core, sync.clerk, opened);
    await call(core, sync.clerk, 'handover:start', { caseNumber });
    await confirmAndConsent(sync, screen, caseNumber);
    const password = 'Xiangmu#Mima2026';
    await call(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed: await sealFor(caseNumber, password),
    });
    await call(core, sync.clerk, 'handover:takeBack', { caseNumber });
    await call(core, sync.clerk, 'case:submit', { caseNumber });
    await sync.drainAll();
    const login = async (pw: string) =>
      (
        await fetch(`${sync.central.url}/v1/login`, {
          method: 'POST',
          body: JSON.stringify({ loginName: values['account.username'], password: pw }),
        })
      ).status;
    expect((await call(core, sync.clerk, 'case:get', { caseNumber })).state).toBe('manual-review');
    // In review the account does not exist yet.
    expect(await login(password)).toBe(401);

    sync.harness.clock.advanceMinutes(7 * 60);
    await sync.worker().drain();
    expect((await call(core, await sync.signInAgain(), 'case:get', { caseNumber })).state).toBe(
      'accepted',
    );
    expect(await login(password)).toBe(200);
    expect(await login('Xiangmu#Mima2025')).toBe(401);
  });
});
