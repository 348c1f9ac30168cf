import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { call, callFails } from '../helpers/core-harness';
import { creditCode, residentId } from '../helpers/identity-fixtures';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

// The training reader's card: the person who stands at the counter in these tests.
const CARD_HOLDER = { name: '张三', idNumber: '11010519491231002X' };
const COMPANY = creditCode('91330100MA2B3C4D5');

let sync: SyncHarness | null = null;
afterEach(async () => {
  await sync?.dispose();
  sync = null;
});

async function open(province: string): Promise<SyncHarness> {
  sync = await openSyncHarness({ province });
  await call(sync.harness.core, sync.supervisor, 'settings:update', { idcardReader: 'training' });
  return sync;
}

function person(seed: number) {
  return {
    name: `经办${'一二三四五六七八九十'[seed % 10] ?? '甲'}`,
    idNumber: residentId('330106', `1990010${(seed % 9) + 1}`, String(100 + seed)),
    mobile: `139${String(10_000_000 + seed).slice(-8)}`,
  };
}

function grant(seed: number, role: 'administrator' | 'agent' = 'agent') {
  return {
    role,
    ...person(seed),
    periodFrom: '2026-12-01',
    periodTo: '2027-11-30',
    idValidFrom: '2020-01-01',
    idValidTo: '2030-01-01',
    canManage: false,
  };
}

/** The person at the counter puts their card on the reader and is proven for the company. */
async function proveByCard(h: SyncHarness, clerk: CallerSession): Promise<string> {
  await call(h.harness.core, clerk, 'idcard:placeTrainingCard', {});
  const proven = await call(h.harness.core, clerk, 'agents:proveActor', {
    creditCode: COMPANY,
    proof: 'id-card',
  });
  return proven.actorToken;
}

describe('经办人管理 in Zhejiang: applications reviewed by the legal representative', () => {
  it('takes an employee application, refuses a second one in the seed words, and lets the legal representative approve it', async () => {
    const h = await open('zhejiang');
    h.central.agents.recordCompany(COMPANY, '浙江示例科技有限公司', {
      ...CARD_HOLDER,
      mobile: '13800000001',
    });
    const core = h.harness.core;
    const applied = await call(core, h.clerk, 'agents:apply', {
      creditCode: COMPANY,
      applicant: grant(1),
    });
    const pending = applied.holders.find((holder) => holder.status === 'pending');
    expect(pending?.statusLabel).toBe('待审核');
    // Masked for the clerk's screen: the platform holds the full data, the counter shows less.
    expect(pending?.idNumber).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
    expect(pending?.mobile).toBe('139****0001');

    const again = await callFails(core, h.clerk, 'agents:apply', {
      creditCode: COMPANY,
      applicant: grant(1),
    });
    expect(again.code).toBe('AGENTS_REFUSED');
    expect(again.message).toBe(
      '您在该企业下已有一条经办人账号申请还在审核中,请耐心等待法定代表人或管理员审核',
    );

    const token = await proveByCard(h, h.clerk);
    const approved = await call(core, h.clerk, 'agents:decide', {
      creditCode: COMPANY,
      actorToken: token,
      agentId: pending?.agentId ?? '',
      decision: 'approve',
      reason: '',
    });
    expect(approved.holders.filter((holder) => holder.status === 'active')).toHaveLength(2);
  });

  it('refuses a phone already bound in the company and a fourth application after three refusals in a day', async () => {
    const h = await open('zhejiang');
    h.central.agents.recordCompany(COMPANY, '浙江示例科技有限公司', {
      ...CARD_HOLDER,
      mobile: '13800000001',
    });
    const core = h.harness.core;
    const taken = await callFails(core, h.clerk, 'agents:apply', {
      creditCode: COMPANY,
      applicant: { ...grant(2), mobile: '13800000001' },
    });
    expect(taken.message).toBe('同一企业/组织下的账号绑定的手机号不可重复');

    const token = await proveByCard(h, h.clerk);
    for (let round = 0; round < 3; round += 1) {
      const view = await call(core, h.clerk, 'agents:apply', {
        creditCode: COMPANY,
        applicant: grant(3),
      });
      const pending = view.holders.find((holder) => holder.status === 'pending');
      await call(core, h.clerk, 'agents:decide', {
        creditCode: COMPANY,
        actorToken: token,
        agentId: pending?.agentId ?? '',
        decision: 'reject',
        reason: '非本单位员工',
      });
    }
    const fourth = await callFails(core, h.clerk, 'agents:apply', {
      creditCode: COMPANY,
      applicant: grant(3),
    });
    expect(fourth.message).toBe('您的经办人账号申请当天已达次数限制,请明天再尝试');

    h.harness.clock.set(new Date(h.harness.clock.now().getTime() + 86_400_000));
    const clerk = await h.signInAgain();
    const nextDay = await call(core, clerk, 'agents:apply', {
      creditCode: COMPANY,
      applicant: grant(3),
    });
    expect(nextDay.holders.some((holder) => holder.status === 'pending')).toBe(true);
  });
});

