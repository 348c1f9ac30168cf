import type { exportChannels } from '../contract/export-channels';
import {
  cancelExport,
  countExport,
  exportDefaults,
  exportProgress,
  startExport,
  verifyExport,
} from '../services/export/export';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type ExportHandlers = { [N in keyof typeof exportChannels]: Handler<N> };

/** The thin handlers of the supervisor's export channels. */
export const exportHandlers: ExportHandlers = {
  'export:defaults': ({ startup }) => exportDefaults(services(startup)),
  'export:count': ({ request, startup }) => countExport(services(startup), request.filter),
  'export:start': ({ request, session, startup }) =>
    startExport(services(startup), actorOf(session), request),
  'export:progress': ({ request, startup }) => exportProgress(services(startup), request.jobId),
  'export:cancel': ({ request, startup }) => cancelExport(services(startup), request.jobId),
  'export:verify': ({ request, session, startup }) =>
    verifyExport(services(startup), actorOf(session), request.path),
};
