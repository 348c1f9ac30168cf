import type { kioskChannels } from '../contract/kiosk-channels';
import { leaveKiosk } from '../services/staff/kiosk';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type KioskHandlers = { [N in keyof typeof kioskChannels]: Handler<N> };

/** The thin handler of the kiosk channel. */
export const kioskHandlers: KioskHandlers = {
  'kiosk:leave': ({ request, session, startup }) =>
    leaveKiosk(services(startup), session.user ? actorOf(session) : null, request),
};
