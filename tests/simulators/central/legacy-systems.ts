import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * Jiangsu's legacy city systems as the platform sees them for 地市历史用户升级 (seeds/003 2.3):
 * each unit's old account (system, 原用户名, 单位编号, its credit code) with the old password
 * kept as a scrypt hash. The upgrade checks the old password the applicant typed on their
 * screen, refuses a unit that has upgraded already, and gives the new 单位编号.
 */

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS legacy_accounts (id INTEGER PRIMARY KEY, system TEXT NOT NULL,
    username TEXT NOT NULL, unit_code TEXT NOT NULL, credit_code TEXT NOT NULL,
    salt BLOB NOT NULL, hash BLOB NOT NULL, upgraded_unit_code TEXT);
  CREATE INDEX IF NOT EXISTS legacy_accounts_login ON legacy_accounts (system, username);
`;

/** An old account of a legacy system, as a test or the training data puts it there. */
export interface LegacyAccount {
  system: string;
  username: string;
  password: string;
  unitCode: string;
  creditCode: string;
  /** Already upgraded, with this new 单位编号. */
  upgradedUnitCode?: string;
}

/** What the upgrade case says about the old account. */
export interface LegacyClaim {
  system: string;
  username: string;
  unitCode: string;
  creditCode: string;
  oldPassword: string;
}

interface LegacyRow {
  id: number;
  unit_code: string;
  credit_code: string;
  salt: Buffer;
  hash: Buffer;
  upgraded_unit_code: string | null;
}

export class LegacySystemsSim {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Puts an old account into a legacy system. */
  seed(account: LegacyAccount): void {
    const salt = randomBytes(16);
    this.db
      .prepare(
        `INSERT INTO legacy_accounts (system, username, unit_code, credit_code, salt, hash,
           upgraded_unit_code) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        account.system,
        account.username,
        account.unitCode,
        account.creditCode,
        salt,
        scryptSync(account.password, salt, 32),
        account.upgradedUnitCode ?? null,
      );
  }

  /**
   * The one old account the claim names: by system and 原用户名, narrowed by 单位编号 when the
   * user name holds several units (seeds/003 2.3.3 step 3), and of the unit's credit code.
   */
  private find(claim: LegacyClaim): LegacyRow | null {
    const rows = (
      this.db
        .prepare('SELECT * FROM legacy_accounts WHERE system = ? AND username = ?')
        .all(claim.system, claim.username) as LegacyRow[]
    ).filter((row) => !claim.unitCode || row.unit_code === claim.unitCode);
    const row = rows.length === 1 ? rows[0] : undefined;
    return row && row.credit_code === claim.creditCode ? row : null;
  }

  /**
   * The refusal code for an upgrade, or null: the old password first (nothing about the
   * account is told before it is proven), then an account that was upgraded already.
   */
  check(claim: LegacyClaim): 'LEGACY_BAD_CREDENTIALS' | 'LEGACY_ALREADY_UPGRADED' | null {
    const row = this.find(claim);
    if (!row || !timingSafeEqual(scryptSync(claim.oldPassword, row.salt, 32), row.hash)) {
      return 'LEGACY_BAD_CREDENTIALS';
    }
    return row.upgraded_unit_code ? 'LEGACY_ALREADY_UPGRADED' : null;
  }

  /** Marks the account upgraded and returns its new 单位编号. */
  upgrade(claim: LegacyClaim): string {
    const row = this.find(claim);
    if (!row) throw new Error('legacy account vanished between check and upgrade');
    const count = (
      this.db
        .prepare('SELECT COUNT(*) AS n FROM legacy_accounts WHERE upgraded_unit_code IS NOT NULL')
        .get() as { n: number }
    ).n;
    const unitCode = `320${String(1_000_001 + count).padStart(8, '0')}`;
    this.db
      .prepare('UPDATE legacy_accounts SET upgraded_unit_code = ? WHERE id = ?')
      .run(unitCode, row.id);
    return unitCode;
  }

  /** The new 单位编号 of an upgraded account, for assertions. */
  upgradedUnitCode(system: string, username: string): string | null {
    const row = this.db
      .prepare(
        'SELECT upgraded_unit_code FROM legacy_accounts WHERE system = ? AND username = ? LIMIT 1',
      )
      .get(system, username) as { upgraded_unit_code: string | null } | undefined;
    return row?.upgraded_unit_code ?? null;
  }
}
