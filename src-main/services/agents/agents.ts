import { randomBytes } from 'node:crypto';
import type {
  AgentGrantInput,
  AgentHolder,
  CompanyAgentsView,
  ProvenActor,
} from '../../contract/agents-channels';
import type { AgentManagement, AgentRole, CompanyAgent } from '../../domain/agents';
import { agentRefusalMessage, grantProblem } from '../../domain/agents';
import { maskIdNumber, maskMobile, maskPersonName } from '../../domain/masking';
import type {
  AgentAction,
  AgentActor,
  AgentChanges,
  CompanyAgents,
} from '../../domain/ports/agent-registry';
import type { CentralPlatform } from '../../domain/ports/central-platform';
import { PlatformCallError } from '../../domain/ports/central-platform';
import type { ProvinceProfile } from '../../domain/profile';
import { appendAudit } from '../../store/repositories/audit-log';
import { readCaKeyCertificate } from '../cakey/cakey';
import { waitForCard } from '../idcard/idcard';
import { activeProfile } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/** How long a proof of who acts for the company holds: the time to finish at the counter. */
const PROOF_VALID_MS = 10 * 60_000;

interface Proof {
  creditCode: string;
  actor: AgentActor;
  clerkId: number;
  expiresAt: number;
}

// Proofs live in the core's memory only: a restart, like a new applicant, asks for the card
// or the key again. Keyed by a random token the clerk's screen holds for the next changes.
const proofs = new Map<string, Proof>();

const ROLE_NAMES: Record<AgentRole, string> = {
  'legal-rep': '法定代表人',
  administrator: '管理员',
  agent: '经办人',
};

function rulesOf(profile: ProvinceProfile): AgentManagement {
  const rules = profile.agentManagement;
  if (!rules) throw new UseCaseError('AGENTS_NOT_OFFERED');
  return rules;
}

/** The platform to ask now; refused in plain words while the counter is not connected. */
export function platformOf(ctx: ServiceContext): CentralPlatform {
  const platform = ctx.sync.currentPlatform();
  if (!platform) {
    throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
      message: '本柜台尚未连接中心平台，经办人管理须联网办理。',
      nextStep: '请负责人在“中心平台同步”中设置平台地址并登记本柜台后再办理。',
    });
  }
  return platform;
}

/** A platform failure in the clerk's words: a refusal with the platform's sentence, or offline. */
function failureOf(rules: AgentManagement, error: unknown): UseCaseError {
  if (!(error instanceof PlatformCallError)) throw error;
  if (error.kind === 'rejected' && error.code === 'COMPANY_NOT_FOUND') {
    return new UseCaseError('AGENTS_COMPANY_NOT_FOUND');
  }
  if (error.kind === 'rejected') {
    const known = [
      'MOBILE_TAKEN_IN_COMPANY',
      'AGENT_APPLICATION_PENDING',
      'DAILY_LIMIT_REACHED',
      'AGENT_PENDING_WHEN_ADDING',
      'AGENT_ROLE_FULL',
      'AGENT_NOT_ALLOWED',
      'AGENT_NOT_REGISTERED',
      'AGENT_ALREADY_HOLDS',
    ] as const;
    const code = known.find((item) => item === error.code);
    return new UseCaseError('AGENTS_REFUSED', {
      message: code ? agentRefusalMessage(rules, code) : error.message,
      nextStep: code ? nextStepOf(code) : '请核对填写的内容后重试。',
    });
  }
  return new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
    message: `暂时无法连接中心平台（${error.message}）。`,
    nextStep: '经办人管理须联网办理：请检查网络后重试，已填写的内容会保留。',
  });
}

