import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { OperationSecrets } from '../../src-main/domain/applicant';
import { sealSecrets } from '../../src-renderer/src/applicant/seal';
import { caseOnScreen, confirmAndConsent, pairedScreen } from '../helpers/applicant-flow';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, callFails } from '../helpers/core-harness';
import { openSeedConnection } from '../helpers/stats-fixtures';
import { creditCode } from '../helpers/identity-fixtures';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

let sync: SyncHarness | null = null;

afterEach(async () => {
  await sync?.dispose();
  sync = null;
});

const COMPANY = creditCode('91220100MA0LKK4X0');

describe('吉林 账号激活', () => {
  it('confirms the account, texts a code to the reserved phone, and leaves account and password to the applicant', async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    const core = s.harness.core;
    expect(s.profile.operations.find((item) => item.code === 'activate')?.name).toBe('账号激活');
    const opened = await call(core, s.clerk, 'case:create', {
      operation: 'activate',
      subjectType: 'enterprise',
      delegated: false,
    });
    expect(opened.fields.map((field) => field.label)).toEqual(
      expect.arrayContaining(['身份证有效开始日期', '企业账号（法人账号）', '短信验证码']),
    );
    // 设置账密 is the applicant's step (seeds/004 五(一)): the account is theirs to type.
    expect(opened.fields.find((field) => field.key === 'account.username')?.setBy).toBe(
      'applicant',
    );
    const values = validValuesFor(opened, 2);
    values['company.creditCode'] = COMPANY;
    values['activation.smsCode'] = '12345';
    let saved = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    expect(saved.issues['activation.smsCode']?.message).toContain('6 位数字');
    // Empty until the applicant sets it: not a mistake of the clerk's form.
    expect(saved.issues['account.username']).toBeUndefined();
    const typedByClerk = await callFails(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...values, 'account.username': 'jilinCorp2026' },
    });
    expect(typedByClerk.code).toBe('FIELD_SET_BY_APPLICANT');
    expect(typedByClerk.message).toContain('企业账号（法人账号）');
    expect(typedByClerk.fields?.['account.username']).toContain('由申请人在申请人屏幕上设置');

    // Not waiting for activation yet: the platform's words, the profile's next step.
    const notPending = await callFails(core, s.clerk, 'activation:sendCode', {
      caseNumber: opened.caseNumber,
    });
    expect(notPending.code).toBe('PLATFORM_REFUSED');
    expect(notPending.message).toBe('平台答复：当前企业账号不存在');
    expect(notPending.nextStep).toContain('查找账号');

    s.central.directory.seed({
      kind: 'uscc',
      value: COMPANY,
      subjectType: 'enterprise',
      login: 'pending_corp',
      status: 'pending-activation',
      phone: '13812345678',
      legalRepName: values['legalRep.name'],
      legalRepId: values['legalRep.idNumber'],
    });
    const sent = await call(core, s.clerk, 'activation:sendCode', {
      caseNumber: opened.caseNumber,
    });
    expect(sent.reservedPhoneMasked).toBe('138****5678');
    const sms = s.central.directory.smsTo('13812345678');
    expect(sms).toHaveLength(1);
    expect(sms[0]?.purpose).toBe('activation');

    saved = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...values, 'activation.smsCode': sms[0]?.code ?? '' },
    });
    expect(Object.values(saved.issues).filter((issue) => issue.severity === 'error')).toEqual([]);
    // The materials come without the account: the applicant sets it at the end.
    const collecting = await call(core, s.clerk, 'case:startCollecting', {
      caseNumber: opened.caseNumber,
    });
    expect(collecting.state).toBe('collecting');
    await recordAllMaterials(core, s.clerk, saved);
    // No applicant screen at this counter: nobody could set the account, so that is what it says.
    const refused = await callFails(core, s.clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(refused.code).toBe('APPLICANT_SCREEN_REQUIRED');
    expect(refused.nextStep).toContain('柜员不得代为输入');
    expect(s.central.stats().submissions).toBe(0);
  });

  it("keeps the 8-20 account rule to legal persons: a natural person's login name follows its own", async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    const opened = await call(s.harness.core, s.clerk, 'case:create', {
      operation: 'register',
      subjectType: 'person',
      delegated: false,
    });
    const values = validValuesFor(opened, 1);
    values['account.username'] = '13812345678';
    const saved = await call(s.harness.core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    expect(saved.issues['account.username']).toBeUndefined();
  });
});

