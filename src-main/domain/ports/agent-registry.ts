import type { AgentRole, CompanyAgent } from '../agents';
import type { Institution, InstitutionAdmin } from '../institutions';

/** The person acting for the company at the counter, proven by their ID card or the company's CA key. */
export interface AgentActor {
  role: AgentRole;
  name: string;
  idNumber: string;
  proof: 'id-card' | 'ca-key';
}

/** A company's account holders as the platform keeps them. */
export interface CompanyAgents {
  creditCode: string;
  companyName: string;
  legalRep: { name: string; idNumber: string; mobile: string };
  holders: CompanyAgent[];
}

/** A new holder: the person, their tier, and the period and rights the company gives. */
export interface AgentGrant {
  role: Exclude<AgentRole, 'legal-rep'>;
  name: string;
  idNumber: string;
  mobile: string;
  periodFrom: string | null;
  periodTo: string | null;
  idValidFrom: string | null;
  idValidTo: string | null;
  canManage: boolean;
}

/** What may change on an existing holder: the phone, the period, the management right. */
export interface AgentChanges {
  mobile?: string;
  periodFrom?: string | null;
  periodTo?: string | null;
  canManage?: boolean;
}

/** One change to a company's agents, as the counter asks the platform to make it. */
export type AgentAction =
  | { action: 'apply'; applicant: AgentGrant }
  | { action: 'add'; actor: AgentActor; agent: AgentGrant }
  | { action: 'change'; actor: AgentActor; agentId: string; changes: AgentChanges }
  | { action: 'revoke'; actor: AgentActor; agentId: string }
  | { action: 'approve'; actor: AgentActor; agentId: string }
  | { action: 'reject'; actor: AgentActor; agentId: string; reason: string };

/** One change to a company's institutions (机构管理). */
export type InstitutionAction =
  | { action: 'open'; actor: AgentActor; institutionNumber: string; admin: InstitutionAdmin }
  | {
      action: 'change-admin';
      actor: AgentActor;
      institutionNumber: string;
      admin: InstitutionAdmin;
    }
  | { action: 'reset-password'; actor: AgentActor; institutionNumber: string };

/**
 * The platform's register of who acts for which company (resources/central-api.openapi.yaml,
 * /v1/companies). Refusals come back as PlatformCallError with the platform's code and words.
 */
export interface AgentRegistry {
  /** The company's holders and pending applications, or null when it has no account. */
  companyAgents(profileId: string, creditCode: string): Promise<CompanyAgents | null>;
  /** Makes one change and answers with the company's holders afterwards. */
  changeAgents(profileId: string, creditCode: string, action: AgentAction): Promise<CompanyAgents>;
  /** The company's institutions registered by the 人社 office, opened or not. */
  companyInstitutions(profileId: string, creditCode: string): Promise<Institution[]>;
  /** Opens an institution, changes its administrator or has the platform reset their password. */
  changeInstitutions(
    profileId: string,
    creditCode: string,
    action: InstitutionAction,
  ): Promise<Institution[]>;
}