function nextStepOf(code: Parameters<typeof agentRefusalMessage>[1]): string {
  switch (code) {
    case 'MOBILE_TAKEN_IN_COMPANY':
      return '请换一个手机号码，或先注销、拒绝占用该号码的账号或申请后再绑定。';
    case 'AGENT_APPLICATION_PENDING':
      return '请等待法定代表人或管理员审核，或请其到场在本页审核该申请。';
    case 'DAILY_LIMIT_REACHED':
      return '该人员今天已被拒绝 3 次，请明天再提交申请。';
    case 'AGENT_PENDING_WHEN_ADDING':
      return '请在下方“待审核申请”中审核该人员的申请，不要重复添加。';
    case 'AGENT_ROLE_FULL':
      return '请先撤销一名同级人员，再开通新的授权。';
    case 'AGENT_NOT_ALLOWED':
      return '请由法定代表人（或有权限的管理员）本人到场核验后办理。';
    case 'AGENT_NOT_REGISTERED':
      return '请该人员先注册个人账号（可在本柜台办理自然人注册），再开通授权。';
    case 'AGENT_ALREADY_HOLDS':
      return '该人员已有授权：如需调整，请在列表中修改其授权。';
  }
}

function toHolder(rules: AgentManagement, holder: CompanyAgent): AgentHolder {
  const tier = rules.roles.find((role) => role.code === holder.role);
  return {
    agentId: holder.agentId,
    role: holder.role,
    roleName: tier?.name ?? ROLE_NAMES[holder.role],
    levelName: holder.role === 'legal-rep' && tier === undefined ? null : (tier?.levelName ?? null),
    name: maskPersonName(holder.name),
    idNumber: maskIdNumber(holder.idNumber),
    mobile: maskMobile(holder.mobile),
    status: holder.status,
    statusLabel: holder.status === 'pending' ? '待审核' : '已授权',
    periodFrom: holder.periodFrom,
    periodTo: holder.periodTo,
    idValidFrom: holder.idValidFrom,
    idValidTo: holder.idValidTo,
    canManage: holder.canManage,
  };
}

function toView(rules: AgentManagement, company: CompanyAgents): CompanyAgentsView {
  return {
    creditCode: company.creditCode,
    companyName: company.companyName,
    holders: company.holders.map((holder) => toHolder(rules, holder)),
  };
}

async function fetchCompany(
  ctx: ServiceContext,
  profile: ProvinceProfile,
  creditCode: string,
): Promise<CompanyAgents> {
  const rules = rulesOf(profile);
  let company: CompanyAgents | null;
  try {
    company = await platformOf(ctx).companyAgents(profile.id, creditCode);
  } catch (error) {
    throw failureOf(rules, error);
  }
  if (!company) throw new UseCaseError('AGENTS_COMPANY_NOT_FOUND');
  return company;
}

/** The province's agent rules for the screen, or null where the province has none. */
export function agentRules(ctx: ServiceContext): AgentManagement | null {
  return activeProfile(ctx).agentManagement ?? null;
}

/** Looks a company's holders up on the platform; audited with the (public) credit code. */
export async function companyAgents(
  ctx: ServiceContext,
  actor: Actor,
  input: { creditCode: string },
): Promise<CompanyAgentsView> {
  const profile = activeProfile(ctx);
  const company = await fetchCompany(ctx, profile, input.creditCode);
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'agents.looked-up',
    detail: { creditCode: input.creditCode, holders: company.holders.length },
  });
  return toView(rulesOf(profile), company);
}

/**
 * Proves who acts for the company: the person's ID card on the reader (their standing is
 * looked up in the company's holders), or the company's CA key (its credit code must be the
 * company's). The proof holds for ten minutes at this counter, for this clerk.
 */
