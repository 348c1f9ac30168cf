import type { SessionUser } from '../../contract/schemas';
import { afterFailedLogin, isLocked } from '../../domain/lockout';
import { staffPasswordProblem } from '../../domain/staff-password-policy';
import { appendAudit } from '../../store/repositories/audit-log';
import type { UserRecord } from '../../store/repositories/users';
import {
  clearFailedLogins,
  countUsers,
  findUserById,
  findUserByUsername,
  insertUser,
  recordFailedLogin,
  recordSuccessfulLogin,
  setPasswordHash,
} from '../../store/repositories/users';
import type { LoginGuard } from './login-guard';
import { decoyHash, hashPassword, verifyPassword } from './password-hash';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/** The account as the session and the renderer see it: no hash, no lock counters. */
export function toSessionUser(user: UserRecord): SessionUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}

/** Refuses a weak password with the field it belongs to. */
export function assertStrongPassword(password: string, username: string, field: string): void {
  const problem = staffPasswordProblem(password, username);
  if (problem) throw new UseCaseError('WEAK_PASSWORD', { fields: { [field]: problem } });
}

/** True until the first supervisor exists. */
export function isSetupRequired(ctx: ServiceContext): boolean {
  return countUsers(ctx.db) === 0;
}

/** First run: creates the supervisor account, once. */
export async function createFirstSupervisor(
  ctx: ServiceContext,
  input: { username: string; displayName: string; password: string },
): Promise<SessionUser> {
  // Answered before scrypt: once set up, a stranger's request costs nothing.
  if (!isSetupRequired(ctx)) throw new UseCaseError('SETUP_ALREADY_DONE');
  assertStrongPassword(input.password, input.username, 'password');
  const passwordHash = await hashPassword(input.password);
  const create = ctx.db.transaction(() => {
    // Checked inside the transaction: two windows racing through setup create one account.
    if (!isSetupRequired(ctx)) throw new UseCaseError('SETUP_ALREADY_DONE');
    const now = nowIso(ctx);
    const user = insertUser(ctx.db, {
      ...input,
      role: 'supervisor',
      passwordHash,
      mustChangePassword: false,
      now,
    });
    recordSuccessfulLogin(ctx.db, user.id, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: user.id,
      actorName: user.displayName,
      action: 'setup.supervisor-created',
      subject: user.username,
    });
    return user;
  });
  return toSessionUser(create.immediate());
}

function lockedError(lockedUntil: string): UseCaseError {
  return new UseCaseError('ACCOUNT_LOCKED', {
    until: lockedUntil,
    message: `密码连续输错次数过多，账号已锁定至 ${formatClock(lockedUntil)}。`,
  });
}

function formatClock(iso: string): string {
  const time = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

const failedActions = {
  login: 'auth.login-failed',
  unlock: 'auth.unlock-failed',
  approval: 'auth.approval-failed',
} as const;

/**
 * Checks a password for an account and applies the lockout rule: 5 failures in a row lock
 * the account for 15 minutes. `purpose` tells the audit log a login from an unlock.
 */
async function checkPassword(
  ctx: ServiceContext,
  user: UserRecord,
  password: string,
  purpose: 'login' | 'unlock' | 'approval',
): Promise<void> {
  const now = ctx.clock.now();
  if (isLocked(user, now) && user.lockedUntil) throw lockedError(user.lockedUntil);
  if (await verifyPassword(password, user.passwordHash)) return;
  const next = afterFailedLogin(user, now);
  ctx.db.transaction(() => {
    recordFailedLogin(ctx.db, user.id, next.failedAttempts, next.lockedUntil, now.toISOString());
    appendAudit(ctx.db, {
      at: now.toISOString(),
      actorId: user.id,
      actorName: user.displayName,
      action: failedActions[purpose],
      subject: user.username,
      detail: { failedAttempts: next.failedAttempts },
    });
    if (next.lockedUntil) {
      appendAudit(ctx.db, {
        at: now.toISOString(),
        actorId: user.id,
        actorName: user.displayName,
        action: 'auth.account-locked',
        subject: user.username,
        detail: { until: next.lockedUntil },
      });
    }
  })();
  if (next.lockedUntil) throw lockedError(next.lockedUntil);
  const left = 5 - next.failedAttempts;
  throw new UseCaseError('INVALID_CREDENTIALS', {
    nextStep: `请核对后重新输入；再输错 ${left} 次账号将锁定 15 分钟。`,
  });
}

/** Logs a clerk in by login name and password. */
export async function login(
  ctx: ServiceContext,
  input: { username: string; password: string },
  guard: { client: string; loginGuard: LoginGuard },
): Promise<SessionUser> {
  if (isSetupRequired(ctx)) throw new UseCaseError('SETUP_REQUIRED');
  const user = await guard.loginGuard.attempt(guard.client, async () => {
    const found = findUserByUsername(ctx.db, input.username);
    if (!found) {
      await verifyPassword(input.password, await decoyHash);
      // What a stranger typed stays out of the log: a keyed hash groups repeats of one name.
      appendAudit(ctx.db, {
        at: nowIso(ctx),
        actorId: null,
        actorName: null,
        action: 'auth.login-failed',
        subject: null,
        detail: {
          reason: 'unknown-username',
          nameKey: guard.loginGuard.unknownNameKey(input.username),
        },
      });
      throw new UseCaseError('INVALID_CREDENTIALS');
    }
    await checkPassword(ctx, found, input.password, 'login');
    return found;
  });
  if (user.disabled) throw new UseCaseError('ACCOUNT_DISABLED');
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    recordSuccessfulLogin(ctx.db, user.id, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: user.id,
      actorName: user.displayName,
      action: 'auth.login',
      subject: user.username,
    });
  })();
  return toSessionUser(user);
}

