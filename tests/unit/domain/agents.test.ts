import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentManagement, CompanyAgent } from '../../../src-main/domain/agents';
import { agentRefusalMessage, grantProblem, mayGrant } from '../../../src-main/domain/agents';
import { parseProvinceProfile } from '../../../src-main/domain/profile';

function rulesOf(province: string): AgentManagement | undefined {
  const file = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    'resources',
    'profiles',
    `${province}.json`,
  );
  return parseProvinceProfile(JSON.parse(readFileSync(file, 'utf8'))).agentManagement;
}

function holder(
  role: CompanyAgent['role'],
  seed: number,
  extra: Partial<CompanyAgent> = {},
): CompanyAgent {
  return {
    agentId: `A${seed}`,
    role,
    name: `人员${seed}`,
    idNumber: `ID${seed}`,
    mobile: `1390000${String(seed).padStart(4, '0')}`,
    status: 'active',
    periodFrom: null,
    periodTo: null,
    idValidFrom: null,
    idValidTo: null,
    canManage: false,
    ...extra,
  };
}

const state = (holders: CompanyAgent[], extra = {}) => ({
  holders,
  rejectionsToday: 0,
  personRegistered: true,
  rejectionsPerDay: 3,
  ...extra,
});

describe('who may grant, per province', () => {
  it('Jiangsu: the legal representative grants the administrator; the administrator grants agents only; an agent grants nothing', () => {
    const rules = rulesOf('jiangsu');
    if (!rules) throw new Error('jiangsu has agent management');
    expect(mayGrant(rules, { role: 'legal-rep', canManage: true }, 'administrator')).toBe(true);
    expect(mayGrant(rules, { role: 'administrator', canManage: true }, 'administrator')).toBe(
      false,
    );
    expect(mayGrant(rules, { role: 'administrator', canManage: true }, 'agent')).toBe(true);
    expect(mayGrant(rules, { role: 'agent', canManage: true }, 'agent')).toBe(false);
  });

  it('Jilin: an agent adds others only with 管理权限', () => {
    const rules = rulesOf('jilin');
    if (!rules) throw new Error('jilin has agent management');
    expect(mayGrant(rules, { role: 'agent', canManage: true }, 'agent')).toBe(true);
    expect(mayGrant(rules, { role: 'agent', canManage: false }, 'agent')).toBe(false);
  });

  it('Shanxi has no agent management: its seed describes none', () => {
    expect(rulesOf('shanxi')).toBeUndefined();
  });
});

describe('the limits a grant must keep', () => {
  it('Jiangsu: at most one administrator and ten agents', () => {
    const rules = rulesOf('jiangsu');
    if (!rules) throw new Error('jiangsu has agent management');
    const proposal = { role: 'administrator' as const, idNumber: 'NEW', mobile: '13700000000' };
    expect(grantProblem(rules, state([holder('administrator', 1)]), proposal, 'add')).toBe(
      'AGENT_ROLE_FULL',
    );
    const tenAgents = Array.from({ length: 10 }, (_, index) => holder('agent', index + 10));
    expect(grantProblem(rules, state(tenAgents), { ...proposal, role: 'agent' }, 'add')).toBe(
      'AGENT_ROLE_FULL',
    );
    expect(
      grantProblem(rules, state(tenAgents.slice(1)), { ...proposal, role: 'agent' }, 'add'),
    ).toBeNull();
  });

  it('Zhejiang: one pending application per person, one phone per company, three refusals a day, in the seed words', () => {
    const rules = rulesOf('zhejiang');
    if (!rules) throw new Error('zhejiang has agent management');
    const proposal = { role: 'agent' as const, idNumber: 'P1', mobile: '13700000000' };
    const pending = holder('agent', 1, { idNumber: 'P1', status: 'pending' });
    const refusal = grantProblem(rules, state([pending]), proposal, 'apply');
    expect(refusal).toBe('AGENT_APPLICATION_PENDING');
    expect(agentRefusalMessage(rules, 'AGENT_APPLICATION_PENDING')).toBe(
      '您在该企业下已有一条经办人账号申请还在审核中,请耐心等待法定代表人或管理员审核',
    );
    // An administrator adding the same person is sent to the review instead (seeds/001 FAQ 4).
    expect(grantProblem(rules, state([pending]), proposal, 'add')).toBe(
      'AGENT_PENDING_WHEN_ADDING',
    );
    const phoneHolder = holder('legal-rep', 2, { mobile: '13700000000' });
    expect(grantProblem(rules, state([phoneHolder]), proposal, 'apply')).toBe(
      'MOBILE_TAKEN_IN_COMPANY',
    );
    expect(grantProblem(rules, state([], { rejectionsToday: 3 }), proposal, 'apply')).toBe(
      'DAILY_LIMIT_REACHED',
    );
    expect(grantProblem(rules, state([], { rejectionsToday: 2 }), proposal, 'apply')).toBeNull();
  });
});
