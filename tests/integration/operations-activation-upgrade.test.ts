import { afterEach, describe, expect, it } from 'vitest';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, callFails } from '../helpers/core-harness';
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
  it('confirms the account, texts a code to the reserved phone, and leaves the password to the applicant', async () => {
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
    const values = validValuesFor(opened, 2);
    values['company.creditCode'] = COMPANY;
    values['account.username'] = 'jl2026';
    values['activation.smsCode'] = '12345';
    let saved = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    // Jilin's legal-person account rule: 8-20 characters starting with a letter.
    expect(saved.issues['account.username']?.message).toContain('8-20 位，以字母开头');
    expect(saved.issues['activation.smsCode']?.message).toContain('6 位数字');

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
      values: {
        ...values,
        'account.username': 'jilinCorp2026',
        'activation.smsCode': sms[0]?.code ?? '',
      },
    });
    expect(Object.values(saved.issues).filter((issue) => issue.severity === 'error')).toEqual([]);
    await recordAllMaterials(core, s.clerk, saved);
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
