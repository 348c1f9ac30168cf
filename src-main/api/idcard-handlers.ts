import type { idcardChannels } from '../contract/idcard-channels';
import {
  cardPhoto,
  idcardStatus,
  placeTrainingCard,
  recordCardFieldUnlock,
  waitForCard,
} from '../services/idcard';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type IdcardHandlers = { [N in keyof typeof idcardChannels]: Handler<N> };

/** The thin handlers of the reader channels. */
export const idcardHandlers: IdcardHandlers = {
  'idcard:status': ({ startup }) => idcardStatus(services(startup)),
  'idcard:waitForCard': ({ request, session, startup }) =>
    waitForCard(services(startup), actorOf(session), request),
  'idcard:photo': ({ request, startup }) => cardPhoto(services(startup), request),
  'idcard:placeTrainingCard': ({ startup }) => placeTrainingCard(services(startup)),
  'idcard:unlockField': ({ request, session, startup }) =>
    recordCardFieldUnlock(services(startup), actorOf(session), request),
};
