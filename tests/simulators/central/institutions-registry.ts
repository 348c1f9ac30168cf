import type Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { InstitutionManagement } from '../../../src-main/domain/institutions';
import type { ProvinceProfile } from '../../../src-main/domain/profile';
import { identityDocuments } from '../../../src-main/domain/validators/identity-document';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS institutions (institution_number TEXT PRIMARY KEY,
    company TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, opened INTEGER NOT NULL,
    admin TEXT);
  CREATE TABLE IF NOT EXISTS sms_outbox (at INTEGER NOT NULL, mobile TEXT NOT NULL,
    text TEXT NOT NULL);
`;

const adminSchema = z.object({
  name: z.string().min(1),
  idType: z.enum(identityDocuments),
  idNumber: z.string().min(5),
  mobile: z.string().min(5),
});
const actorSchema = z.object({
  role: z.enum(['legal-rep', 'administrator', 'agent']),
  name: z.string(),
  idNumber: z.string(),
  proof: z.enum(['id-card', 'ca-key']),
});
const actionSchema = z.discriminatedUnion('action', [
  z.object({
    profileId: z.string(),
    action: z.literal('open'),
    actor: actorSchema,
    institutionNumber: z.string(),
    admin: adminSchema,
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('change-admin'),
    actor: actorSchema,
    institutionNumber: z.string(),
    admin: adminSchema,
  }),
  z.object({
    profileId: z.string(),
    action: z.literal('reset-password'),
    actor: actorSchema,
    institutionNumber: z.string(),
  }),
]);

interface Row {
  institution_number: string;
  name: string;
  type: string;
  opened: number;
  admin: string | null;
}

type Reply = { status: number; payload: unknown };
const problem = (status: number, code: string, message: string): Reply => ({
  status,
  payload: { code, message },
});

/**
 * Jiangsu's 机构管理 on the platform: institutions registered by the 人社 office, opened by the
 * company with an administrator who holds a personal account; a password reset is an SMS to
 * that administrator (kept in an outbox the tests read), never a password derived from an ID.
 */
export class InstitutionsRegistrySim {
  constructor(
    private readonly db: Database.Database,
    private readonly profiles: Map<string, ProvinceProfile>,
    private readonly now: () => number,
    /** Whether the acting person is the company's legal representative or administrator. */
    private readonly standing: (
      company: string,
      actor: z.infer<typeof actorSchema>,
    ) => string | null,
  ) {
    db.exec(SCHEMA);
  }

  /** An institution the 人社 office registered for the company, not yet opened online. */
  recordInstitution(company: string, institutionNumber: string, name: string, type: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO institutions (institution_number, company, name, type, opened)
         VALUES (?, ?, ?, ?, 0)`,
      )
      .run(institutionNumber, company, name, type);
  }

  /** The SMS the platform sent, newest last (what the administrator's phone received). */
  smsTo(mobile: string): string[] {
    return (
      this.db.prepare('SELECT text FROM sms_outbox WHERE mobile = ? ORDER BY at').all(mobile) as {
        text: string;
      }[]
    ).map((row) => row.text);
  }

  /** Answers `/v1/companies/{code}/institutions`, or null for any other path. */
  route(method: string, url: URL, body: Buffer): Reply | null {
    const match = /^\/v1\/companies\/([^/]+)\/institutions$/.exec(url.pathname);
    if (!match?.[1]) return null;
    const company = decodeURIComponent(match[1]);
    if (method === 'GET') {
      if (!this.rules(url.searchParams.get('profile') ?? '')) {
        return problem(404, 'NOT_OFFERED', '本省平台不提供机构管理');
      }
      return { status: 200, payload: this.list(company) };
    }
    let action: z.infer<typeof actionSchema>;
    try {
      action = actionSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return problem(400, 'BAD_REQUEST', '请求格式不正确');
    }
    const rules = this.rules(action.profileId);
    if (!rules) return problem(404, 'NOT_OFFERED', '本省平台不提供机构管理');
    const role = this.standing(company, action.actor);
    if (!role || !rules.grantedBy.some((item) => item === role)) {
      return problem(409, 'INSTITUTION_NOT_ALLOWED', rules.messages.notAllowed);
    }
    const row = this.db
      .prepare('SELECT * FROM institutions WHERE institution_number = ? AND company = ?')
      .get(action.institutionNumber, company) as Row | undefined;
    if (!row) return problem(404, 'INSTITUTION_NOT_FOUND', '该单位没有这个机构编号');
    if (action.action === 'reset-password') {
      if (!row.opened || !row.admin) {
        return problem(409, 'INSTITUTION_NOT_OPEN', rules.messages.notOpen);
      }
      const admin = adminSchema.parse(JSON.parse(row.admin));
      this.sms(
        admin.mobile,
        `【江苏人社】机构${row.institution_number}管理员密码已重置，请用本短信中的链接设置新密码。`,
      );
      return { status: 200, payload: this.list(company) };
    }
    if (action.action === 'open' && row.opened) {
      return problem(409, 'INSTITUTION_ALREADY_OPEN', rules.messages.alreadyOpen);
    }
    if (action.action === 'change-admin' && !row.opened) {
      return problem(409, 'INSTITUTION_NOT_OPEN', rules.messages.notOpen);
    }
    const registered =
      this.db
        .prepare("SELECT 1 FROM accounts WHERE kind = 'id' AND value = ?")
        .get(action.admin.idNumber) !== undefined;
    if (!registered) {
      return problem(409, 'INSTITUTION_ADMIN_NOT_REGISTERED', rules.messages.adminNotRegistered);
    }
    this.db
      .prepare('UPDATE institutions SET opened = 1, admin = ? WHERE institution_number = ?')
      .run(JSON.stringify(action.admin), row.institution_number);
    this.sms(
      action.admin.mobile,
      `【江苏人社】您已被设为机构${row.institution_number}的管理员，请用本短信中的链接设置登录密码。`,
    );
    return { status: 200, payload: this.list(company) };
  }

  private rules(profileId: string): InstitutionManagement | undefined {
    return this.profiles.get(profileId)?.institutionManagement;
  }

  private sms(mobile: string, text: string): void {
    this.db
      .prepare('INSERT INTO sms_outbox (at, mobile, text) VALUES (?, ?, ?)')
      .run(this.now(), mobile, text);
  }

  private list(company: string) {
    const rows = this.db
      .prepare('SELECT * FROM institutions WHERE company = ? ORDER BY institution_number')
      .all(company) as Row[];
    return rows.map((row) => ({
      institutionNumber: row.institution_number,
      name: row.name,
      type: row.type,
      opened: row.opened === 1,
      admin: row.admin ? adminSchema.parse(JSON.parse(row.admin)) : null,
    }));
  }
}
