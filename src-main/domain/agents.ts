import { z } from 'zod';

/**
 * Who acts for a company on the platform (经办人 management), as each province's manual
 * describes it. The rules are data in the profile's `agentManagement`; the counter checks
 * them before asking the platform, and the central simulator enforces the same rules.
 *
 * - Zhejiang (seeds/001 二、法人账号审核): an employee applies, the legal representative or an
 *   administrator reviews (审核同意 / 拒绝); the legal representative needs no review.
 * - Jiangsu (seeds/003 2.6.5): 法定代表人 (一级) > 管理员 (二级, at most 1) > 经办人 (三级, at
 *   most 10), each with an authorization period; an agent cannot grant.
 * - Jilin (seeds/004 我的经办人): agents are registered natural persons with their card's
 *   validity and an identity validity set by the company; only an agent with 管理权限 (or the
 *   company itself) adds others.
 */

const roleCode = z.enum(['legal-rep', 'administrator', 'agent']);
/** The tiers an account holder can have within a company. */
export type AgentRole = z.infer<typeof roleCode>;

export const agentManagementSchema = z.object({
  /** The menu's name in the province's portal, e.g. 经办人管理 or 我的经办人. */
  title: z.string().min(1),
  /** Which seed section the rules come from. */
  source: z.string().min(1),
  /** The tiers below the legal representative that the company can grant. */
  roles: z
    .array(
      z.object({
        code: roleCode.exclude(['legal-rep']),
        name: z.string().min(1),
        /** 一级 / 二级 / 三级 as the portal shows it; null where the seed names no level. */
        levelName: z.string().nullable(),
        /** How many the company may have; null where the seed states no limit. */
        max: z.number().int().positive().nullable(),
        /** Who may grant, change and revoke this tier. */
        grantedBy: z.array(roleCode).min(1),
      }),
    )
    .min(1),
  /** Employees apply and a reviewer approves (Zhejiang); otherwise holders add agents directly. */
  applications: z
    .object({
      reviewers: z.array(roleCode).min(1),
    })
    .nullable(),
  /** The grant carries an authorization period (授权时间 / 经办人身份有效起止时间). */
  periodRequired: z.boolean(),
  /** The period's label in the province's words. */
  periodLabel: z.string().min(1),
  /** The agent's own ID card validity is recorded (Jilin). */
  recordsIdValidity: z.boolean(),
  /** An agent may be given the right to manage other agents (Jilin 管理权限). */
  managementFlag: z.boolean(),
  /** The agent must already hold a registered natural-person account. */
  agentMustBeRegistered: z.boolean(),
  /** The platform's own words for each refusal, from the seed where it has them. */
  messages: z.object({
    mobileTaken: z.string().min(1),
    applicationPending: z.string().min(1),
    dailyLimit: z.string().min(1),
    pendingWhenAdding: z.string().min(1),
    roleFull: z.string().min(1),
    notAllowed: z.string().min(1),
    notRegistered: z.string().min(1),
    alreadyAgent: z.string().min(1),
  }),
});
/** A province's agent rules. */
export type AgentManagement = z.infer<typeof agentManagementSchema>;

/** One account holder of a company as the platform lists it. */
export interface CompanyAgent {
  agentId: string;
  role: AgentRole;
  name: string;
  idNumber: string;
  mobile: string;
  status: 'active' | 'pending';
  periodFrom: string | null;
  periodTo: string | null;
  idValidFrom: string | null;
  idValidTo: string | null;
  canManage: boolean;
}

/** Why a grant is refused before the platform is asked; each maps to a profile message. */
export type AgentRefusal =
  | 'MOBILE_TAKEN_IN_COMPANY'
  | 'AGENT_APPLICATION_PENDING'
  | 'DAILY_LIMIT_REACHED'
  | 'AGENT_PENDING_WHEN_ADDING'
  | 'AGENT_ROLE_FULL'
  | 'AGENT_NOT_ALLOWED'
  | 'AGENT_NOT_REGISTERED'
  | 'AGENT_ALREADY_HOLDS';

/** The profile message for a refusal. */
export function agentRefusalMessage(rules: AgentManagement, refusal: AgentRefusal): string {
  const messages = rules.messages;
  switch (refusal) {
    case 'MOBILE_TAKEN_IN_COMPANY':
      return messages.mobileTaken;
    case 'AGENT_APPLICATION_PENDING':
      return messages.applicationPending;
    case 'DAILY_LIMIT_REACHED':
      return messages.dailyLimit;
    case 'AGENT_PENDING_WHEN_ADDING':
      return messages.pendingWhenAdding;
    case 'AGENT_ROLE_FULL':
      return messages.roleFull;
    case 'AGENT_NOT_ALLOWED':
      return messages.notAllowed;
    case 'AGENT_NOT_REGISTERED':
      return messages.notRegistered;
    case 'AGENT_ALREADY_HOLDS':
      return messages.alreadyAgent;
  }
}

/** What the person acting for the company may do, from their tier and management right. */
export function mayGrant(
  rules: AgentManagement,
  actor: { role: AgentRole; canManage: boolean },
  target: Exclude<AgentRole, 'legal-rep'>,
): boolean {
  const tier = rules.roles.find((role) => role.code === target);
  if (!tier) return false;
  if (tier.grantedBy.includes(actor.role)) {
    // Jilin: an agent adds others only with 管理权限.
    return actor.role !== 'agent' || !rules.managementFlag || actor.canManage;
  }
  return false;
}

/** A proposed grant, as the counter or the platform checks it. */
export interface GrantProposal {
  role: Exclude<AgentRole, 'legal-rep'>;
  idNumber: string;
  mobile: string;
}

/** What the rules need to know of the company and the day. */
export interface CompanyAgentsState {
  holders: readonly CompanyAgent[];
  /** Refused applications today for the proposed person. */
  rejectionsToday: number;
  /** Whether the proposed person holds a registered natural-person account. */
  personRegistered: boolean;
  rejectionsPerDay: number;
}

/**
 * The first rule a grant or an application breaks, in the order the platform checks them, or
 * null. `kind` says whether the person applies (Zhejiang) or a holder adds them directly.
 */
export function grantProblem(
  rules: AgentManagement,
  state: CompanyAgentsState,
  proposal: GrantProposal,
  kind: 'apply' | 'add',
): AgentRefusal | null {
  const existing = state.holders.filter((holder) => holder.idNumber === proposal.idNumber);
  if (existing.some((holder) => holder.status === 'pending')) {
    return kind === 'apply' ? 'AGENT_APPLICATION_PENDING' : 'AGENT_PENDING_WHEN_ADDING';
  }
  if (existing.some((holder) => holder.status === 'active')) return 'AGENT_ALREADY_HOLDS';
  if (kind === 'apply' && state.rejectionsToday >= state.rejectionsPerDay) {
    return 'DAILY_LIMIT_REACHED';
  }
  if (rules.agentMustBeRegistered && !state.personRegistered) return 'AGENT_NOT_REGISTERED';
  // A phone is bound once within a company, pending applications included (seeds/001 FAQ 1).
  if (state.holders.some((holder) => holder.mobile === proposal.mobile)) {
    return 'MOBILE_TAKEN_IN_COMPANY';
  }
  const tier = rules.roles.find((role) => role.code === proposal.role);
  if (!tier) return 'AGENT_NOT_ALLOWED';
  const taken = state.holders.filter((holder) => holder.role === proposal.role).length;
  if (tier.max !== null && taken >= tier.max) return 'AGENT_ROLE_FULL';
  return null;
}
