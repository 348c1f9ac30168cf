import { describe, expect, it } from 'vitest';
import type { MaterialRequirement } from '../../../src-main/domain/profile';
import { missingParts } from '../../../src-main/domain/materials';
import {
  letterDateProblem,
  letterValidUntil,
  prefilledLetterDates,
} from '../../../src-main/domain/validators';

/** A day at the counter, local noon. */
const on = (day: string) => new Date(`${day}T12:00:00`);

describe('委托有效期一个月', () => {
  it('runs to the same day of the next month, or its last day when that month is shorter', () => {
    expect(letterValidUntil('2026-01-15')).toBe('2026-02-15');
    expect(letterValidUntil('2026-01-31')).toBe('2026-02-28');
    expect(letterValidUntil('2028-01-31')).toBe('2028-02-29');
    expect(letterValidUntil('2026-03-31')).toBe('2026-04-30');
    expect(letterValidUntil('2026-12-20')).toBe('2027-01-20');
  });

  it('accepts a letter signed on 31 January until the end of February, and not a day later', () => {
    expect(letterDateProblem('2026-01-31', on('2026-02-28'))).toBeNull();
    const expired = letterDateProblem('2026-01-31', on('2026-03-01'));
    expect(expired?.severity).toBe('error');
    expect(expired?.message).toContain('委托书已过有效期（委托有效期一个月，至 2026-02-28）');
    expect(expired?.message).toContain('重新签署');
  });

  it('refuses a date in the future or one that does not exist', () => {
    expect(letterDateProblem('2026-02-01', on('2026-01-31'))?.message).toContain('晚于今天');
    expect(letterDateProblem('2026-02-30', on('2026-03-01'))?.message).toContain('YYYY-MM-DD');
  });
});

describe('委托日期 on a new case', () => {
  it('starts as the day the letter is printed and signed at the counter, where a letter is required', () => {
    const fields = [
      { key: 'agent.name', kind: 'person-name', required: true },
      { key: 'letter.date', kind: 'letter-date', required: true },
    ];
    expect(prefilledLetterDates(fields, on('2026-01-31'))).toEqual({ 'letter.date': '2026-01-31' });
    // Where the case prints no letter, the field stays the clerk's to fill, if at all.
    expect(
      prefilledLetterDates(
        [{ key: 'letter.date', kind: 'letter-date', required: false }],
        on('2026-01-31'),
      ),
    ).toEqual({});
  });
});

describe('附录1 原件', () => {
  const letter: MaterialRequirement = {
    code: 'letter-person',
    label: '自然人授权委托书原件（附录1）',
    party: 'applicant',
    originalSeen: false,
    copyArchived: true,
    attestation: 'signature',
    attestationBy: '授权人签字',
    form: 'letter-person',
    originalKept: true,
  };
  const checked = { originalSeen: false, copyArchived: true, attested: true };

  it('is not satisfied by a scan alone: the original must be recorded as kept', () => {
    expect(missingParts(letter, { ...checked, attachmentCount: 1 })).toEqual(['original-kept']);
    expect(
      missingParts(letter, { ...checked, attachmentCount: 1, signedOriginalArchived: true }),
    ).toEqual([]);
    expect(
      missingParts(letter, { ...checked, attachmentCount: 0, signedOriginalArchived: true }),
    ).toEqual([]);
  });

  it('leaves the other letters as they were: a scan of 附录2 is enough', () => {
    const legal = {
      ...letter,
      code: 'letter-legal',
      form: 'letter-legal' as const,
      originalKept: undefined,
    };
    expect(missingParts(legal, { ...checked, attachmentCount: 1 })).toEqual([]);
  });
});