describe('江苏 地市历史用户升级', () => {
  it('offers the three legacy systems the seed names and refuses at a counter without the applicant screen', async () => {
    const s = (sync = await openSyncHarness({ province: 'jiangsu' }));
    const core = s.harness.core;
    const opened = await call(core, s.clerk, 'case:create', {
      operation: 'upgrade',
      subjectType: 'enterprise',
      delegated: false,
    });
    const system = opened.fields.find((field) => field.key === 'legacy.system');
    expect(system?.label).toBe('历史系统');
    expect(opened.fields.map((field) => field.label)).toEqual(
      expect.arrayContaining(['原用户名', '法人移动电话', '管理员姓名', '管理员移动电话']),
    );
    // No field for either password: the clerk never types them.
    expect(opened.fields.some((field) => /密码/.test(field.label))).toBe(false);
    const values = validValuesFor(opened, 3);
    values['legacy.system'] = '南京市人社网办大厅';
    values['legacy.username'] = 'jsold001';
    let saved = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    expect(saved.issues['legacy.system']?.message).toBe(
      '请填写以下之一：江苏省人社网办大厅、江苏省社会保险基金管理中心网上业务大厅、泰州市人社网办大厅',
    );
    saved = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...values, 'legacy.system': '泰州市人社网办大厅' },
    });
    expect(Object.values(saved.issues).filter((issue) => issue.severity === 'error')).toEqual([]);
    await recordAllMaterials(core, s.clerk, saved);
    const refused = await callFails(core, s.clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(refused.code).toBe('APPLICANT_SCREEN_REQUIRED');
    expect(s.central.stats().submissions).toBe(0);
  });

  it('is offered in Jiangsu only', async () => {
    const s = (sync = await openSyncHarness({ province: 'zhejiang' }));
    const error = await callFails(s.harness.core, s.clerk, 'case:create', {
      operation: 'upgrade',
      subjectType: 'enterprise',
      delegated: false,
    });
    expect(error.code).toBe('CASE_TYPE_UNSUPPORTED');
  });
});

/** Pairs an applicant screen with the counter of the harness. */
/**
 * A Jilin activation of `company`, whose account `login` waits on the platform with `phone`
 * reserved: the code texted to that phone is typed into the case.
 */
async function activationWithCode(
  s: SyncHarness,
  account: { company: string; login: string; phone: string; seed: number },
) {
  const core = s.harness.core;
  const opened = await call(core, s.clerk, 'case:create', {
    operation: 'activate',
    subjectType: 'enterprise',
    delegated: false,
  });
  const caseNumber = opened.caseNumber;
  const values = validValuesFor(opened, account.seed);
  values['company.creditCode'] = account.company;
  s.central.directory.seed({
    kind: 'uscc',
    value: account.company,
    subjectType: 'enterprise',
    login: account.login,
    status: 'pending-activation',
    phone: account.phone,
    legalRepName: values['legalRep.name'],
    legalRepId: values['legalRep.idNumber'],
  });
  await call(core, s.clerk, 'case:saveValues', { caseNumber, values });
  await call(core, s.clerk, 'activation:sendCode', { caseNumber });
  const code = s.central.directory.smsTo(account.phone)[0]?.code ?? '';
  const saved = await call(core, s.clerk, 'case:saveValues', {
    caseNumber,
    values: { ...values, 'activation.smsCode': code },
  });
  return { caseNumber, values, saved };
}

/**
 * The applicant's part on their screen: confirm, consent, then type the operation's secrets,
 * sealed in the page exactly as the applicant page seals them. Returns the step as shown.
 */
async function applicantTypes(
  s: SyncHarness,
  screen: CallerSession,
  caseNumber: string,
  secrets: OperationSecrets,
) {
  const core = s.harness.core;
  await call(core, s.clerk, 'handover:start', { caseNumber });
  if ((await caseOnScreen(s, screen)).confirmAnswer === null) {
    await confirmAndConsent(s, screen, caseNumber);
  }
  const step = (await caseOnScreen(s, screen)).password;
  if (step.mode !== 'password' || !step.sealing) throw new Error('no password step');
  expect(step.set).toBe(false);
  await call(core, screen, 'applicant:setPassword', {
    caseNumber,
    sealed: await sealSecrets(secrets, step.sealing),
  });
  await call(core, s.clerk, 'handover:takeBack', { caseNumber });
  return step;
}

async function stateOf(s: SyncHarness, caseNumber: string) {
  return call(s.harness.core, await s.signInAgain(), 'case:get', { caseNumber });
}

