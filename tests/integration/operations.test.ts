import { afterEach, describe, expect, it } from 'vitest';
import { call, callFails } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { creditCode, residentId } from '../helpers/identity-fixtures';

let sync: SyncHarness | null = null;

afterEach(async () => {
  await sync?.dispose();
  sync = null;
});

const PROVINCES = ['shanxi', 'zhejiang', 'jiangsu', 'jilin'] as const;
const COMPANY = creditCode('91140100MA0LKK1X0');
const LEGAL_REP = residentId('140105', '1975-03-12', '231');
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function open(province: string): Promise<SyncHarness> {
  sync = await openSyncHarness({ province });
  return sync;
}

async function stateOf(s: SyncHarness, caseNumber: string) {
  return call(s.harness.core, await s.signInAgain(), 'case:get', { caseNumber });
}

describe('查找账号', () => {
  for (const province of PROVINCES) {
    it(`${province}: tells whether a company has an account, masked, and audits the lookup`, async () => {
      const s = await open(province);
      const none = await call(s.harness.core, s.clerk, 'account:lookup', {
        by: 'credit-code',
        creditCode: COMPANY,
      });
      expect(none).toEqual({ exists: false });
      s.central.directory.seed({
        kind: 'uscc',
        value: COMPANY,
        subjectType: 'enterprise',
        login: 'jinyang_tech',
        status: 'pending-activation',
        phone: '13812345678',
        unitName: '太原市晋阳科技有限公司',
      });
      const found = await call(s.harness.core, s.clerk, 'account:lookup', {
        by: 'credit-code',
        creditCode: COMPANY.toLowerCase(),
      });
      expect(found).toEqual({
        exists: true,
        kind: 'organisation',
        subjectType: 'enterprise',
        loginNameMasked: 'ji******h',
        status: 'pending-activation',
        reservedPhoneMasked: '138****5678',
        unitName: '太原市晋阳科技有限公司',
      });
      const audit = await call(s.harness.core, s.supervisor, 'audit:recent', { limit: 5 });
      const entry = audit.find((item) => item.action === 'account.looked-up');
      expect(entry).toBeDefined();
      expect(JSON.stringify(audit)).not.toContain(COMPANY);
    });
  }

  it('finds a Zhejiang account by phone and 单位编号, and refuses that key where the seed has none', async () => {
    const s = await open('zhejiang');
    s.central.directory.seed({
      kind: 'uscc',
      value: COMPANY,
      subjectType: 'enterprise',
      login: 'jinyang_tech',
      status: 'normal',
      phone: '13812345678',
    });
    const found = await call(s.harness.core, s.clerk, 'account:lookup', {
      by: 'phone-and-unit',
      mobile: '13812345678',
      unitCode: COMPANY,
    });
    expect(found.exists && found.loginNameMasked).toBe('ji******h');
    const wrongPhone = await call(s.harness.core, s.clerk, 'account:lookup', {
      by: 'phone-and-unit',
      mobile: '13900000000',
      unitCode: COMPANY,
    });
    expect(wrongPhone.exists).toBe(false);
    await s.dispose();
    const shanxi = await open('shanxi');
    const refused = await callFails(shanxi.harness.core, shanxi.clerk, 'account:lookup', {
      by: 'phone-and-unit',
      mobile: '13812345678',
      unitCode: COMPANY,
    });
    expect(refused.code).toBe('OPERATION_UNSUPPORTED');
  });

  it('refuses a malformed ID number before asking the platform', async () => {
    const s = await open('shanxi');
    const before = s.central.stats().requests;
    const error = await callFails(s.harness.core, s.clerk, 'account:lookup', {
      by: 'id-number',
      idNumber: '140105197503122310',
    });
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/校验/);
    expect(s.central.stats().requests).toBe(before);
  });
});

