import type { syncChannels } from '../contract/sync-channels';
import { verifyAuditAnchors } from '../services/audit/audit-anchors';
import { registerCounter, retrySyncNow, syncQueue, syncStatus } from '../services/sync/sync';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type SyncHandlers = { [N in keyof typeof syncChannels]: Handler<N> };

/** The thin handlers of the sync channels. */
export const syncHandlers: SyncHandlers = {
  'sync:status': ({ startup }) => syncStatus(services(startup)),
  'sync:queue': ({ request, startup }) => syncQueue(services(startup), request),
  'sync:retryNow': ({ request, session, startup }) =>
    retrySyncNow(services(startup), actorOf(session), request),
  'sync:verifyAuditAnchors': ({ session, startup }) =>
    verifyAuditAnchors(services(startup), actorOf(session)),
  'sync:registerCounter': ({ request, session, startup }) =>
    registerCounter(services(startup), actorOf(session), request),
};
