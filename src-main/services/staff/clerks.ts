import type { Role } from '../../contract/define';
import type { Clerk } from '../../contract/schemas';
import { appendAudit } from '../../store/repositories/audit-log';
import type { UserRecord } from '../../store/repositories/users';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  setPasswordHash,
  setUserDisabled,
} from '../../store/repositories/users';
import { assertStrongPassword } from './auth';
import { hashPassword } from './password-hash';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

function toClerk(user: UserRecord, now: Date): Clerk {
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil) > now;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    disabled: user.disabled,
    lockedUntil: locked ? user.lockedUntil : null,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

/** Every staff account of this counter. */
export function listClerks(ctx: ServiceContext): Clerk[] {
  const now = ctx.clock.now();
  return listUsers(ctx.db).map((user) => toClerk(user, now));
}

/**
 * Creates a clerk (or another supervisor) with an initial password the supervisor hands over;
 * the clerk must replace it at first login, so the supervisor never knows a working password.
 */
export async function createClerk(
  ctx: ServiceContext,
  actor: Actor,
  input: { username: string; displayName: string; role: Role; initialPassword: string },
): Promise<Clerk> {
  assertStrongPassword(input.initialPassword, input.username, 'initialPassword');
  const passwordHash = await hashPassword(input.initialPassword);
  const created = ctx.db.transaction(() => {
    if (findUserByUsername(ctx.db, input.username)) {
      throw new UseCaseError('USERNAME_TAKEN', { fields: { username: '该登录名已被使用' } });
    }
    const now = nowIso(ctx);
    const user = insertUser(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
      mustChangePassword: true,
      now,
    });
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'clerk.created',
      subject: user.username,
      detail: { role: user.role },
    });
    return user;
  });
  return toClerk(created.immediate(), ctx.clock.now());
}

function otherUser(ctx: ServiceContext, actor: Actor, id: number): UserRecord {
  if (id === actor.id) throw new UseCaseError('CANNOT_CHANGE_SELF');
  const user = findUserById(ctx.db, id);
  if (!user) throw new UseCaseError('USER_NOT_FOUND');
  return user;
}

/** Disables or re-enables another account; a disabled clerk is refused at the next request. */
export function setClerkDisabled(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: number; disabled: boolean },
): Clerk {
  const user = otherUser(ctx, actor, input.id);
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    setUserDisabled(ctx.db, user.id, input.disabled, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: input.disabled ? 'clerk.disabled' : 'clerk.enabled',
      subject: user.username,
    });
  })();
  return toClerk({ ...user, disabled: input.disabled }, ctx.clock.now());
}

/** Sets a new one-time password for another account and lifts its lockout. */
export async function resetClerkPassword(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: number; newPassword: string },
): Promise<Clerk> {
  const user = otherUser(ctx, actor, input.id);
  assertStrongPassword(input.newPassword, user.username, 'newPassword');
  const hash = await hashPassword(input.newPassword);
  const now = nowIso(ctx);
  ctx.db.transaction(() => {
    setPasswordHash(ctx.db, user.id, hash, true, now);
    appendAudit(ctx.db, {
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'clerk.password-reset',
      subject: user.username,
    });
  })();
  return toClerk({ ...user, lockedUntil: null, failedAttempts: 0 }, ctx.clock.now());
}
