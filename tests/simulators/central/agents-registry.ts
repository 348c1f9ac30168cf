import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { AgentManagement, AgentRole, CompanyAgent } from '../../../src-main/domain/agents';
import { agentRefusalMessage, grantProblem, mayGrant } from '../../../src-main/domain/agents';
import type { AgentRefusal } from '../../../src-main/domain/agents';
import type { ProvinceProfile } from '../../../src-main/domain/profile';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS companies (credit_code TEXT PRIMARY KEY, name TEXT NOT NULL,
    legal_rep_name TEXT NOT NULL, legal_rep_id TEXT NOT NULL, legal_rep_mobile TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS company_agents (agent_id TEXT PRIMARY KEY, company TEXT NOT NULL,
    role TEXT NOT NULL, name TEXT NOT NULL, id_number TEXT NOT NULL, mobile TEXT NOT NULL,
    status TEXT NOT NULL, period_from TEXT, period_to TEXT, id_valid_from TEXT,
    id_valid_to TEXT, can_manage INTEGER NOT NULL, seq INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS company_agents_company ON company_agents (company, seq);
`;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable();
const grantSchema = z.object({
  role: z.enum(['administrator', 'agent']),
  name: z.string().min(1),
  idNumber: z.string().min(6),
  mobile: z.string().min(5),
  periodFrom: date,
  periodTo: date,
  idValidFrom: date,
  idValidTo: date,
  canManage: z.boolean(),
});
const actorSchema = z.object({
  role: z.enum(['legal-rep', 'administrator', 'agent']),
  name: z.string(),
  idNumber: z.string(),
  proof: z.enum(['id-card', 'ca-key']),
});
const actionSchema = z.discriminatedUnion('action', [
  z.object({ profileId: z.string(), action: z.literal('apply'), applicant: grantSchema }),
  z.object({
    profileId: z.string(),
    action: z.literal('add'),
    actor: actorSchema,
    agent: grantSchema,
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('change'),
    actor: actorSchema,
    agentId: z.string(),
    changes: z.object({
      mobile: z.string().min(5).optional(),
      periodFrom: date.optional(),
      periodTo: date.optional(),
      canManage: z.boolean().optional(),
    }),
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('revoke'),
    actor: actorSchema,
    agentId: z.string(),
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('approve'),
    actor: actorSchema,
    agentId: z.string(),
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('reject'),
    actor: actorSchema,
    agentId: z.string(),
    reason: z.string().max(150),
  }),
]);
type Action = z.infer<typeof actionSchema>;

interface AgentRow {
  agent_id: string;
  role: AgentRole;
  name: string;
  id_number: string;
  mobile: string;
  status: 'active' | 'pending';
  period_from: string | null;
  period_to: string | null;
  id_valid_from: string | null;
  id_valid_to: string | null;
  can_manage: number;
}

interface CompanyRow {
  credit_code: string;
  name: string;
  legal_rep_name: string;
  legal_rep_id: string;
  legal_rep_mobile: string;
}

type Reply = { status: number; payload: unknown };

const problem = (status: number, code: string, message: string): Reply => ({
  status,
  payload: { code, message },
});

/**
 * The platform's register of who acts for which company: the tiers, limits and reviews of
 * each province's `agentManagement`, enforced with the same rules the counter checks first.
 */
export class AgentRegistrySim {
  private sequence = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly profiles: Map<string, ProvinceProfile>,
    private readonly now: () => number,
  ) {
    db.exec(SCHEMA);
  }

  /** A company account and its legal representative (an accepted registration, or a test's seed). */
  recordCompany(
    creditCode: string,
    name: string,
    legalRep: { name: string; idNumber: string; mobile: string },
  ): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO companies (credit_code, name, legal_rep_name, legal_rep_id,
         legal_rep_mobile) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(creditCode, name, legalRep.name, legalRep.idNumber, legalRep.mobile);
  }

  /** Adds an active holder directly, as an accepted delegated registration leaves one. */
  recordHolder(creditCode: string, grant: z.infer<typeof grantSchema>): void {
    this.insert(creditCode, grant, 'active');
  }

  /** The acting person's tier in the company, or null when they hold none there. */
  roleOf(creditCode: string, actor: z.infer<typeof actorSchema>): AgentRole | null {
    const company = this.company(creditCode);
    return company ? (this.actorStanding(company, actor)?.role ?? null) : null;
  }

  /** Answers `/v1/companies/{code}/agents`, or null for any other path. */
  route(method: string, url: URL, body: Buffer): Reply | null {
    const match = /^\/v1\/companies\/([^/]+)\/agents$/.exec(url.pathname);
    if (!match?.[1]) return null;
    const creditCode = decodeURIComponent(match[1]);
    if (method === 'GET') {
      const rules = this.rules(url.searchParams.get('profile') ?? '');
      if (!rules) return problem(404, 'NOT_OFFERED', '本省平台不提供经办人管理');
      const company = this.company(creditCode);
      if (!company) return problem(404, 'COMPANY_NOT_FOUND', '该统一社会信用代码没有单位账号');
      return { status: 200, payload: this.view(company) };
    }
    if (method !== 'POST') return problem(405, 'METHOD_NOT_ALLOWED', '不支持的请求方法');
    let action: Action;
    try {
      action = actionSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return problem(400, 'BAD_REQUEST', '请求格式不正确');
    }
    const rules = this.rules(action.profileId);
    if (!rules) return problem(404, 'NOT_OFFERED', '本省平台不提供经办人管理');
    const company = this.company(creditCode);
    if (!company) return problem(404, 'COMPANY_NOT_FOUND', '该统一社会信用代码没有单位账号');
    const refusal = this.db.transaction(() => this.apply(rules, company, action))();
    if (refusal) return problem(409, refusal, agentRefusalMessage(rules, refusal));
    return { status: 200, payload: this.view(company) };
  }

  private rules(profileId: string): AgentManagement | undefined {
    return this.profiles.get(profileId)?.agentManagement;
  }

  private company(creditCode: string): CompanyRow | undefined {
    return this.db.prepare('SELECT * FROM companies WHERE credit_code = ?').get(creditCode) as
      CompanyRow | undefined;
  }

  private holders(company: CompanyRow): CompanyAgent[] {
    const rows = this.db
      .prepare('SELECT * FROM company_agents WHERE company = ? ORDER BY seq')
      .all(company.credit_code) as AgentRow[];
    const legalRep: CompanyAgent = {
      agentId: 'legal-rep',
      role: 'legal-rep',
      name: company.legal_rep_name,
      idNumber: company.legal_rep_id,
      mobile: company.legal_rep_mobile,
      status: 'active',
      periodFrom: null,
      periodTo: null,
      idValidFrom: null,
      idValidTo: null,
      canManage: true,
    };
    return [
      legalRep,
      ...rows.map((row) => ({
        agentId: row.agent_id,
        role: row.role,
        name: row.name,
        idNumber: row.id_number,
        mobile: row.mobile,
        status: row.status,
        periodFrom: row.period_from,
        periodTo: row.period_to,
        idValidFrom: row.id_valid_from,
        idValidTo: row.id_valid_to,
        canManage: row.can_manage === 1,
      })),
    ];
  }

  private view(company: CompanyRow) {
    return {
      creditCode: company.credit_code,
      companyName: company.name,
      legalRep: {
        name: company.legal_rep_name,
        idNumber: company.legal_rep_id,
        mobile: company.legal_rep_mobile,
      },
      holders: this.holders(company),
    };
  }

  private day(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  private rejectionsToday(company: string, idNumber: string): number {
    const row = this.db
      .prepare('SELECT count FROM rejections WHERE company = ? AND agent = ? AND day = ?')
      .get(company, idNumber, this.day()) as { count: number } | undefined;
    return row?.count ?? 0;
  }

  private registered(idNumber: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM accounts WHERE kind = 'id' AND value = ?").get(idNumber) !==
      undefined
    );
  }

  /** The acting person's standing in the company: a holder with their tier, or nobody. */
  private actorStanding(
    company: CompanyRow,
    actor: z.infer<typeof actorSchema>,
  ): { role: AgentRole; canManage: boolean } | null {
    // The company's CA key speaks for the company, as its legal representative does.
    if (actor.proof === 'ca-key') return { role: 'legal-rep', canManage: true };
    const holder = this.holders(company).find(
      (item) => item.idNumber === actor.idNumber && item.status === 'active',
    );
    return holder ? { role: holder.role, canManage: holder.canManage } : null;
  }

  private apply(rules: AgentManagement, company: CompanyRow, action: Action): AgentRefusal | null {
    const code = company.credit_code;
    const limits = this.profiles.get(action.profileId)?.agentLimits;
    const state = (idNumber: string) => ({
      holders: this.holders(company).concat(this.pendingCases(code)),
      rejectionsToday: this.rejectionsToday(code, idNumber),
      personRegistered: this.registered(idNumber),
      rejectionsPerDay: limits?.rejectionsPerDay ?? 3,
    });
    switch (action.action) {
      case 'apply': {
        if (!rules.applications) return 'AGENT_NOT_ALLOWED';
        const found = grantProblem(
          rules,
          state(action.applicant.idNumber),
          action.applicant,
          'apply',
        );
        if (found) return found;
        this.insert(code, action.applicant, 'pending');
        return null;
      }
      case 'add': {
        const standing = this.actorStanding(company, action.actor);
        if (!standing || !mayGrant(rules, standing, action.agent.role)) return 'AGENT_NOT_ALLOWED';
        const found = grantProblem(rules, state(action.agent.idNumber), action.agent, 'add');
        if (found) return found;
        this.insert(code, action.agent, 'active');
        return null;
      }
      case 'change':
      case 'revoke':
      case 'approve':
      case 'reject': {
        const target = this.db
          .prepare('SELECT * FROM company_agents WHERE company = ? AND agent_id = ?')
          .get(code, action.agentId) as AgentRow | undefined;
        if (!target || target.role === 'legal-rep') return 'AGENT_NOT_ALLOWED';
        const standing = this.actorStanding(company, action.actor);
        if (!standing || !mayGrant(rules, standing, target.role)) {
          return 'AGENT_NOT_ALLOWED';
        }
        return this.changeHolder(code, target, action);
      }
    }
  }

  private changeHolder(
    code: string,
    target: AgentRow,
    action: Extract<Action, { action: 'change' | 'revoke' | 'approve' | 'reject' }>,
  ): AgentRefusal | null {
    const byId = (sql: string, ...values: unknown[]) =>
      this.db.prepare(sql).run(...values, target.agent_id);
    switch (action.action) {
      case 'approve':
        if (target.status !== 'pending') return 'AGENT_NOT_ALLOWED';
        byId("UPDATE company_agents SET status = 'active' WHERE agent_id = ?");
        return null;
      case 'reject':
        if (target.status !== 'pending') return 'AGENT_NOT_ALLOWED';
        byId('DELETE FROM company_agents WHERE agent_id = ?');
        this.db
          .prepare(
            `INSERT INTO rejections (company, agent, day, count) VALUES (?, ?, ?, 1)
             ON CONFLICT (company, agent, day) DO UPDATE SET count = count + 1`,
          )
          .run(code, target.id_number, this.day());
        return null;
      case 'revoke':
        byId('DELETE FROM company_agents WHERE agent_id = ?');
        return null;
      case 'change': {
        const changes = action.changes;
        if (changes.mobile !== undefined && changes.mobile !== target.mobile) {
          const company = this.company(code);
          const taken = company
            ? this.holders(company).some((holder) => holder.mobile === changes.mobile)
            : false;
          if (taken) return 'MOBILE_TAKEN_IN_COMPANY';
        }
        byId(
          `UPDATE company_agents SET mobile = ?, period_from = ?, period_to = ?, can_manage = ?
           WHERE agent_id = ?`,
          changes.mobile ?? target.mobile,
          changes.periodFrom === undefined ? target.period_from : changes.periodFrom,
          changes.periodTo === undefined ? target.period_to : changes.periodTo,
          changes.canManage === undefined ? target.can_manage : changes.canManage ? 1 : 0,
        );
        return null;
      }
    }
  }

  /** Pending delegated registrations (cases under review) count as pending applications. */
  private pendingCases(code: string): CompanyAgent[] {
    const rows = this.db
      .prepare("SELECT agent FROM agent_apps WHERE company = ? AND status = 'pending'")
      .all(code) as { agent: string }[];
    return rows.map((row) => ({
      agentId: `case-${row.agent}`,
      role: 'agent',
      name: '',
      idNumber: row.agent,
      mobile: '',
      status: 'pending',
      periodFrom: null,
      periodTo: null,
      idValidFrom: null,
      idValidTo: null,
      canManage: false,
    }));
  }

  private insert(code: string, grant: z.infer<typeof grantSchema>, status: 'active' | 'pending') {
    this.sequence += 1;
    this.db
      .prepare(
        `INSERT INTO company_agents (agent_id, company, role, name, id_number, mobile, status,
         period_from, period_to, id_valid_from, id_valid_to, can_manage, seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        `AG-${randomUUID().slice(0, 8)}`,
        code,
        grant.role,
        grant.name,
        grant.idNumber,
        grant.mobile,
        status,
        grant.periodFrom,
        grant.periodTo,
        grant.idValidFrom,
        grant.idValidTo,
        grant.canManage ? 1 : 0,
        this.sequence,
      );
  }
}
