import type { z } from 'zod';
import type { ChannelName } from '../contract/channels';
import { contract, isChannelName } from '../contract/channels';
import type { Access } from '../contract/define';
import type { ContractErrorPayload, Envelope } from '../contract/errors';
import { contractError } from '../contract/errors';
import { ILL_FORMED_TEXT_MESSAGE, illFormedTextPath } from '../contract/well-formed';
import type { Clock } from '../domain/ports/clock';
import { currentUser, recordLock, toSessionUser } from '../services/staff/auth';
import { getSettings } from '../services/shared/settings';
import { UseCaseError } from '../services/shared/use-case-error';
import type { CallerSession } from './core-types';
import type { Handlers } from './handlers';
import type { StartupState } from './startup-state';

/** Where the core reports failures it hides from the user; never given personal data. */
export interface CoreLogger {
  error(message: string): void;
}

/** Channels that only read state and so do not count as a clerk's activity. */
const passiveChannels: ReadonlySet<ChannelName> = new Set([
  'app:status',
  'auth:session',
  'handover:status',
]);

/** Channels a user who must first change the password may still call. */
const allowedBeforePasswordChange: ReadonlySet<ChannelName> = new Set([
  'app:status',
  'auth:session',
  'auth:logout',
  'auth:lock',
  'auth:unlock',
  'auth:changePassword',
  'settings:get',
]);

function fail(error: ContractErrorPayload): Envelope<never> {
  return { ok: false, error };
}

/** Maps zod issues to `field path -> Chinese message` for inline form errors. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

/** Dependencies of the dispatcher. */
export interface DispatcherDeps {
  handlers: Handlers;
  startup: () => StartupState;
  clock: Clock;
  logger: CoreLogger;
}

/**
 * The one path every request takes: known channel, valid payload, signed-in and unlocked
 * caller with the right role, then one handler; its answer is checked against the contract too.
 * The sender has already been checked by the shell (IPC frame or loopback origin).
 */
export function createDispatcher(deps: DispatcherDeps) {
  function authorise(
    session: CallerSession,
    name: ChannelName,
    access: Access,
  ): ContractErrorPayload | null {
    // The applicant's screen reaches its own channels and nothing else, and only it does.
    if (access.kind === 'applicant' || session.applicant === true) {
      if (access.kind !== 'applicant' || session.applicant !== true) {
        return contractError('FORBIDDEN');
      }
      return deps.startup().kind === 'open' ? null : contractError('STORE_UNAVAILABLE');
    }
    if (access.kind === 'public') return null;
    const startup = deps.startup();
    if (!session.user || startup.kind !== 'open') return contractError('NOT_LOGGED_IN');
    // Re-read the account: a disabled clerk or a changed role takes effect at once.
    const stored = currentUser(startup.services, session.user.id);
    if (!stored || stored.disabled) {
      session.user = null;
      session.locked = false;
      return contractError(stored ? 'ACCOUNT_DISABLED' : 'NOT_LOGGED_IN');
    }
    session.user = { ...toSessionUser(stored) };
    const now = deps.clock.now().getTime();
    const idleLimit = getSettings(startup.services).idleLockMinutes * 60_000;
    if (!session.locked && now - session.lastActivityAt > idleLimit) {
      // The renderer locks on its own timer; this is the backstop when it did not.
      session.locked = true;
      recordLock(startup.services, { id: stored.id, displayName: stored.displayName }, 'idle');
    }
    const passesLock = access.kind === 'user' && access.whenLocked === true;
    if (session.locked && !passesLock) return contractError('SESSION_LOCKED');
    if (session.user.mustChangePassword && !allowedBeforePasswordChange.has(name)) {
      return contractError('PASSWORD_CHANGE_REQUIRED');
    }
    if (access.kind === 'roles' && !access.roles.includes(session.user.role)) {
      return contractError('FORBIDDEN');
    }
    return null;
  }

  async function dispatch(
    session: CallerSession,
    channel: string,
    payload: unknown,
  ): Promise<Envelope<unknown>> {
    if (!isChannelName(channel)) return fail(contractError('UNKNOWN_CHANNEL'));
    const spec = contract[channel];
    const illFormed = illFormedTextPath(payload);
    if (illFormed !== null) {
      return fail(
        contractError('BAD_REQUEST', {
          message: '提交的内容含有无法识别的字符，已拒绝。',
          fields: { [illFormed]: ILL_FORMED_TEXT_MESSAGE },
        }),
      );
    }
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      return fail(contractError('BAD_REQUEST', { fields: fieldErrors(parsed.error.issues) }));
    }
    try {
      const refusal = authorise(session, channel, spec.access);
      if (refusal) return fail(refusal);
      if (!passiveChannels.has(channel)) session.lastActivityAt = deps.clock.now().getTime();
      const handler = deps.handlers[channel] as (ctx: {
        request: unknown;
        session: CallerSession;
        startup: StartupState;
      }) => unknown;
      const value: unknown = await handler({
        request: parsed.data,
        session,
        startup: deps.startup(),
      });
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        deps.logger.error(`[core] ${channel}: response does not match the contract`);
        return fail(contractError('INTERNAL'));
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof UseCaseError) return fail(contractError(error.code, error.extra));
      // Only the error's class goes to the log: messages can quote data the user typed.
      const kind = error instanceof Error ? error.constructor.name : typeof error;
      deps.logger.error(`[core] ${channel} failed: ${kind}`);
      return fail(contractError('INTERNAL'));
    }
  }

  return { dispatch };
}
