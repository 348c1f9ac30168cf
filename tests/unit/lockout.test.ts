import { describe, expect, it } from 'vitest';
import { afterFailedLogin, isLocked } from '../../src-main/domain/lockout';

const t0 = new Date('2026-11-24T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('lockout after failed logins', () => {
  it('locks for 15 minutes at the fifth failure in a row', () => {
    let state = { failedAttempts: 0, lockedUntil: null as string | null };
    for (let i = 0; i < 4; i += 1) state = afterFailedLogin(state, t0);
    expect(state.lockedUntil).toBeNull();
    state = afterFailedLogin(state, t0);
    expect(state.lockedUntil).toBe('2026-11-24T09:15:00.000Z');
    expect(isLocked(state, minutes(14))).toBe(true);
    expect(isLocked(state, minutes(15))).toBe(false);
  });

  it('gives five fresh tries once a lock has run out', () => {
    const expired = { failedAttempts: 5, lockedUntil: '2026-11-24T09:15:00.000Z' };
    expect(afterFailedLogin(expired, minutes(20))).toEqual({
      failedAttempts: 1,
      lockedUntil: null,
    });
  });
});
