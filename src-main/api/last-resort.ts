/** Where the last-resort handler listens: the process, or a test's emitter. */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
}

/** What records an unexpected failure: the core's audit log and standard error. */
export type UnexpectedRecorder = (
  source: 'unhandled-rejection' | 'uncaught-exception',
  error: unknown,
) => void;

/**
 * The last resort: a promise nobody awaited that rejects, or a throw from a timer, would end
 * the process (and every clerk's session with it). Both are recorded, without personal data,
 * and the core keeps serving. Every known background job turns its errors into a failed job
 * on its own; this handler is for the ones nobody foresaw. Returns the uninstaller.
 */
export function installLastResort(events: ProcessEvents, record: UnexpectedRecorder): () => void {
  const onRejection = (reason: unknown) => {
    try {
      record('unhandled-rejection', reason);
    } catch {
      // Recording must never become the next unhandled error.
    }
  };
  const onException = (error: unknown) => {
    try {
      record('uncaught-exception', error);
    } catch {
      // As above.
    }
  };
  events.on('unhandledRejection', onRejection);
  events.on('uncaughtException', onException);
  return () => {
    events.off('unhandledRejection', onRejection);
    events.off('uncaughtException', onException);
  };
}
