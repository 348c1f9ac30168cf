import type { ChannelName, ResponseOf } from '../contract/channels';
import type { SessionUser } from '../contract/schemas';
import { listRecentAudit, verifyAudit } from '../services/shared/audit';
import {
  changeOwnPassword,
  createFirstSupervisor,
  login,
  recordLock,
  recordLogout,
  unlock,
} from '../services/staff/auth';
import {
  createClerk,
  listClerks,
  resetClerkPassword,
  setClerkDisabled,
} from '../services/staff/clerks';
import { homeSummary } from '../services/home/home';
import type { LoginGuard } from '../services/staff/login-guard';
import { getSettings, updateSettings } from '../services/shared/settings';
import type { CallerSession } from './core-types';
import { applicantHandlers } from './applicant-handlers';
import { applicantSignatureHandlers } from './applicant-signature-handlers';
import { archiveHandlers } from './archive-handlers';
import { cakeyHandlers } from './cakey-handlers';
import { caseHandlers } from './case-handlers';
import { idcardHandlers } from './idcard-handlers';
import { printHandlers } from './print-handlers';
import { statsHandlers } from './stats-handlers';
import { syncHandlers } from './sync-handlers';
import { agentsHandlers } from './agents-handlers';
import { exportHandlers } from './export-handlers';
import { operationHandlers } from './operation-handlers';
import { kioskHandlers } from './kiosk-handlers';
import type { Handler } from './handler-context';
import { actorOf, services, signedIn } from './handler-context';
import type { StartupState } from './startup-state';

/** One thin handler per channel: call one use case, map to a plain object (STYLE.md B). */
export type Handlers = { [N in ChannelName]: Handler<N> };

function signIn(session: CallerSession, user: SessionUser): SessionUser {
  session.user = user;
  session.locked = false;
  return user;
}

/** Builds the handler table over the core's startup state. */
export function createHandlers(
  describe: (startup: StartupState) => ResponseOf<'app:status'>,
  loginGuard: LoginGuard,
): Handlers {
  return {
    'app:status': ({ startup }) => describe(startup),
    'setup:createSupervisor': async ({ request, session, startup }) =>
      signIn(session, await createFirstSupervisor(services(startup), request)),
    'auth:session': ({ session, startup }) => ({
      user: session.user,
      locked: session.locked,
      idleLockMinutes: startup.kind === 'open' ? getSettings(startup.services).idleLockMinutes : 10,
    }),
    'auth:login': async ({ request, session, startup }) =>
      signIn(
        session,
        await login(services(startup), request, {
          client: session.client ?? session.id,
          loginGuard,
        }),
      ),
    'auth:logout': ({ session, startup }) => {
      if (session.user) recordLogout(services(startup), actorOf(session));
      session.user = null;
      session.locked = false;
      return {};
    },
    'auth:lock': ({ request, session, startup }) => {
      if (!session.locked) recordLock(services(startup), actorOf(session), request.reason);
      session.locked = true;
      return {};
    },
    'auth:unlock': async ({ request, session, startup }) =>
      signIn(session, await unlock(services(startup), signedIn(session).id, request.password)),
    'auth:changePassword': async ({ request, session, startup }) =>
      signIn(session, await changeOwnPassword(services(startup), signedIn(session).id, request)),
    'home:summary': ({ session, startup }) => homeSummary(services(startup), signedIn(session).id),
    'clerks:list': ({ startup }) => listClerks(services(startup)),
    'clerks:create': ({ request, session, startup }) =>
      createClerk(services(startup), actorOf(session), request),
    'clerks:setDisabled': ({ request, session, startup }) =>
      setClerkDisabled(services(startup), actorOf(session), request),
    'clerks:resetPassword': ({ request, session, startup }) =>
      resetClerkPassword(services(startup), actorOf(session), request),
    'settings:get': ({ startup }) => getSettings(services(startup)),
    'settings:update': ({ request, session, startup }) =>
      updateSettings(services(startup), actorOf(session), request),
    'audit:verify': ({ startup }) => verifyAudit(services(startup)),
    'audit:recent': ({ request, startup }) => listRecentAudit(services(startup), request.limit),
    ...caseHandlers,
    ...idcardHandlers,
    ...printHandlers,
    ...cakeyHandlers,
    ...syncHandlers,
    ...agentsHandlers,
    ...statsHandlers,
    ...archiveHandlers,
    ...exportHandlers,
    ...applicantHandlers,
    ...applicantSignatureHandlers,
    ...operationHandlers,
    ...kioskHandlers,
  };
}
