import {
  applicantScreenRequired,
  applicantView,
  confirmByApplicant,
  consentByApplicant,
  createPairingCode,
  handOver,
  handoverStatus,
  pairScreen,
  rateByApplicant,
  setApplicantScreenRequired,
  setPasswordByApplicant,
  takeBack,
  touchScreen,
  unpairScreen,
} from '../services/applicant/applicant';
import { pinpadKeys, pinpadState, setPinpadSettings } from '../services/applicant/applicant-pinpad';
import { refreshSealingKey, sealingKeyState } from '../services/applicant/applicant-sealing-key';
import { getSettings } from '../services/shared/settings';
import type { CallerSession } from './core-types';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';
import type { StartupState } from './startup-state';

/**
 * While the clerk who handed a case over (or showed the pairing code) is still signed in,
 * unlocked and not idle past the lock time: the applicant's screen clears (or unpairs) as soon
 * as this turns false.
 */
function clerkPresence(session: CallerSession, startup: StartupState): () => boolean {
  const userId = session.user?.id ?? null;
  return () => {
    if (startup.kind !== 'open' || session.locked || session.user?.id !== userId) return false;
    const idleLimit = getSettings(startup.services).idleLockMinutes * 60_000;
    return startup.services.clock.now().getTime() - session.lastActivityAt <= idleLimit;
  };
}

type ApplicantChannel =
  | 'handover:pairingCode'
  | 'handover:unpair'
  | 'handover:status'
  | 'handover:start'
  | 'handover:takeBack'
  | 'handover:settings'
  | 'handover:setRequired'
  | 'handover:sealingKey'
  | 'handover:refreshSealingKey'
  | 'handover:pinpad'
  | 'handover:setPinpad'
  | 'applicant:pinpadKeys'
  | 'applicant:pair'
  | 'applicant:view'
  | 'applicant:touch'
  | 'applicant:confirm'
  | 'applicant:consent'
  | 'applicant:setPassword'
  | 'applicant:rate';

export const applicantHandlers: { [N in ApplicantChannel]: Handler<N> } = {
  'handover:pairingCode': ({ session, startup }) =>
    createPairingCode(services(startup), actorOf(session), clerkPresence(session, startup)),
  'handover:unpair': ({ session, startup }) => unpairScreen(services(startup), actorOf(session)),
  'handover:status': ({ request, startup }) =>
    handoverStatus(services(startup), request.caseNumber),
  'handover:start': ({ request, session, startup }) =>
    handOver(
      services(startup),
      actorOf(session),
      clerkPresence(session, startup),
      request.caseNumber,
    ),
  'handover:takeBack': ({ request, session, startup }) =>
    takeBack(services(startup), actorOf(session), request.caseNumber),
  'handover:settings': ({ startup }) => ({ required: applicantScreenRequired(services(startup)) }),
  'handover:setRequired': ({ request, session, startup }) =>
    setApplicantScreenRequired(services(startup), actorOf(session), request.required),
  'handover:sealingKey': ({ startup }) => sealingKeyState(services(startup)),
  'handover:refreshSealingKey': ({ session, startup }) =>
    refreshSealingKey(services(startup), actorOf(session)),
  'handover:pinpad': ({ startup }) => pinpadState(services(startup)),
  'handover:setPinpad': ({ request, session, startup }) =>
    setPinpadSettings(services(startup), actorOf(session), request),
  'applicant:pinpadKeys': ({ request, session, startup }) =>
    pinpadKeys(services(startup), session.id, request),
  'applicant:pair': ({ request, session, startup }) =>
    pairScreen(services(startup), session.id, request.code),
  'applicant:view': ({ session, startup }) => applicantView(services(startup), session.id),
  'applicant:touch': ({ session, startup }) => touchScreen(services(startup), session.id),
  'applicant:confirm': ({ request, session, startup }) =>
    confirmByApplicant(services(startup), session.id, request),
  'applicant:consent': ({ request, session, startup }) =>
    consentByApplicant(services(startup), session.id, request),
  'applicant:setPassword': ({ request, session, startup }) =>
    setPasswordByApplicant(services(startup), session.id, request),
  'applicant:rate': ({ request, session, startup }) =>
    rateByApplicant(services(startup), session.id, request),
};
