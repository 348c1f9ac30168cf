import type { ChannelName, ParsedRequestOf, ResponseOf } from '../contract/channels';
import type { SessionUser } from '../contract/schemas';
import type { Actor, ServiceContext } from '../services/shared/service-context';
import { UseCaseError } from '../services/shared/use-case-error';
import type { CallerSession } from './core-types';
import type { StartupState } from './startup-state';

/** What one handler receives: the parsed request, the caller's session and the services. */
export interface HandlerContext<N extends ChannelName> {
  request: ParsedRequestOf<N>;
  session: CallerSession;
  startup: StartupState;
}

/** One handler: the parsed request in, the channel's response out. */
export type Handler<N extends ChannelName> = (
  ctx: HandlerContext<N>,
) => ResponseOf<N> | Promise<ResponseOf<N>>;

/** The open services, or the typed refusal when the store could not be opened. */
export function services(startup: StartupState): ServiceContext {
  if (startup.kind !== 'open') throw new UseCaseError('STORE_UNAVAILABLE');
  return startup.services;
}

/** The signed-in user; the dispatcher has already refused calls without one. */
export function signedIn(session: CallerSession): SessionUser {
  if (!session.user) throw new UseCaseError('NOT_LOGGED_IN');
  return session.user;
}

/** The signed-in user as the audit log names them. */
export function actorOf(session: CallerSession): Actor {
  const user = signedIn(session);
  return { id: user.id, displayName: user.displayName };
}
