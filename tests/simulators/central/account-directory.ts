import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';

/** An account as the simulated platform holds it (for lookups and structured changes). */
export interface SimAccount {
  kind: 'id' | 'uscc';
  value: string;
  subjectType: string;
  login: string;
  status: 'normal' | 'pending-activation' | 'frozen';
  phone: string;
  unitName?: string | null;
  legalRepName?: string | null;
  legalRepId?: string | null;
}

interface AccountRow {
  kind: string;
  value: string;
  subject_type: string;
  login: string;
  status: string;
  phone: string;
  unit_name: string | null;
}

/** The shape of a case as the directory reads it. */
interface CaseInput {
  caseType: { operation: string; subjectType: string; delegated: boolean };
  values: Record<string, string>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS account_records (kind TEXT NOT NULL, value TEXT NOT NULL,
    subject_type TEXT NOT NULL, login TEXT NOT NULL, status TEXT NOT NULL, phone TEXT NOT NULL,
    unit_name TEXT, legal_rep_name TEXT, legal_rep_id TEXT, PRIMARY KEY (kind, value));
  CREATE INDEX IF NOT EXISTS account_records_phone ON account_records (phone);
  CREATE TABLE IF NOT EXISTS sms_log (id INTEGER PRIMARY KEY, phone TEXT NOT NULL,
    company TEXT NOT NULL, purpose TEXT NOT NULL, code TEXT NOT NULL);
`;

/** The platform masks what it answers: the counter never receives a full name or phone. */
function maskLogin(login: string): string {
  if (login.length <= 2) return `${login.slice(0, 1)}*`;
  return `${login.slice(0, 2)}${'*'.repeat(Math.min(6, login.length - 3))}${login.slice(-1)}`;
}

function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '未登记';
}

/**
 * The simulated platform's account directory: 查找账号 (POST /v1/accounts/lookup), and the
 * structured modifications applied to the account once a case is accepted. A module of the
 * central simulator, registered there with a few lines.
 */
export class AccountDirectoryModule {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Puts an account on the platform (tests, training data). */
  seed(account: SimAccount): void {
    this.db
      .prepare(
        `INSERT INTO account_records (kind, value, subject_type, login, status, phone, unit_name,
           legal_rep_name, legal_rep_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, value) DO UPDATE SET subject_type = excluded.subject_type,
           login = excluded.login, status = excluded.status, phone = excluded.phone,
           unit_name = excluded.unit_name, legal_rep_name = excluded.legal_rep_name,
           legal_rep_id = excluded.legal_rep_id`,
      )
      .run(
        account.kind,
        account.value,
        account.subjectType,
        account.login,
        account.status,
        account.phone,
        account.unitName ?? null,
        account.legalRepName ?? null,
        account.legalRepId ?? null,
      );
    this.db
      .prepare('INSERT OR IGNORE INTO accounts (kind, value) VALUES (?, ?)')
      .run(account.kind, account.value);
    this.db
      .prepare('INSERT OR IGNORE INTO accounts (kind, value) VALUES (?, ?)')
      .run('login', account.login.toLowerCase());
  }

  /** Binds a phone to a person within a company (another account or a pending application). */
  bindPhone(company: string, mobile: string, holder: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO bindings (company, mobile, holder) VALUES (?, ?, ?)')
      .run(company, mobile, holder);
  }

  /** An account as stored, for assertions. */
  account(kind: 'id' | 'uscc', value: string): SimAccount | null {
    const row = this.db
      .prepare('SELECT * FROM account_records WHERE kind = ? AND value = ?')
      .get(kind, value) as
      (AccountRow & { legal_rep_name: string | null; legal_rep_id: string | null }) | undefined;
    if (!row) return null;
    return {
      kind: row.kind as SimAccount['kind'],
      value: row.value,
      subjectType: row.subject_type,
      login: row.login,
      status: row.status as SimAccount['status'],
      phone: row.phone,
      unitName: row.unit_name,
      legalRepName: row.legal_rep_name,
      legalRepId: row.legal_rep_id,
    };
  }

  /** The text messages the platform sent to a phone, oldest first (the SMS gateway's log). */
  smsTo(phone: string): { company: string; purpose: string; code: string }[] {
    return this.db
      .prepare('SELECT company, purpose, code FROM sms_log WHERE phone = ? ORDER BY id')
      .all(phone) as { company: string; purpose: string; code: string }[];
  }

  /** Handles the directory's own endpoints; null for any other path. */
  route(method: string, path: string, body: Buffer): { status: number; payload: unknown } | null {
    if (method === 'POST' && path === '/v1/activations/sms') {
      const request = JSON.parse(body.toString('utf8')) as {
        creditCode?: string;
        legalRepName?: string;
        legalRepIdNumber?: string;
      };
      return { status: 200, payload: this.activationCode(request) };
    }
    if (method !== 'POST' || path !== '/v1/accounts/lookup') return null;
    const query = JSON.parse(body.toString('utf8')) as {
      by?: string;
      idNumber?: string;
      creditCode?: string;
      mobile?: string;
      unitCode?: string;
    };
    return { status: 200, payload: this.lookup(query) };
  }

  /** 账号激活 确认账号: a pending account whose legal representative matches gets a code. */
  private activationCode(request: {
    creditCode?: string;
    legalRepName?: string;
    legalRepIdNumber?: string;
  }): unknown {
    const row = this.db
      .prepare(
        "SELECT * FROM account_records WHERE kind = 'uscc' AND value = ? AND status = 'pending-activation'",
      )
      .get(request.creditCode ?? '') as
      (AccountRow & { legal_rep_name: string | null; legal_rep_id: string | null }) | undefined;
    const matches =
      row &&
      (row.legal_rep_name === null || row.legal_rep_name === request.legalRepName) &&
      (row.legal_rep_id === null || row.legal_rep_id === request.legalRepIdNumber);
    if (!row || !matches) {
      return { sent: false, code: 'ACTIVATION_ACCOUNT_NOT_FOUND', message: '当前企业账号不存在' };
    }
    const code = String(randomInt(100_000, 1_000_000));
    this.db
      .prepare("INSERT INTO sms_log (phone, company, purpose, code) VALUES (?, ?, 'activation', ?)")
      .run(row.phone, row.value, code);
    return { sent: true, reservedPhoneMasked: maskPhone(row.phone) };
  }

  private lookup(query: {
    by?: string;
    idNumber?: string;
    creditCode?: string;
    mobile?: string;
    unitCode?: string;
  }): unknown {
    let row: AccountRow | undefined;
    let kind: 'id' | 'uscc';
    let value: string;
    switch (query.by ?? '') {
      case 'id-number':
        kind = 'id';
        value = query.idNumber ?? '';
        break;
      case 'credit-code':
        kind = 'uscc';
        value = query.creditCode ?? '';
        break;
      case 'phone-and-unit': {
        kind = 'uscc';
        value = query.unitCode ?? '';
        const bound = this.db
          .prepare('SELECT 1 FROM bindings WHERE company = ? AND mobile = ?')
          .get(value, query.mobile ?? '');
        row = this.db
          .prepare('SELECT * FROM account_records WHERE kind = ? AND value = ?')
          .get(kind, value) as AccountRow | undefined;
        if (!row || (row.phone !== query.mobile && !bound)) return { exists: false };
        return this.answer(row);
      }
      default:
        return { exists: false };
    }
    row = this.db
      .prepare('SELECT * FROM account_records WHERE kind = ? AND value = ?')
      .get(kind, value) as AccountRow | undefined;
    if (row) return this.answer(row);
    // An account the platform knows only by its key (seeded before the directory held more).
    const known = this.db
      .prepare('SELECT 1 FROM accounts WHERE kind = ? AND value = ?')
      .get(kind, value);
    if (!known) return { exists: false };
    return {
      exists: true,
      kind: kind === 'id' ? 'person' : 'organisation',
      subjectType: kind === 'id' ? 'person' : 'enterprise',
      loginNameMasked: '******',
      status: 'normal',
      reservedPhoneMasked: '未登记',
      unitName: null,
    };
  }

  private answer(row: AccountRow): unknown {
    const pendingAgent =
      row.kind === 'uscc' &&
      this.db
        .prepare("SELECT 1 FROM agent_apps WHERE company = ? AND status = 'pending'")
        .get(row.value) !== undefined;
    return {
      exists: true,
      kind: row.kind === 'id' ? 'person' : 'organisation',
      subjectType: row.subject_type,
      loginNameMasked: maskLogin(row.login),
      status: row.status === 'normal' && pendingAgent ? 'pending-agent' : row.status,
      reservedPhoneMasked: maskPhone(row.phone),
      unitName: row.unit_name,
    };
  }

  private key(input: CaseInput): { kind: 'id' | 'uscc'; value: string } {
    const person = input.caseType.subjectType === 'person';
    return person
      ? { kind: 'id', value: input.values['applicant.idNumber'] ?? '' }
      : {
          kind: 'uscc',
          value: input.values['company.creditCode'] ?? input.values['company.projectCode'] ?? '',
        };
  }

  /** Whether an operation opens an account (so none may exist yet) or works on one. */
  opensAccount(
    profile: { operations: { code: string; call?: string; opensAccount?: boolean }[] } | undefined,
    operation: string,
  ): boolean {
    const definition = profile?.operations.find((item) => item.code === operation);
    return (
      operation === 'register' ||
      definition?.call === 'register' ||
      definition?.opensAccount === true
    );
  }

  /** The refusal code whose words a pending review shows: an appeal is 受理中, not 比对中. */
  reviewCode(
    profile: { operations: { code: string; call?: string }[] } | undefined,
    operation: string,
  ): string {
    const call = profile?.operations.find((item) => item.code === operation)?.call;
    return call === 'appeal' ? 'APPEAL_UNDER_REVIEW' : 'MANUAL_REVIEW';
  }

  /** The structured changes' own rules; null when the change may be applied. */
  check(input: CaseInput): string | null {
    const { operation } = input.caseType;
    if (operation === 'activate') {
      // The code must be the last one texted to this company's reserved phone.
      const { value } = this.key(input);
      const last = this.db
        .prepare(
          "SELECT code FROM sms_log WHERE company = ? AND purpose = 'activation' ORDER BY id DESC LIMIT 1",
        )
        .get(value) as { code: string } | undefined;
      return last?.code === input.values['activation.smsCode'] ? null : 'SMS_CODE_WRONG';
    }
    if (operation !== 'modify-phone') return null;
    const { kind, value } = this.key(input);
    const mobile = input.values['account.newMobile'] ?? '';
    if (kind !== 'uscc') return null;
    // 001 FAQ 1: a phone is bound once within a company, pending applications included.
    const bound = this.db
      .prepare('SELECT holder FROM bindings WHERE company = ? AND mobile = ?')
      .get(value, mobile) as { holder: string } | undefined;
    const holder = input.values['legalRep.idNumber'] ?? '';
    if (bound && bound.holder !== holder) return 'MOBILE_TAKEN_IN_COMPANY';
    return null;
  }

  /** What an accepted case changes on the account, read from its structured fields. */
  apply(input: CaseInput): void {
    const { kind, value } = this.key(input);
    const values = input.values;
    const update = (column: string, text: string | undefined) => {
      if (text === undefined) return;
      this.db
        .prepare(`UPDATE account_records SET ${column} = ? WHERE kind = ? AND value = ?`)
        .run(text, kind, value);
    };
    switch (input.caseType.operation) {
      case 'register':
      case 'appeal-register':
        this.db
          .prepare('INSERT OR IGNORE INTO accounts (kind, value) VALUES (?, ?)')
          .run(kind, value);
        this.db
          .prepare(
            `INSERT OR IGNORE INTO account_records (kind, value, subject_type, login, status, phone,
               unit_name, legal_rep_name, legal_rep_id) VALUES (?, ?, ?, ?, 'normal', ?, ?, ?, ?)`,
          )
          .run(
            kind,
            value,
            input.caseType.subjectType,
            values['account.username'] ?? value,
            values['applicant.mobile'] ?? values['legalRep.mobile'] ?? '',
            values['company.name'] ?? null,
            values['legalRep.name'] ?? null,
            values['legalRep.idNumber'] ?? null,
          );
        return;
      case 'modify-phone': {
        const mobile = values['account.newMobile'];
        update('phone', mobile);
        const holder = values['legalRep.idNumber'];
        if (kind === 'uscc' && mobile && holder) {
          this.db
            .prepare('INSERT OR IGNORE INTO bindings (company, mobile, holder) VALUES (?, ?, ?)')
            .run(value, mobile, holder);
        }
        return;
      }
      case 'reset-password': {
        // The reset goes to the reserved phone; the applicant sets the password there.
        const row = this.account(kind, value);
        if (row?.phone) {
          this.db
            .prepare(
              "INSERT INTO sms_log (phone, company, purpose, code) VALUES (?, ?, 'password-reset', ?)",
            )
            .run(row.phone, value, String(randomInt(100_000, 1_000_000)));
        }
        return;
      }
      case 'activate':
        update('status', 'normal');
        update('login', values['account.username']);
        return;
      case 'appeal-modify':
        update('phone', values['legalRep.mobile']);
        update('legal_rep_name', values['legalRep.name']);
        update('legal_rep_id', values['legalRep.idNumber']);
        update('status', 'normal');
        return;
      case 'modify-legal-rep':
        update('legal_rep_name', values['newLegalRep.name']);
        update('legal_rep_id', values['newLegalRep.idNumber']);
        update('phone', values['newLegalRep.mobile']);
        return;
      case 'modify-name':
      case 'modify-registration':
        update('unit_name', values['company.name']);
        update('legal_rep_name', values['legalRep.name']);
        update('legal_rep_id', values['legalRep.idNumber']);
        return;
      default:
        return;
    }
  }
}
