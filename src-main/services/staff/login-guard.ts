import { createHmac } from 'node:crypto';
import type { Clock } from '../../domain/ports/clock';
import { UseCaseError } from '../shared/use-case-error';

/** Failed logins a client may make in a row before each next try must wait. */
export const FREE_FAILURES = 5;
/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60_000;
/** The longest a client waits between tries. */
const MAX_WAIT_MS = 5 * 60_000;
/** Password checks of one client at once: a burst of requests cannot queue up scrypt runs. */
const MAX_IN_FLIGHT = 1;
/** Clients remembered at most; the oldest are forgotten first. */
const MAX_CLIENTS = 10_000;

interface ClientRecord {
  failures: number;
  lastFailureAt: number;
  inFlight: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Slows down password guessing per client (a desktop window, or the browser shell's loopback
 * peers), before the account lockout: five failures are free, then each try waits twice as
 * long as the one before (2 s, 4 s ... up to 5 minutes), and a client's tries run one at a
 * time. A refusal costs no scrypt run. Also names an unknown login name in the audit log by a
 * keyed hash, so the log never holds what a stranger typed but repeats still group together.
 */
export class LoginGuard {
  private readonly clients = new Map<string, ClientRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly nameKey: Uint8Array,
  ) {}

  /** The keyed hash the audit log records for a login name no account has. */
  unknownNameKey(username: string): string {
    return createHmac('sha256', this.nameKey)
      .update(username.normalize('NFC').toLowerCase(), 'utf8')
      .digest('hex')
      .slice(0, 16);
  }

  /** How many clients are remembered (for the bound's test). */
  get size(): number {
    return this.clients.size;
  }

  /**
   * Runs one password check for a client: refuses at once while the client must wait or has
   * a check running, records a failure when `check` throws INVALID_CREDENTIALS,
   * and forgets the client's failures on success.
   */
  async attempt<T>(client: string, check: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    this.forgetOld(now);
    const record = this.clients.get(client) ?? { failures: 0, lastFailureAt: 0, inFlight: 0 };
    const until = this.waitUntil(record);
    if (until > now) throw this.refusal(until);
    if (record.inFlight >= MAX_IN_FLIGHT) throw this.refusal(now + 1000);
    record.inFlight += 1;
    this.remember(client, record);
    try {
      const result = await check();
      record.failures = 0;
      return result;
    } catch (error) {
      // A wrong password counts; the lockout's own refusal (ACCOUNT_LOCKED) says until when.
      if (error instanceof UseCaseError && error.code === 'INVALID_CREDENTIALS') {
        record.failures += 1;
        record.lastFailureAt = this.clock.now().getTime();
      }
      throw error;
    } finally {
      record.inFlight -= 1;
      if (record.failures === 0 && record.inFlight === 0) this.clients.delete(client);
    }
  }

  private waitUntil(record: ClientRecord): number {
    if (record.failures < FREE_FAILURES) return 0;
    const wait = Math.min(MAX_WAIT_MS, 2 ** (record.failures - FREE_FAILURES + 1) * 1000);
    return record.lastFailureAt + wait;
  }

  private refusal(until: number): UseCaseError {
    const time = new Date(until);
    const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
    return new UseCaseError('LOGIN_TOO_FREQUENT', {
      until: time.toISOString(),
      message: `登录尝试过于频繁，请在 ${clock} 后再试。`,
    });
  }

  private remember(client: string, record: ClientRecord): void {
    // Re-inserting keeps the map in least-recently-used order for the bound below.
    this.clients.delete(client);
    this.clients.set(client, record);
    while (this.clients.size > MAX_CLIENTS) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
  }

  private forgetOld(now: number): void {
    for (const [client, record] of this.clients) {
      if (record.inFlight === 0 && now - record.lastFailureAt > WINDOW_MS) {
        this.clients.delete(client);
      }
    }
  }
}