describe('经办人管理 in Jiangsu: legal representative > one administrator > up to ten agents', () => {
  it('grants one administrator and ten agents, and refuses the second administrator, the eleventh agent and an unregistered person', async () => {
    const h = await open('jiangsu');
    h.central.agents.recordCompany(COMPANY, '江苏示例科技有限公司', {
      ...CARD_HOLDER,
      mobile: '13800000001',
    });
    for (let seed = 10; seed < 25; seed += 1) h.central.seedAccount('id', person(seed).idNumber);
    const core = h.harness.core;
    const token = await proveByCard(h, h.clerk);
    const add = (agent: ReturnType<typeof grant>) =>
      call(core, h.clerk, 'agents:add', { creditCode: COMPANY, actorToken: token, agent });

    const withAdmin = await add(grant(10, 'administrator'));
    const admin = withAdmin.holders.find((holder) => holder.role === 'administrator');
    expect(admin).toMatchObject({ roleName: '管理员', levelName: '二级', status: 'active' });

    const secondAdmin = await callFails(core, h.clerk, 'agents:add', {
      creditCode: COMPANY,
      actorToken: token,
      agent: grant(11, 'administrator'),
    });
    expect(secondAdmin.message).toBe(
      '法定代表人可添加 1 名管理员；法定代表人或管理员可添加最多 10 名经办人',
    );

    const unregistered = await callFails(core, h.clerk, 'agents:add', {
      creditCode: COMPANY,
      actorToken: token,
      agent: { ...grant(40), role: 'agent' },
    });
    expect(unregistered.message).toContain('经办人需先在江苏人社网上办事服务大厅进行注册个人用户');

    for (let seed = 12; seed < 22; seed += 1) await add(grant(seed));
    const eleventh = await callFails(core, h.clerk, 'agents:add', {
      creditCode: COMPANY,
      actorToken: token,
      agent: grant(22),
    });
    expect(eleventh.code).toBe('AGENTS_REFUSED');
  });

  it('does not let an agent grant: the card of a third-tier agent proves no standing', async () => {
    const h = await open('jiangsu');
    h.central.agents.recordCompany(COMPANY, '江苏示例科技有限公司', {
      ...person(30),
      mobile: '13800000001',
    });
    h.central.agents.recordHolder(COMPANY, { ...grant(31), ...CARD_HOLDER });
    await call(h.harness.core, h.clerk, 'idcard:placeTrainingCard', {});
    const refused = await callFails(h.harness.core, h.clerk, 'agents:proveActor', {
      creditCode: COMPANY,
      proof: 'id-card',
    });
    expect(refused.code).toBe('AGENTS_ACTOR_NO_STANDING');
  });

  it('extends an authorization period and revokes a grant', async () => {
    const h = await open('jiangsu');
    h.central.agents.recordCompany(COMPANY, '江苏示例科技有限公司', {
      ...CARD_HOLDER,
      mobile: '13800000001',
    });
    h.central.seedAccount('id', person(12).idNumber);
    const core = h.harness.core;
    const token = await proveByCard(h, h.clerk);
    const added = await call(core, h.clerk, 'agents:add', {
      creditCode: COMPANY,
      actorToken: token,
      agent: grant(12),
    });
    const agent = added.holders.find((holder) => holder.role === 'agent');
    const extended = await call(core, h.clerk, 'agents:change', {
      creditCode: COMPANY,
      actorToken: token,
      agentId: agent?.agentId ?? '',
      changes: { periodTo: '2028-11-30' },
    });
    expect(extended.holders.find((holder) => holder.role === 'agent')?.periodTo).toBe('2028-11-30');
    const revoked = await call(core, h.clerk, 'agents:decide', {
      creditCode: COMPANY,
      actorToken: token,
      agentId: agent?.agentId ?? '',
      decision: 'revoke',
      reason: '',
    });
    expect(revoked.holders.some((holder) => holder.role === 'agent')).toBe(false);
  });
});

