import type { cakeyChannels } from '../contract/cakey-channels';
import {
  cakeyStatus,
  caseCaKey,
  proveCaKey,
  readCaKeyCertificate,
  recordCaKeyFieldUnlock,
} from '../services/cakey/cakey';
import { detectedCaKeyModules } from '../services/shared/settings';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type CakeyHandlers = { [N in keyof typeof cakeyChannels]: Handler<N> };

/** The thin handlers of the CA key channels. */
export const cakeyHandlers: CakeyHandlers = {
  'cakey:status': ({ startup }) => cakeyStatus(services(startup)),
  'cakey:detectModules': () => detectedCaKeyModules(),
  'cakey:readCertificate': ({ request, session, startup }) =>
    readCaKeyCertificate(services(startup), actorOf(session), request),
  'cakey:prove': ({ request, session, startup }) =>
    proveCaKey(services(startup), actorOf(session), request),
  'cakey:caseRecord': ({ request, startup }) => caseCaKey(services(startup), request),
  'cakey:unlockField': ({ request, session, startup }) =>
    recordCaKeyFieldUnlock(services(startup), actorOf(session), request),
};
