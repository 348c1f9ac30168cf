import type { Envelope } from '../contract/errors';
import type { SessionUser } from '../contract/schemas';

/** Which shell hosts the core; the renderer shows it only on the about line. */
export type ShellKind = 'electron' | 'browser';

/**
 * The caller on the other end of one window (Electron) or one cookie (browser shell).
 * The shell keeps one per connection; the core updates it on login, lock and logout.
 */
export interface CallerSession {
  readonly id: string;
  user: SessionUser | null;
  locked: boolean;
  lastActivityAt: number;
  /**
   * Who is on the other end, for the failed-login throttle: one desktop window, or the
   * browser shell's loopback peers (a new cookie does not make a new client).
   */
  client?: string;
  /** The applicant's own screen (role `applicant`): it may call only the applicant channels. */
  applicant?: boolean;
}

/** What a shell needs from the core: sessions and one dispatch entry point. */
export interface Core {
  readonly shell: ShellKind;
  readonly dataDir: string;
  newSession(): CallerSession;
  /**
   * Makes a session the counter's applicant screen without a pairing code: for the desktop
   * shell's own applicant window, which only the main process can open.
   */
  newApplicantScreenSession(): CallerSession;
  /** Parses, authorises and runs one request; never throws. */
  dispatch(session: CallerSession, channel: string, payload: unknown): Promise<Envelope<unknown>>;
  close(): void;
  /**
   * Records a failure that escaped every handler (the last-resort handler's sink): in the
   * audit log and on standard error, with the error's class and system code only.
   */
  recordUnexpected?(source: 'unhandled-rejection' | 'uncaught-exception', error: unknown): void;
}
