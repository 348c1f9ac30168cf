import type { statsChannels } from '../contract/stats-channels';
import { statsReport } from '../services/stats/stats';
import { previewDailyReport, printDailyReport } from '../services/stats/stats-daily-report';
import type { Handler } from './handler-context';
import { actorOf, services } from './handler-context';

type StatsHandlers = { [N in keyof typeof statsChannels]: Handler<N> };

/** The thin handlers of the supervisor's statistics. */
export const statsHandlers: StatsHandlers = {
  'stats:report': ({ request, startup }) => statsReport(services(startup), request),
  'stats:dailyReport': ({ request, startup }) => previewDailyReport(services(startup), request),
  'stats:printDailyReport': ({ request, session, startup }) =>
    printDailyReport(services(startup), actorOf(session), request),
};