async function login(s: SyncHarness, loginName: string, password: string): Promise<number> {
  const reply = await fetch(`${s.central.url}/v1/login`, {
    method: 'POST',
    body: JSON.stringify({ loginName, password }),
  });
  return reply.status;
}

/** The audit entries of one case as stored, details as their JSON text. */
function auditRows(s: SyncHarness, caseNumber: string): { action: string; detail: string }[] {
  const db = openSeedConnection(s.harness.dataDir);
  try {
    return db
      .prepare('SELECT action, detail FROM audit_log WHERE subject = ? ORDER BY id')
      .all(caseNumber) as { action: string; detail: string }[];
  } finally {
    db.close();
  }
}

function sealedSecretsLeft(s: SyncHarness): number {
  const db = openSeedConnection(s.harness.dataDir);
  try {
    return Number(
      db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM outbox WHERE sealed_secret IS NOT NULL) +
             (SELECT COUNT(*) FROM case_applicant WHERE password_sealed IS NOT NULL)`,
        )
        .pluck()
        .get(),
    );
  } finally {
    db.close();
  }
}

describe('passwords of account operations on the applicant screen', () => {
  it('吉林 激活: the applicant sets account and password on their screen, the confirmation stands, and the account logs in', async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    const core = s.harness.core;
    // This counter requires the applicant's steps: a confirmation undone would show as missing.
    await call(core, s.supervisor, 'handover:setRequired', { required: true });
    const screen = await pairedScreen(s);
    const { caseNumber, saved } = await activationWithCode(s, {
      company: COMPANY,
      login: 'pending_corp',
      phone: '13812345678',
      seed: 5,
    });
    await call(core, s.clerk, 'case:startCollecting', { caseNumber });
    await recordAllMaterials(core, s.clerk, saved);

    const early = await callFails(core, s.clerk, 'case:submit', { caseNumber });
    expect(early.code).toBe('APPLICANT_FIELDS_MISSING');
    expect(early.message).toContain('企业账号（法人账号）');
    expect(early.nextStep).toContain('请申请人在申请人屏幕上设置账号和密码');
    expect(s.central.stats().submissions).toBe(0);

    await call(core, s.clerk, 'handover:start', { caseNumber });
    let view = await caseOnScreen(s, screen);
    // Nothing to confirm about an account the applicant has not chosen yet.
    expect(view.fields.map((field) => field.label)).not.toContain('企业账号（法人账号）');
    expect(view.loginName).toBe('');
    await confirmAndConsent(s, screen, caseNumber);
    view = await caseOnScreen(s, screen);
    const step = view.password;
    if (step.mode !== 'password' || !step.sealing) throw new Error('no password step');
    expect(step).toMatchObject({ title: '设置账号密码', asks: ['newPassword'], set: false });
    expect(step.fields.map(({ key, label, value }) => ({ key, label, value }))).toEqual([
      { key: 'account.username', label: '企业账号（法人账号）', value: '' },
    ]);
    expect(step.fields[0]?.usernameRule).toMatchObject({ minLength: 8, maxLength: 20 });
    const password = 'Jilin#Corp2026';
    // Sealed as the page seals it: the chosen account goes inside, with the password.
    const sealed = await sealSecrets(
      { newPassword: password, loginName: 'jilinCorp2026' },
      step.sealing,
    );

    // The rule the clerk's form used, in its words, with what to do next.
    const bad = await callFails(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed,
      values: { 'account.username': 'jl2026' },
    });
    expect(bad.code).toBe('APPLICANT_VALUE_INVALID');
    expect(bad.message).toContain('8-20 位，以字母开头');
    expect(bad.nextStep).toContain('重新输入企业账号（法人账号）');
    const none = await callFails(core, screen, 'applicant:setPassword', { caseNumber, sealed });
    expect(none.code).toBe('APPLICANT_VALUE_INVALID');
    expect(none.message).toContain('请输入企业账号（法人账号）');
    // The screen sets only its own fields.
    const foreign = await callFails(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed,
      values: { 'account.username': 'jilinCorp2026', 'company.name': '别的公司' },
    });
    expect(foreign.code).toBe('APPLICANT_VALUE_INVALID');
    // Only the paired page of the handed-over case writes it.
    const stranger = s.harness.core.newSession();
    stranger.applicant = true;
    const unpaired = await callFails(core, stranger, 'applicant:setPassword', {
      caseNumber,
      sealed,
      values: { 'account.username': 'strangerName01' },
    });
    expect(unpaired.code).toBe('APPLICANT_SCREEN_NOT_PAIRED');
    let shown = await call(core, s.clerk, 'case:get', { caseNumber, reveal: true });
    expect(shown.values['account.username']).toBeUndefined();

    await call(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed,
      values: { 'account.username': 'jilinCorp2026' },
    });
    // The applicant's confirmation still holds: nothing of the applicant's steps is missing.
    const status = await call(core, s.clerk, 'handover:status', { caseNumber });
    expect(status).toMatchObject({ state: 'password-set', passwordSet: true, missing: [] });
    expect(status.confirmed).not.toBeNull();
    await call(core, s.clerk, 'handover:takeBack', { caseNumber });

    // The clerk sees the account read-only, and cannot type over it.
    shown = await call(core, s.clerk, 'case:get', { caseNumber, reveal: true });
    expect(shown.values['account.username']).toBe('jilinCorp2026');
    const overwrite = await callFails(core, s.clerk, 'case:saveValues', {
      caseNumber,
      version: shown.version,
      values: { ...shown.values, 'account.username': 'clerkChoice01' },
    });
    expect(overwrite.code).toBe('FIELD_SET_BY_APPLICANT');
    // The form's own save leaves the field out: the applicant's value stays.
    const clerkValues = Object.fromEntries(
      Object.entries(shown.values).filter(([key]) => key !== 'account.username'),
    );
    const kept = await call(core, s.clerk, 'case:saveValues', {
      caseNumber,
      version: shown.version,
      values: clerkValues,
      reveal: true,
    });
    expect(kept.values['account.username']).toBe('jilinCorp2026');

    // Audited by field, without the account itself.
    const audit = auditRows(s, caseNumber);
    expect(audit.some((row) => row.action === 'applicant.values-set')).toBe(true);
    expect(audit.filter((row) => row.detail.includes('jilinCorp2026'))).toEqual([]);

    await call(core, s.clerk, 'case:submit', { caseNumber });
    // The sealed secrets travel in the outbox entry only, and go once the platform answered.
    expect(sealedSecretsLeft(s)).toBe(1);
    await s.drainAll();
    expect(sealedSecretsLeft(s)).toBe(0);
    expect((await stateOf(s, caseNumber)).state).toBe('accepted');
    expect(s.central.directory.account('uscc', COMPANY)).toMatchObject({
      status: 'normal',
      login: 'jilinCorp2026',
    });
    expect(await login(s, 'jilinCorp2026', password)).toBe(200);
    expect(await login(s, 'jilinCorp2026', 'Jilin#Corp2025')).toBe(401);
    expect(await login(s, 'pending_corp', password)).toBe(401);
  });

  it('吉林 激活: the platform refuses a case whose account is not the one sealed with the password', async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    const core = s.harness.core;
    const screen = await pairedScreen(s);
    const company = creditCode('91220100MA0LKK5X0');
    const { caseNumber, saved } = await activationWithCode(s, {
      company,
      login: 'pending_corp2',
      phone: '13812340006',
      seed: 6,
    });
    await recordAllMaterials(core, s.clerk, saved);
    await call(core, s.clerk, 'handover:start', { caseNumber });
    const first = await call(core, screen, 'applicant:view', {});
    if (first.kind !== 'case') throw new Error('not handed over');
    await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
    await call(core, screen, 'applicant:consent', {
      caseNumber,
      agree: true,
      version: first.consent.version,
    });
    const view = await call(core, screen, 'applicant:view', {});
    if (view.kind !== 'case' || view.password.mode !== 'password' || !view.password.sealing) {
      throw new Error('no password step');
    }
    // What a case altered after the applicant's step looks like at the platform: the sealed
    // account and the case's account differ.
    await call(core, screen, 'applicant:setPassword', {
      caseNumber,
      sealed: await sealSecrets(
        { newPassword: 'Jilin#Corp2029', loginName: 'jilinChosen2029' },
        view.password.sealing,
      ),
      values: { 'account.username': 'jilinOther2029' },
    });
    await call(core, s.clerk, 'handover:takeBack', { caseNumber });
    await call(core, s.clerk, 'case:submit', { caseNumber });
    await s.drainAll();
    const refused = await stateOf(s, caseNumber);
    expect(refused.state).toBe('refused');
    expect(refused.platformMessage).toContain('登录账号与申请人在申请人屏幕上设置的不一致');
    expect(s.central.directory.account('uscc', company)).toMatchObject({
      status: 'pending-activation',
      login: 'pending_corp2',
    });
    expect(await login(s, 'jilinOther2029', 'Jilin#Corp2029')).toBe(401);
    expect(await login(s, 'jilinChosen2029', 'Jilin#Corp2029')).toBe(401);
  });

  it('江苏 升级: the old password is checked against the legacy account; a wrong one and a done upgrade are refused in the profile words', async () => {
    const s = (sync = await openSyncHarness({ province: 'jiangsu' }));
    const core = s.harness.core;
    const screen = await pairedScreen(s);
    const system = '泰州市人社网办大厅';
    s.central.legacy.seed({
      system,
      username: 'tz_unit_01',
      password: 'Old#Pass001',
      unitCode: '32120001',
      creditCode: COMPANY,
    });
    const refusals = s.profile.refusals;
    const words = (code: string) => refusals.find((item) => item.code === code);

    const upgrade = async (seed: number, unitCode: string) => {
      const opened = await call(core, s.clerk, 'case:create', {
        operation: 'upgrade',
        subjectType: 'enterprise',
        delegated: false,
      });
      const values = validValuesFor(opened, seed);
      values['legacy.system'] = system;
      values['legacy.username'] = 'tz_unit_01';
      // 单位编号 only where the old user name holds several units (seeds/003 2.3.3).
      values['legacy.unitCode'] = unitCode;
      values['company.creditCode'] = COMPANY;
      const saved = await call(core, s.clerk, 'case:saveValues', {
        caseNumber: opened.caseNumber,
        values,
      });
      await recordAllMaterials(core, s.clerk, saved);
      return { caseNumber: opened.caseNumber, values };
    };

    const first = await upgrade(6, '');
    const step = await applicantTypes(s, screen, first.caseNumber, {
      oldPassword: 'Old#Pass000',
      newPassword: 'Admin#Js2026',
    });
    expect(step).toMatchObject({
      asks: ['oldPassword', 'newPassword'],
      legacy: { system, username: 'tz_unit_01' },
    });
    await call(core, s.clerk, 'case:submit', { caseNumber: first.caseNumber });
    await s.drainAll();
    const wrong = await stateOf(s, first.caseNumber);
    expect(wrong.state).toBe('refused');
    expect(wrong.platformMessage).toBe(words('LEGACY_BAD_CREDENTIALS')?.platformMessage);
    expect(wrong.platformNextStep).toBe(words('LEGACY_BAD_CREDENTIALS')?.nextStep);
    expect(wrong.platformNextStep).toContain('申请人屏幕上重新输入原密码');
    expect(sealedSecretsLeft(s)).toBe(0);

    // Sent again: the applicant types again (nothing of the first attempt is kept).
    s.clerk = await s.signInAgain();
    await call(core, s.clerk, 'case:reopen', { caseNumber: first.caseNumber });
    const resend = await callFails(core, s.clerk, 'case:submit', {
      caseNumber: first.caseNumber,
    });
    expect(resend.code).toBe('APPLICANT_SECRETS_MISSING');
    await applicantTypes(s, screen, first.caseNumber, {
      oldPassword: 'Old#Pass001',
      newPassword: 'Admin#Js2026',
    });
    await call(core, s.clerk, 'case:submit', { caseNumber: first.caseNumber });
    await s.drainAll();
    const done = await stateOf(s, first.caseNumber);
    expect(done.state).toBe('accepted');
    const unitCode = s.central.legacy.upgradedUnitCode(system, 'tz_unit_01') ?? '';
    expect(unitCode).toMatch(/^\d{11}$/);
    // The new 单位编号 reaches the clerk in the platform's words (seeds/003 完成升级).
    expect(done.platformMessage).toContain(
      `历史用户升级成功, 请使用新单位编号 ${unitCode} 前往登录`,
    );
    expect(await login(s, unitCode, 'Admin#Js2026')).toBe(200);
    expect(await login(s, unitCode, 'Old#Pass001')).toBe(401);

    // The same legacy account again: already upgraded.
    s.clerk = await s.signInAgain();
    const second = await upgrade(7, '32120001');
    await applicantTypes(s, screen, second.caseNumber, {
      oldPassword: 'Old#Pass001',
      newPassword: 'Admin#Js2027',
    });
    await call(core, s.clerk, 'case:submit', { caseNumber: second.caseNumber });
    await s.drainAll();
    const again = await stateOf(s, second.caseNumber);
    expect(again.state).toBe('refused');
    expect(again.platformMessage).toBe(words('LEGACY_ALREADY_UPGRADED')?.platformMessage);
    expect(again.platformNextStep).toContain('新单位编号+管理员密码');
  });
});
