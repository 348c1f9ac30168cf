import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CallerSession } from '../../api/core-types';
import type { Role } from '../../contract/define';

/**
 * The per-session secret the page keeps in sessionStorage and sends as a header with every
 * call: 32 random bytes, base64url. Cookies do not separate ports, so a hostile service on
 * another loopback port can read and plant the cookie; it can neither read nor set this.
 */
export const SESSION_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** One browser tab's session: the cookie's token, the page's secret, the core's caller. */
export interface WebSession {
  readonly token: string;
  readonly secret: string;
  readonly caller: CallerSession;
  lastSeenAt: number;
}

/** Limits of the store; the defaults suit one counter PC with a tab or two. */
export interface SessionStoreOptions {
  newCaller: () => CallerSession;
  now: () => number;
  /** A signed-in session not heard from for this long is gone (default 30 minutes). */
  idleMs?: number;
  /** A session nobody signed in to is gone sooner (default 10 minutes). */
  anonymousIdleMs?: number;
  /** Sessions kept at most; the least recently seen go first, anonymous ones before others. */
  maxSessions?: number;
  /** Signed-in sessions kept at most (default 50). */
  maxSignedIn?: number;
  /** How long a rotated token still leads to its session, for calls already in flight. */
  rotationGraceMs?: number;
}

interface Forward {
  to: string;
  secret: string;
  until: number;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const newToken = () => randomBytes(32).toString('base64url');

/**
 * The browser shell's sessions: create, get (token and secret both must match), rotate (a new
 * token at login, logout and every role change), destroy, role. Idle sessions expire on the
 * server and the number of sessions is bounded, so a flood of cookie-less requests cannot
 * grow memory for good.
 */
export class SessionStore {
  private readonly sessions = new Map<string, WebSession>();
  private readonly forwards = new Map<string, Forward>();
  private readonly idleMs: number;
  private readonly anonymousIdleMs: number;
  private readonly maxSessions: number;
  private readonly maxSignedIn: number;
  private readonly graceMs: number;

  constructor(private readonly options: SessionStoreOptions) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.anonymousIdleMs = options.anonymousIdleMs ?? 10 * 60_000;
    this.maxSessions = options.maxSessions ?? 200;
    this.maxSignedIn = options.maxSignedIn ?? 50;
    this.graceMs = options.rotationGraceMs ?? 10_000;
  }

  /** How many sessions exist now. */
  get size(): number {
    return this.sessions.size;
  }

  /** A new anonymous session bound to the page's secret. */
  create(secret: string): WebSession {
    const now = this.options.now();
    this.sweep(now);
    const session: WebSession = {
      token: newToken(),
      secret,
      caller: this.options.newCaller(),
      lastSeenAt: now,
    };
    this.sessions.set(session.token, session);
    this.bound();
    return session;
  }

  /**
   * The session of a cookie's token, only when the page's secret matches and it has not
   * expired; a token rotated moments ago still leads to its successor with the same secret.
   */
  get(token: string, secret: string): WebSession | null {
    const now = this.options.now();
    let session = this.sessions.get(token);
    if (!session) {
      const forward = this.forwards.get(token);
      if (forward && forward.until >= now && sameSecret(forward.secret, secret)) {
        session = this.sessions.get(forward.to);
      }
    }
    if (!session || !sameSecret(session.secret, secret)) return null;
    if (this.expired(session, now)) {
      this.destroy(session.token);
      return null;
    }
    session.lastSeenAt = now;
    // Re-inserted: the map's order is least recently seen first, for the bound.
    this.sessions.delete(session.token);
    this.sessions.set(session.token, session);
    return session;
  }

  /** The same session under a new token; the old token is forwarded briefly, then forgotten. */
  rotate(session: WebSession): WebSession {
    const now = this.options.now();
    const rotated: WebSession = { ...session, token: newToken(), lastSeenAt: now };
    this.sessions.delete(session.token);
    this.sessions.set(rotated.token, rotated);
    this.forwards.set(session.token, {
      to: rotated.token,
      secret: session.secret,
      until: now + this.graceMs,
    });
    this.bound();
    return rotated;
  }

  /** Forgets a session (and any token forwarded to it). */
  destroy(token: string): void {
    this.sessions.delete(token);
    for (const [from, forward] of this.forwards)
      if (forward.to === token) this.forwards.delete(from);
  }

  /** The role signed in on a session, or null for an anonymous one. */
  role(session: WebSession): Role | null {
    return session.caller.user?.role ?? null;
  }

  private expired(session: WebSession, now: number): boolean {
    const limit = session.caller.user ? this.idleMs : this.anonymousIdleMs;
    return now - session.lastSeenAt > limit;
  }

  private sweep(now: number): void {
    for (const session of this.sessions.values()) {
      if (this.expired(session, now)) this.sessions.delete(session.token);
    }
    for (const [from, forward] of this.forwards) {
      if (forward.until < now || !this.sessions.has(forward.to)) this.forwards.delete(from);
    }
  }

  private bound(): void {
    let signedIn = 0;
    for (const session of this.sessions.values()) if (session.caller.user) signedIn += 1;
    while (this.sessions.size > this.maxSessions || signedIn > this.maxSignedIn) {
      const evict =
        signedIn > this.maxSignedIn
          ? this.oldest((session) => session.caller.user !== null)
          : (this.oldest((session) => session.caller.user === null) ?? this.oldest(() => true));
      if (!evict) break;
      if (evict.caller.user) signedIn -= 1;
      this.destroy(evict.token);
    }
  }

  private oldest(match: (session: WebSession) => boolean): WebSession | undefined {
    for (const session of this.sessions.values()) if (match(session)) return session;
    return undefined;
  }
}
