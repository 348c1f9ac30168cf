import type { CallerSession, Core } from '../../../src-main/api/core-types';
import type { Envelope } from '../../../src-main/contract';

/** One request as the core received it. */
export interface DispatchedRequest {
  session: CallerSession;
  channel: string;
  payload: unknown;
}

/** A `Core` that records what the shell asks of it; the shell tests' double of the port. */
export interface RecordingCore extends Core {
  readonly dispatched: DispatchedRequest[];
  readonly sessions: CallerSession[];
  readonly closeCount: number;
}

/** Builds a recording core; `answer` decides each reply (an echo of the channel by default). */
export function recordingCore(
  answer: (request: DispatchedRequest) => Promise<Envelope<unknown>> = (request) =>
    Promise.resolve({ ok: true, value: { echoed: request.channel } }),
): RecordingCore {
  const dispatched: DispatchedRequest[] = [];
  const sessions: CallerSession[] = [];
  let closeCount = 0;
  return {
    shell: 'electron',
    dataDir: '/tmp/recording-core',
    dispatched,
    sessions,
    get closeCount() {
      return closeCount;
    },
    newSession() {
      const session: CallerSession = {
        id: `session-${sessions.length + 1}`,
        user: null,
        locked: false,
        lastActivityAt: 0,
      };
      sessions.push(session);
      return session;
    },
    newApplicantScreenSession() {
      const session: CallerSession = {
        id: `applicant-${sessions.length + 1}`,
        user: null,
        locked: false,
        lastActivityAt: 0,
        applicant: true,
      };
      sessions.push(session);
      return session;
    },
    dispatch(session, channel, payload) {
      const request = { session, channel, payload };
      dispatched.push(request);
      return answer(request);
    },
    close() {
      closeCount += 1;
    },
  };
}
