/** Where time comes from, so idle lock, lockout and retries are tested without sleeping. */
export interface Clock {
  now(): Date;
}

/** The wall clock of the machine. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told: for tests and the e2e test hook. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date('2026-11-24T09:00:00+08:00')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }

  set(time: Date): void {
    this.current = time.getTime();
  }
}
