import type { caseChannels } from '../contract/case-channels';
import {
  approveException,
  attachFile,
  attachmentContent,
  cancelCase,
  recordMaterial,
  removeAttachment,
  reopenCase,
  startCollecting,
  submitCase,
} from '../services/cases/case-workflow';
import { reassignCase, takeOverCase } from '../services/cases/case-handover';
import {
  caseHistory,
  createCase,
  getCase,
  listQueue,
  saveCaseValuesUseCase,
  searchCases,
} from '../services/cases/cases';
import { activeProfile, availableProfiles } from '../services/shared/profiles';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type CaseHandlers = { [N in keyof typeof caseChannels]: Handler<N> };

/** The thin handlers of the case channels: one use case each. */
export const caseHandlers: CaseHandlers = {
  'profile:current': ({ startup }) => activeProfile(services(startup)),
  'profile:list': ({ startup }) => {
    const ctx = services(startup);
    return { profiles: availableProfiles(ctx), problems: ctx.profiles.problems };
  },
  'case:create': ({ request, session, startup }) =>
    createCase(services(startup), actorOf(session), request),
  'case:get': ({ request, session, startup }) =>
    getCase(services(startup), actorOf(session), request),
  'case:saveValues': ({ request, session, startup }) =>
    saveCaseValuesUseCase(services(startup), actorOf(session), request),
  'case:recordMaterial': ({ request, session, startup }) =>
    recordMaterial(services(startup), actorOf(session), request),
  'case:attach': ({ request, session, startup }) =>
    attachFile(services(startup), actorOf(session), {
      caseNumber: request.caseNumber,
      itemCode: request.itemCode,
      fileName: request.fileName,
      declaredType: request.declaredType,
      version: request.version,
      reveal: request.reveal,
      bytes: Buffer.from(request.dataBase64, 'base64'),
    }),
  'case:removeAttachment': ({ request, session, startup }) =>
    removeAttachment(services(startup), actorOf(session), request),
  'case:attachment': ({ request, session, startup }) => {
    const file = attachmentContent(services(startup), actorOf(session), request);
    return {
      fileName: file.fileName,
      mimeType: file.mimeType,
      dataBase64: file.bytes.toString('base64'),
    };
  },
  'case:startCollecting': ({ request, session, startup }) =>
    startCollecting(services(startup), actorOf(session), request),
  'case:submit': ({ request, session, startup }) =>
    submitCase(services(startup), actorOf(session), request),
  'case:reopen': ({ request, session, startup }) =>
    reopenCase(services(startup), actorOf(session), request),
  'case:cancel': ({ request, session, startup }) =>
    cancelCase(services(startup), actorOf(session), request),
  'case:approveException': ({ request, session, startup }) =>
    approveException(services(startup), actorOf(session), request),
  'case:takeOver': ({ request, session, startup }) =>
    takeOverCase(services(startup), actorOf(session), request),
  'case:reassign': ({ request, session, startup }) =>
    reassignCase(services(startup), actorOf(session), request),
  'case:list': ({ request, session, startup }) =>
    listQueue(services(startup), actorOf(session), request),
  'case:search': ({ request, startup }) => searchCases(services(startup), request),
  'case:history': ({ request, startup }) => caseHistory(services(startup), request),
};