export async function proveAgentActor(
  ctx: ServiceContext,
  clerk: Actor,
  input: { creditCode: string; proof: 'id-card' | 'ca-key' },
): Promise<ProvenActor> {
  const profile = activeProfile(ctx);
  const rules = rulesOf(profile);
  const company = await fetchCompany(ctx, profile, input.creditCode);
  let actor: AgentActor;
  if (input.proof === 'ca-key') {
    const { certificate } = await readCaKeyCertificate(ctx, clerk, {});
    if (certificate.creditCode !== input.creditCode) {
      throw new UseCaseError('AGENTS_ACTOR_NO_STANDING', {
        message: `插入的 CA 数字证书属于 ${certificate.companyName}（${certificate.creditCode ?? '证书中没有统一社会信用代码'}），不是该单位的。`,
        nextStep: '请插入该单位自己的 CA 数字证书后重试，或由法定代表人本人刷身份证核验。',
      });
    }
    const name = certificate.companyName ?? company.companyName;
    actor = { role: 'legal-rep', name, idNumber: '', proof: 'ca-key' };
  } else {
    const read = await waitForCard(ctx, clerk, { timeoutMs: 15_000 });
    if (!read) throw new UseCaseError('AGENTS_NO_CARD');
    const idNumber = (read.values['idNumber'] ?? '').toUpperCase();
    const holder = company.holders.find(
      (item) => item.idNumber.toUpperCase() === idNumber && item.status === 'active',
    );
    const mayAct =
      holder !== undefined &&
      (holder.role === 'legal-rep' ||
        rules.roles.some(
          (role) =>
            role.grantedBy.includes(holder.role) &&
            (holder.role !== 'agent' || !rules.managementFlag || holder.canManage),
        ));
    if (!holder || !mayAct) throw new UseCaseError('AGENTS_ACTOR_NO_STANDING');
    actor = { role: holder.role, name: holder.name, idNumber: holder.idNumber, proof: 'id-card' };
  }
  const token = randomBytes(24).toString('base64url');
  const now = ctx.clock.now().getTime();
  for (const [key, proof] of proofs) if (proof.expiresAt <= now) proofs.delete(key);
  proofs.set(token, {
    creditCode: input.creditCode,
    actor,
    clerkId: clerk.id,
    expiresAt: now + PROOF_VALID_MS,
  });
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: clerk.id,
    actorName: clerk.displayName,
    action: 'agents.actor-proven',
    detail: { creditCode: input.creditCode, role: actor.role, proof: actor.proof },
  });
  return {
    actorToken: token,
    role: actor.role,
    roleName: ROLE_NAMES[actor.role],
    name: actor.proof === 'ca-key' ? actor.name : maskPersonName(actor.name),
    proofLabel: actor.proof === 'ca-key' ? '单位 CA 数字证书' : '本人身份证',
  };
}

/** The person proven for the company by this clerk in the last ten minutes, or a refusal. */
export function provenActor(
  ctx: ServiceContext,
  clerk: Actor,
  creditCode: string,
  token: string,
): AgentActor {
  const proof = proofs.get(token);
  if (
    !proof ||
    proof.creditCode !== creditCode ||
    proof.clerkId !== clerk.id ||
    proof.expiresAt <= ctx.clock.now().getTime()
  ) {
    throw new UseCaseError('AGENTS_ACTOR_NOT_PROVEN');
  }
  return proof.actor;
}

function grantOf(input: AgentGrantInput, rules: AgentManagement) {
  return {
    ...input,
    // Only what the province records travels: no period where the seed has none.
    periodFrom: rules.periodRequired ? input.periodFrom : null,
    periodTo: rules.periodRequired ? input.periodTo : null,
    idValidFrom: rules.recordsIdValidity ? input.idValidFrom : null,
    idValidTo: rules.recordsIdValidity ? input.idValidTo : null,
    canManage: rules.managementFlag ? input.canManage : false,
  };
}

function requirePeriod(rules: AgentManagement, grant: AgentGrantInput): void {
  if (!rules.periodRequired) return;
  if (!grant.periodFrom || !grant.periodTo) {
    throw new UseCaseError('BAD_REQUEST', {
      message: `请填写${rules.periodLabel}的开始和结束日期。`,
      fields: { period: `请填写${rules.periodLabel}` },
    });
  }
  if (grant.periodTo < grant.periodFrom) {
    throw new UseCaseError('BAD_REQUEST', {
      message: `${rules.periodLabel}的结束日期早于开始日期。`,
      fields: { period: '结束日期应晚于开始日期' },
    });
  }
}

/**
 * Checks what the counter already knows before asking the platform: the tiers' limits, one
 * pending application per person, one phone per company, the day's refusals. The platform
 * checks again; this saves the applicant a refusal that the counter could have foreseen.
 */
function checkLocally(
  profile: ProvinceProfile,
  company: CompanyAgents,
  grant: AgentGrantInput,
  kind: 'apply' | 'add',
): void {
  const rules = rulesOf(profile);
  const problem = grantProblem(
    rules,
    {
      holders: company.holders,
      rejectionsToday: 0,
      personRegistered: true,
      rejectionsPerDay: profile.agentLimits.rejectionsPerDay,
    },
    grant,
    kind,
  );
  if (problem) {
    throw new UseCaseError('AGENTS_REFUSED', {
      message: agentRefusalMessage(rules, problem),
      nextStep: nextStepOf(problem),
    });
  }
}

