import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Role } from '../../contract/define';

/** A users row as SQLite returns it. */
interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A counter staff account as the core sees it. */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function rowToUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Counts accounts; zero means the first-run setup has not happened. */
export function countUsers(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** Counts enabled accounts. */
export function countActiveUsers(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM users WHERE disabled = 0').get() as { n: number })
    .n;
}

/** Finds an account by login name, ignoring case. */
export function findUserByUsername(db: Database, username: string): UserRecord | null {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
    UserRow | undefined;
  return row ? rowToUser(row) : null;
}

/** Finds an account by id. */
export function findUserById(db: Database, id: number): UserRecord | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? rowToUser(row) : null;
}

/** Lists every account, supervisors first, then by login name. */
export function listUsers(db: Database): UserRecord[] {
  const rows = db
    .prepare(`SELECT * FROM users ORDER BY role = 'supervisor' DESC, username`)
    .all() as UserRow[];
  return rows.map(rowToUser);
}

/** What it takes to create an account. */
export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  now: string;
}

/** Inserts an account and returns it. */
export function insertUser(db: Database, user: NewUser): UserRecord {
  const result = db
    .prepare(
      `INSERT INTO users (username, display_name, role, password_hash, must_change_password,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      user.username,
      user.displayName,
      user.role,
      user.passwordHash,
      user.mustChangePassword ? 1 : 0,
      user.now,
      user.now,
    );
  const created = findUserById(db, Number(result.lastInsertRowid));
  if (!created) throw new Error('inserted user vanished');
  return created;
}

/** Records a failed password: the new count and, when reached, the lock's end. */
export function recordFailedLogin(
  db: Database,
  id: number,
  failedAttempts: number,
  lockedUntil: string | null,
  now: string,
): void {
  db.prepare(
    'UPDATE users SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?',
  ).run(failedAttempts, lockedUntil, now, id);
}

/** Records a successful login: clears failures and lock. */
export function recordSuccessfulLogin(db: Database, id: number, now: string): void {
  db.prepare(
    `UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(now, now, id);
}

/** Clears failures after a successful unlock without counting it as a login. */
export function clearFailedLogins(db: Database, id: number, now: string): void {
  db.prepare(
    'UPDATE users SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
  ).run(now, id);
}

/** Replaces the password hash; `mustChange` forces a change at next login. */
export function setPasswordHash(
  db: Database,
  id: number,
  passwordHash: string,
  mustChange: boolean,
  now: string,
): void {
  db.prepare(
    `UPDATE users SET password_hash = ?, must_change_password = ?, failed_attempts = 0,
       locked_until = NULL, updated_at = ? WHERE id = ?`,
  ).run(passwordHash, mustChange ? 1 : 0, now, id);
}

/** Enables or disables an account. */
export function setUserDisabled(db: Database, id: number, disabled: boolean, now: string): void {
  db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(
    disabled ? 1 : 0,
    now,
    id,
  );
}
