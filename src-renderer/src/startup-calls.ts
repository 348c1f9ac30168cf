import type { AppStatus, Envelope, SessionState } from '../../src-main/contract';
import { api, tabHasCalledBefore } from './api';

/**
 * Whether the login screen may show before those answers come. The browser shell marks its
 * page when the counter was set up before it started, so the core will say 'ready'; a tab
 * that never called the core has no session, so it is signed out. Read before the calls below,
 * which make the tab's secret.
 */
export const loginBeforeAnswers =
  document.querySelector('meta[name="counter-start"]')?.getAttribute('content') === 'login' &&
  !tabHasCalledBefore();

/**
 * The two questions every start asks (app:status, auth:session), sent the moment this module
 * runs. main.ts imports it first, so the answers travel while the rest of the app's code is
 * still being evaluated; the app store takes them once, and any later start asks anew. Not
 * so when the login shows before the answers: then the app store asks once the clerk first
 * acts on the form (or it has stood a moment), and the browser shell loads its core only then,
 * not while this page starts on the same cores.
 */
let pending: {
  status: Promise<Envelope<AppStatus>>;
  session: Promise<Envelope<SessionState>>;
} | null = loginBeforeAnswers
  ? null
  : { status: api.app.status({}), session: api.auth.session({}) };

/** The start-up answers already on their way, or null once taken. */
export function takeStartupCalls(): typeof pending {
  const calls = pending;
  pending = null;
  return calls;
}