describe('变更预留手机号', () => {
  for (const province of PROVINCES) {
    it(`${province}: the platform applies the new reserved phone without reading free text`, async () => {
      const s = await open(province);
      const submitted = await s.submitCase(
        { operation: '变更预留手机号', subjectType: '企业法人', delegated: false },
        3,
        (values) => {
          values['company.creditCode'] = COMPANY;
          values['legalRep.idNumber'] = LEGAL_REP;
          values['account.newMobile'] = '13998765432';
          s.central.directory.seed({
            kind: 'uscc',
            value: COMPANY,
            subjectType: 'enterprise',
            login: 'jinyang_tech',
            status: 'normal',
            phone: values['legalRep.mobile'] ?? '',
          });
        },
      );
      expect(submitted.fields.map((field) => field.key)).not.toContain('account.changeNote');
      await s.drainAll();
      expect((await stateOf(s, submitted.caseNumber)).state).toBe('accepted');
      expect(s.central.directory.account('uscc', COMPANY)?.phone).toBe('13998765432');
      const found = await call(s.harness.core, await s.signInAgain(), 'account:lookup', {
        by: 'credit-code',
        creditCode: COMPANY,
      });
      expect(found.exists && found.reservedPhoneMasked).toBe('139****5432');
    });
  }

  it("a phone another person holds in the company comes back with the seed's words", async () => {
    const s = await open('shanxi');
    s.central.directory.seed({
      kind: 'uscc',
      value: COMPANY,
      subjectType: 'enterprise',
      login: 'jinyang_tech',
      status: 'normal',
      phone: '13812345678',
    });
    s.central.directory.bindPhone(
      COMPANY,
      '13998765432',
      residentId('140105', '1990-01-01', '111'),
    );
    const submitted = await s.submitCase(
      { operation: '变更预留手机号', subjectType: '企业法人', delegated: false },
      3,
      (values) => {
        values['company.creditCode'] = COMPANY;
        values['account.newMobile'] = '13998765432';
      },
    );
    await s.drainAll();
    const refused = await stateOf(s, submitted.caseNumber);
    expect(refused.state).toBe('refused');
    expect(refused.platformMessage).toBe('同一企业/组织下的账号绑定的手机号不可重复');
    expect(refused.platformNextStep).toContain('请注销或拒绝申请后，可重新绑定');
  });
});

describe('重置密码', () => {
  it('sends the reset to the reserved phone; no password passes the counter', async () => {
    const s = await open('zhejiang');
    const submitted = await s.submitCase(
      { operation: '重置密码', subjectType: '企业法人', delegated: false },
      3,
      (values) => {
        values['company.creditCode'] = COMPANY;
        s.central.directory.seed({
          kind: 'uscc',
          value: COMPANY,
          subjectType: 'enterprise',
          login: 'jinyang_tech',
          status: 'normal',
          phone: '13812345678',
        });
      },
    );
    expect(submitted.fields.some((field) => /密码/.test(field.label))).toBe(false);
    await s.drainAll();
    expect((await stateOf(s, submitted.caseNumber)).state).toBe('accepted');
    expect(s.central.directory.smsTo('13812345678').map((sms) => sms.purpose)).toEqual([
      'password-reset',
    ]);
  });
});

describe('rules the hall already knows', () => {
  it('stops a phone bound to another person in the same company before sending it', async () => {
    const s = await open('shanxi');
    const first = await s.submitCase(
      { operation: '注册', subjectType: '企业法人', delegated: true },
      4,
      (values) => {
        values['company.creditCode'] = COMPANY;
        values['agent.mobile'] = '13700001111';
      },
    );
    await s.drainAll();
    expect((await stateOf(s, first.caseNumber)).state).toBe('accepted');
    const clerk = await s.signInAgain();
    const opened = await call(s.harness.core, clerk, 'case:create', {
      operation: 'modify-phone',
      subjectType: 'enterprise',
      delegated: false,
    });
    // Answers are masked unless asked: the clerk reveals the first case to copy its values.
    const firstInFull = await call(s.harness.core, clerk, 'case:get', {
      caseNumber: first.caseNumber,
      reveal: true,
    });
    const values = Object.fromEntries(
      Object.entries(firstInFull.values).filter(([key]) =>
        opened.fields.some((f) => f.key === key),
      ),
    );
    await call(s.harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...values, 'account.newMobile': '13700001111' },
    });
    await recordAllMaterials(s.harness.core, clerk, opened);
    const before = s.central.stats().submissions;
    const error = await callFails(s.harness.core, clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(error.code).toBe('PLATFORM_RULE_LOCAL');
    expect(error.message).toContain('同一企业/组织下的账号绑定的手机号不可重复');
    expect(error.nextStep).toContain('请注销或拒绝申请后');
    expect((await stateOf(s, opened.caseNumber)).state).not.toBe('submitted');
    expect(s.central.stats().submissions).toBe(before);
  });

  it('keeps one pending application per person per company', async () => {
    const s = await open('jilin');
    const agent = residentId('220104', '1988-05-05', '555');
    const appeal = async (seed: number) => {
      const core = s.harness.core;
      const opened = await call(core, s.clerk, 'case:create', {
        operation: 'appeal-register',
        subjectType: 'enterprise',
        delegated: true,
      });
      const values = validValuesFor(opened, seed);
      values['company.creditCode'] = COMPANY;
      values['agent.idNumber'] = agent;
      values['account.username'] = 'jilinCorp2026';
      values['appeal.remark'] = '法人信息不匹配';
      await call(core, s.clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
      await recordAllMaterials(core, s.clerk, opened);
      for (const item of opened.materials) {
        await call(core, s.clerk, 'case:attach', {
          caseNumber: opened.caseNumber,
          itemCode: item.code,
          fileName: `${item.code}.png`,
          dataBase64: PNG,
        });
      }
      return call(core, s.clerk, 'case:submit', { caseNumber: opened.caseNumber });
    };
    const first = await appeal(5);
    await s.drainAll();
    expect((await stateOf(s, first.caseNumber)).state).toBe('manual-review');
    await expect(appeal(6)).rejects.toThrow(
      /PLATFORM_RULE_LOCAL .*已有一条经办人账号申请还在审核中/,
    );
  });

  it("counts today's refusals from the hall's history against the profile's daily limit", async () => {
    const s = await open('shanxi');
    s.central.seedAccount('uscc', COMPANY);
    const agent = residentId('140105', '1988-05-05', '555');
    const attempt = (seed: number) =>
      s.submitCase(
        { operation: '注册', subjectType: '企业法人', delegated: true },
        seed,
        (values) => {
          values['company.creditCode'] = COMPANY;
          values['agent.idNumber'] = agent;
        },
      );
    for (const seed of [7, 8, 9]) {
      const refused = await attempt(seed);
      await s.drainAll();
      expect((await stateOf(s, refused.caseNumber)).state).toBe('refused');
    }
    const before = s.central.stats().submissions;
    await expect(attempt(10)).rejects.toThrow(/PLATFORM_RULE_LOCAL .*当天已达次数限制/);
    expect(s.central.stats().submissions).toBe(before);
  });
});

