import type { operationChannels } from '../contract/operation-channels';
import { sendActivationCode } from '../services/operations/activation';
import { lookupAccount } from '../services/operations/lookup';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type OperationHandlers = { [N in keyof typeof operationChannels]: Handler<N> };

/** The thin handlers of the operations beyond registration. */
export const operationHandlers: OperationHandlers = {
  'account:lookup': ({ request, session, startup }) =>
    lookupAccount(services(startup), actorOf(session), request),
  'activation:sendCode': ({ request, session, startup }) =>
    sendActivationCode(services(startup), actorOf(session), request),
};