describe('我的经办人 in Jilin: only the company or an agent with 管理权限 adds agents', () => {
  it('lets an agent with 管理权限 add another agent and keeps the identity validity the company set', async () => {
    const h = await open('jilin');
    h.central.agents.recordCompany(COMPANY, '吉林示例科技有限公司', {
      ...person(50),
      mobile: '13800000001',
    });
    h.central.agents.recordHolder(COMPANY, { ...grant(51), ...CARD_HOLDER, canManage: true });
    h.central.seedAccount('id', person(52).idNumber);
    const core = h.harness.core;
    const token = await proveByCard(h, h.clerk);
    const added = await call(core, h.clerk, 'agents:add', {
      creditCode: COMPANY,
      actorToken: token,
      agent: grant(52),
    });
    const newest = added.holders.at(-1);
    expect(newest).toMatchObject({ idValidTo: '2030-01-01', periodTo: '2027-11-30' });
  });

  it('refuses the card of an agent without 管理权限', async () => {
    const h = await open('jilin');
    h.central.agents.recordCompany(COMPANY, '吉林示例科技有限公司', {
      ...person(50),
      mobile: '13800000001',
    });
    h.central.agents.recordHolder(COMPANY, { ...grant(51), ...CARD_HOLDER, canManage: false });
    await call(h.harness.core, h.clerk, 'idcard:placeTrainingCard', {});
    const refused = await callFails(h.harness.core, h.clerk, 'agents:proveActor', {
      creditCode: COMPANY,
      proof: 'id-card',
    });
    expect(refused.code).toBe('AGENTS_ACTOR_NO_STANDING');
  });
});

describe('经办人管理 where the seed has none', () => {
  it('is not offered in Shanxi, and a company without an account is said to be unknown elsewhere', async () => {
    const h = await open('shanxi');
    expect(await call(h.harness.core, h.clerk, 'agents:rules', {})).toBeNull();
    const shanxi = await callFails(h.harness.core, h.clerk, 'agents:company', {
      creditCode: COMPANY,
    });
    expect(shanxi.code).toBe('AGENTS_NOT_OFFERED');
    await call(h.harness.core, h.supervisor, 'settings:update', { profileId: 'zhejiang' });
    const unknown = await callFails(h.harness.core, h.clerk, 'agents:company', {
      creditCode: COMPANY,
    });
    expect(unknown.code).toBe('AGENTS_COMPANY_NOT_FOUND');
  });
});

describe('机构管理 in Jiangsu: institutions opened by the company with their administrator', () => {
  it('opens an institution with a registered administrator, changes the administrator and resets the password by SMS, never from the ID number', async () => {
    const h = await open('jiangsu');
    h.central.agents.recordCompany(COMPANY, '江苏示例职业培训学校', {
      ...CARD_HOLDER,
      mobile: '13800000001',
    });
    h.central.institutions.recordInstitution(COMPANY, 'JG320100001', '示例技工学校', '技工院校');
    const first = person(60);
    const second = person(61);
    h.central.seedAccount('id', first.idNumber);
    h.central.seedAccount('id', second.idNumber);
    const core = h.harness.core;

    const listed = await call(core, h.clerk, 'institutions:list', { creditCode: COMPANY });
    expect(listed).toMatchObject([{ institutionNumber: 'JG320100001', statusLabel: '未开通' }]);

    const token = await proveByCard(h, h.clerk);
    const unregistered = await callFails(core, h.clerk, 'institutions:setAdmin', {
      creditCode: COMPANY,
      actorToken: token,
      institutionNumber: 'JG320100001',
      change: 'open',
      admin: { ...person(62), idType: 'resident-id' },
    });
    expect(unregistered.message).toBe('机构管理员需实名注册的网办个人业务');

    const opened = await call(core, h.clerk, 'institutions:setAdmin', {
      creditCode: COMPANY,
      actorToken: token,
      institutionNumber: 'JG320100001',
      change: 'open',
      admin: { ...first, idType: 'resident-id' },
    });
    expect(opened[0]).toMatchObject({ statusLabel: '已开通', admin: { idTypeName: '居民身份证' } });
    expect(opened[0]?.admin?.idNumber).not.toBe(first.idNumber);

    const changed = await call(core, h.clerk, 'institutions:setAdmin', {
      creditCode: COMPANY,
      actorToken: token,
      institutionNumber: 'JG320100001',
      change: 'change-admin',
      admin: { ...second, idType: 'resident-id' },
    });
    expect(changed[0]?.admin?.mobile).toBe(`139****${second.mobile.slice(-4)}`);

    const reset = await call(core, h.clerk, 'institutions:resetPassword', {
      creditCode: COMPANY,
      actorToken: token,
      institutionNumber: 'JG320100001',
    });
    expect(reset.smsTo).toBe(`139****${second.mobile.slice(-4)}`);
    const sms = h.central.institutions.smsTo(second.mobile);
    expect(sms.at(-1)).toContain('密码已重置');
    // The seed's initial password (Js + the last six digits of the ID number) is never sent.
    expect(sms.join()).not.toContain(`Js${second.idNumber.slice(-6)}`);
  });
});
