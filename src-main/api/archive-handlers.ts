import type { archiveChannels } from '../contract/archive-channels';
import type { ArchiveCaller } from '../services/archive/archive';
import {
  archiveCase,
  caseArchiveStatus,
  recordSignedOriginals,
  runArchiveBatch,
} from '../services/archive/archive';
import { exportAudit, queryAudit } from '../services/audit/audit-viewer';
import { retentionOverview, updateRetentionSettings } from '../services/archive/retention';
import type { CallerSession } from './core-types';
import type { Handler } from './handler-context';
import { actorOf, services, signedIn } from './handler-context';

type ArchiveHandlers = { [N in keyof typeof archiveChannels]: Handler<N> };

function callerOf(session: CallerSession): ArchiveCaller {
  return { ...actorOf(session), role: signedIn(session).role };
}

/** The thin handlers of the archive, retention and audit viewer channels. */
export const archiveHandlers: ArchiveHandlers = {
  'archive:status': ({ request, session, startup }) =>
    caseArchiveStatus(services(startup), callerOf(session), request),
  'archive:case': ({ request, session, startup }) =>
    archiveCase(services(startup), callerOf(session), request),
  'archive:recordSignedOriginals': ({ request, session, startup }) =>
    recordSignedOriginals(services(startup), callerOf(session), request),
  'archive:runBatch': ({ session, startup }) =>
    runArchiveBatch(services(startup), actorOf(session)),
  'retention:overview': ({ startup }) => retentionOverview(services(startup)),
  'retention:updateSettings': ({ request, session, startup }) =>
    updateRetentionSettings(services(startup), actorOf(session), request),
  'retention:preview': ({ startup }) => {
    const ctx = services(startup);
    return ctx.housekeeping.preview(ctx);
  },
  'retention:run': ({ request, session, startup }) => {
    const ctx = services(startup);
    void ctx.housekeeping.startPurge(ctx, actorOf(session), request.previewId);
    return ctx.housekeeping.currentProgress();
  },
  'retention:progress': ({ startup }) => services(startup).housekeeping.currentProgress(),
  'audit:query': ({ request, startup }) => queryAudit(services(startup), request),
  'audit:export': ({ request, session, startup }) =>
    exportAudit(services(startup), actorOf(session), request),
};