async function send(
  ctx: ServiceContext,
  clerk: Actor,
  profile: ProvinceProfile,
  creditCode: string,
  action: AgentAction,
): Promise<CompanyAgentsView> {
  const rules = rulesOf(profile);
  let company: CompanyAgents;
  try {
    company = await platformOf(ctx).changeAgents(profile.id, creditCode, action);
  } catch (error) {
    const failure = failureOf(rules, error);
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: clerk.id,
      actorName: clerk.displayName,
      action: 'agents.refused',
      detail: { creditCode, change: action.action, code: failure.code },
    });
    throw failure;
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: clerk.id,
    actorName: clerk.displayName,
    action: 'agents.changed',
    detail: {
      creditCode,
      change: action.action,
      by: 'actor' in action ? action.actor.role : 'applicant',
      proof: 'actor' in action ? action.actor.proof : 'id-card',
    },
  });
  return toView(rules, company);
}

/** An employee applies to act for the company; a reviewer decides later (Zhejiang). */
export async function applyAsAgent(
  ctx: ServiceContext,
  clerk: Actor,
  input: { creditCode: string; applicant: AgentGrantInput },
): Promise<CompanyAgentsView> {
  const profile = activeProfile(ctx);
  const rules = rulesOf(profile);
  if (!rules.applications) {
    throw new UseCaseError('AGENTS_REFUSED', {
      message: `${profile.name}的平台不受理经办人申请，由单位直接开通授权。`,
      nextStep: '请由法定代表人或管理员到场核验身份后，在本页“开通授权”。',
    });
  }
  const applicant = grantOf({ ...input.applicant, role: 'agent' }, rules);
  checkLocally(profile, await fetchCompany(ctx, profile, input.creditCode), applicant, 'apply');
  return send(ctx, clerk, profile, input.creditCode, { action: 'apply', applicant });
}

/** A proven holder grants a tier to a person. */
export async function addAgent(
  ctx: ServiceContext,
  clerk: Actor,
  input: { creditCode: string; actorToken: string; agent: AgentGrantInput },
): Promise<CompanyAgentsView> {
  const profile = activeProfile(ctx);
  const rules = rulesOf(profile);
  const actor = provenActor(ctx, clerk, input.creditCode, input.actorToken);
  requirePeriod(rules, input.agent);
  const agent = grantOf(input.agent, rules);
  checkLocally(profile, await fetchCompany(ctx, profile, input.creditCode), agent, 'add');
  return send(ctx, clerk, profile, input.creditCode, { action: 'add', actor, agent });
}

/** A proven holder changes another's phone, period (extend) or management right. */
export async function changeAgent(
  ctx: ServiceContext,
  clerk: Actor,
  input: { creditCode: string; actorToken: string; agentId: string; changes: AgentChanges },
): Promise<CompanyAgentsView> {
  const profile = activeProfile(ctx);
  const actor = provenActor(ctx, clerk, input.creditCode, input.actorToken);
  return send(ctx, clerk, profile, input.creditCode, {
    action: 'change',
    actor,
    agentId: input.agentId,
    changes: input.changes,
  });
}

/** A proven holder revokes a grant, or approves or refuses a pending application. */
export async function decideAgent(
  ctx: ServiceContext,
  clerk: Actor,
  input: {
    creditCode: string;
    actorToken: string;
    agentId: string;
    decision: 'revoke' | 'approve' | 'reject';
    reason: string;
  },
): Promise<CompanyAgentsView> {
  const profile = activeProfile(ctx);
  const actor = provenActor(ctx, clerk, input.creditCode, input.actorToken);
  const action: AgentAction =
    input.decision === 'reject'
      ? { action: 'reject', actor, agentId: input.agentId, reason: input.reason }
      : { action: input.decision, actor, agentId: input.agentId };
  return send(ctx, clerk, profile, input.creditCode, action);
}