/** Unlocks an idle-locked screen: only the same user's password, counted like a login. */
export async function unlock(
  ctx: ServiceContext,
  userId: number,
  password: string,
): Promise<SessionUser> {
  const user = findUserById(ctx.db, userId);
  if (!user) throw new UseCaseError('NOT_LOGGED_IN');
  await checkPassword(ctx, user, password, 'unlock');
  if (user.disabled) throw new UseCaseError('ACCOUNT_DISABLED');
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    clearFailedLogins(ctx.db, user.id, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: user.id,
      actorName: user.displayName,
      action: 'auth.unlock',
      subject: user.username,
    });
  })();
  return toSessionUser(user);
}

/** Records a lock of the screen, manual or after idle time. */
export function recordLock(ctx: ServiceContext, actor: Actor, reason: 'manual' | 'idle'): void {
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'auth.lock',
    detail: { reason },
  });
}

/** Records a logout. */
export function recordLogout(ctx: ServiceContext, actor: Actor): void {
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'auth.logout',
  });
}

/** Changes the user's own password after checking the current one. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  userId: number,
  input: { currentPassword: string; newPassword: string },
): Promise<SessionUser> {
  const user = findUserById(ctx.db, userId);
  if (!user) throw new UseCaseError('NOT_LOGGED_IN');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new UseCaseError('INVALID_CREDENTIALS', {
      message: '当前密码不正确。',
      fields: { currentPassword: '当前密码不正确' },
    });
  }
  assertStrongPassword(input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new UseCaseError('WEAK_PASSWORD', {
      fields: { newPassword: '新密码不能与当前密码相同' },
    });
  }
  const hash = await hashPassword(input.newPassword);
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    setPasswordHash(ctx.db, user.id, hash, false, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: user.id,
      actorName: user.displayName,
      action: 'auth.password-changed',
      subject: user.username,
    });
  })();
  return { ...toSessionUser(user), mustChangePassword: false };
}

/** Re-reads the session's user, so a disabled account loses access at its next request. */
export function currentUser(ctx: ServiceContext, userId: number): UserRecord | null {
  return findUserById(ctx.db, userId);
}

/**
 * Checks the credentials a supervisor types at a clerk's counter to approve an exception.
 * Wrong passwords count towards the supervisor's own lockout, as a login would.
 */
export async function verifySupervisor(
  ctx: ServiceContext,
  input: { username: string; password: string },
): Promise<UserRecord> {
  const user = findUserByUsername(ctx.db, input.username);
  if (!user || user.role !== 'supervisor' || user.disabled) {
    if (!user) await verifyPassword(input.password, await decoyHash);
    throw new UseCaseError('SUPERVISOR_APPROVAL_REFUSED');
  }
  await checkPassword(ctx, user, input.password, 'approval');
  return user;
}
