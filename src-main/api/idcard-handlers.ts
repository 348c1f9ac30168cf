import type { idcardChannels } from '../contract/idcard-channels';
import {
  cancelCardWait,
  cardPhoto,
  idcardStatus,
  placeTrainingCard,
  recordCardFieldUnlock,
  waitForCard,
} from '../services/idcard/idcard';
import { detectedReaderLibraries } from '../services/idcard/reader-libraries';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type IdcardHandlers = { [N in keyof typeof idcardChannels]: Handler<N> };

/** The thin handlers of the reader channels. */
export const idcardHandlers: IdcardHandlers = {
  'idcard:status': ({ startup }) => idcardStatus(services(startup)),
  'idcard:detectLibraries': ({ startup }) => detectedReaderLibraries(services(startup)),
  'idcard:waitForCard': ({ request, session, startup }) =>
    waitForCard(services(startup), actorOf(session), request),
  'idcard:cancelWait': ({ startup }) => cancelCardWait(services(startup)),
  'idcard:placeTrainingCard': ({ request, startup }) =>
    placeTrainingCard(services(startup), request),
  'idcard:photo': ({ request, startup }) => cardPhoto(services(startup), request),
  'idcard:unlockField': ({ request, session, startup }) =>
    recordCardFieldUnlock(services(startup), actorOf(session), request),
};