describe('委托有效期一个月 and 附录1 原件', () => {
  it('records 委托日期 wherever a letter is in the case: it starts as today and cannot be left out', async () => {
    const s = await open('shanxi');
    const opened = await call(
      s.harness.core,
      s.clerk,
      'case:create',
      caseTypeKeyByNames(s.profile, {
        operation: '注册',
        subjectType: '企业法人',
        delegated: true,
      }),
    );
    expect(opened.fields.find((field) => field.key === 'letter.date')?.required).toBe(true);
    const today = opened.values['letter.date'];
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const undelegated = await call(
      s.harness.core,
      s.clerk,
      'case:create',
      caseTypeKeyByNames(s.profile, {
        operation: '注册',
        subjectType: '企业法人',
        delegated: false,
      }),
    );
    expect(undelegated.values['letter.date']).toBeUndefined();
    const withoutDate = s.submitCase(
      { operation: '注册', subjectType: '企业法人', delegated: true },
      14,
      (values) => {
        delete values['letter.date'];
      },
    );
    await expect(withoutDate).rejects.toThrow(/CASE_FIELDS_INVALID/);
  });

  it('blocks submitting and resubmitting while the letter is more than a calendar month old', async () => {
    const s = await open('shanxi');
    const expired = s.submitCase(
      { operation: '注册', subjectType: '自然人', delegated: true },
      12,
      (values) => {
        values['letter.date'] = '2026-10-23';
      },
    );
    await expect(expired).rejects.toThrow(/CASE_FIELDS_INVALID/);

    s.central.seedAccount('login', 'taken_name9');
    const sent = await s.submitCase(
      { operation: '注册', subjectType: '自然人', delegated: true },
      13,
      (values) => {
        values['letter.date'] = '2026-10-24';
        values['account.username'] = 'taken_name9';
      },
    );
    expect(sent.state).toBe('submitted');
    await s.drainAll();
    expect((await stateOf(s, sent.caseNumber)).state).toBe('refused');
    // The applicant comes back after the letter ran out: a new letter is needed first.
    s.harness.clock.set(new Date('2026-11-25T09:30:00+08:00'));
    const clerk = await s.signInAgain();
    await call(s.harness.core, clerk, 'case:reopen', { caseNumber: sent.caseNumber });
    const revealed = await call(s.harness.core, clerk, 'case:get', {
      caseNumber: sent.caseNumber,
      reveal: true,
    });
    await call(s.harness.core, clerk, 'case:saveValues', {
      caseNumber: sent.caseNumber,
      values: { ...revealed.values, 'account.username': 'free_name9' },
    });
    const again = await callFails(s.harness.core, clerk, 'case:submit', {
      caseNumber: sent.caseNumber,
    });
    expect(again.code).toBe('CASE_FIELDS_INVALID');
    expect(again.fields?.['letter.date']).toContain('委托书已过有效期');
  });

  it('does not take a scan of 附录1 for the original', async () => {
    const s = await open('shanxi');
    const clerk = s.clerk;
    const opened = await call(s.harness.core, clerk, 'case:create', {
      operation: 'register',
      subjectType: 'person',
      delegated: true,
    });
    const letter = opened.materials.find((item) => item.code === 'letter-person');
    expect(letter).toBeDefined();
    await call(s.harness.core, clerk, 'case:attach', {
      caseNumber: opened.caseNumber,
      itemCode: 'letter-person',
      fileName: '委托书.png',
      dataBase64:
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    });
    const recorded = await call(s.harness.core, clerk, 'case:recordMaterial', {
      caseNumber: opened.caseNumber,
      code: 'letter-person',
      originalSeen: false,
      copyArchived: true,
      attested: true,
    });
    expect(recorded.materials.find((item) => item.code === 'letter-person')?.missing).toEqual([
      'original-kept',
    ]);
  });
});
