import {
  applicantCardPhotos,
  signatureStatus,
  signByApplicant,
} from '../services/applicant/applicant-signature';
import type { Handler } from './handler-context';
import { services } from './handler-context';

type SignatureChannel = 'applicant:sign' | 'applicant:cardPhotos' | 'handover:signature';

export const applicantSignatureHandlers: { [N in SignatureChannel]: Handler<N> } = {
  'applicant:sign': ({ request, session, startup }) =>
    signByApplicant(services(startup), session.id, request),
  'applicant:cardPhotos': ({ request, session, startup }) =>
    applicantCardPhotos(services(startup), session.id, request),
  'handover:signature': ({ request, startup }) => signatureStatus(services(startup), request),
};
