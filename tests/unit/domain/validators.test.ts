import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateFromResidentId,
  creditCodeCheckChar,
  creditCodeProblem,
  idValidityProblem,
  mobileProblem,
  projectCodeProblem,
  residentIdCheckChar,
  residentIdProblem,
  sexFromResidentId,
} from '../../../src-main/domain/validators';
import { creditCode, residentId } from '../../helpers/identity-fixtures';

const today = new Date('2026-11-24T10:00:00+08:00');
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the worked example of IDCARD.md §5.1', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdProblem('11010519491231002X', today)).toBeNull();
  });

  it('refuses a wrong check digit and says to compare with the card', () => {
    expect(residentIdProblem('110105194912310021', today)?.message).toMatch(/校验位/);
  });

  it('asks for an upper-case X', () => {
    expect(residentIdProblem('11010519491231002x', today)?.message).toMatch(/大写 X/);
  });

  it('refuses a birth date that does not exist or lies in the future', () => {
    expect(residentIdProblem(residentId('110105', '1990-02-30', '001'), today)?.message).toMatch(
      /出生日期/,
    );
    expect(residentIdProblem(residentId('110105', '2027-01-01', '001'), today)?.message).toMatch(
      /晚于今天/,
    );
  });

  it('tells how many characters were typed when the length is wrong', () => {
    expect(residentIdProblem('1101051949', today)?.message).toContain('当前为 10 位');
  });

  it('reads the birth date and sex out of the number', () => {
    expect(birthDateFromResidentId('11010519491231002X')).toBe('1949-12-31');
    expect(sexFromResidentId('11010519491231002X')).toBe('女');
    expect(sexFromResidentId(residentId('110105', '1980-01-01', '013'))).toBe('男');
  });

  const validId = fc
    .record({
      area: fc.integer({ min: 110_000, max: 659_999 }),
      birth: fc.date({
        min: new Date('1920-01-01'),
        max: new Date('2025-12-31'),
        noInvalidDate: true,
      }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ area, birth, sequence }) =>
      residentId(String(area), birth.toISOString().slice(0, 10), String(sequence).padStart(3, '0')),
    );

  it('accepts any number whose check character is computed (property)', () => {
    fc.assert(fc.property(validId, (id) => residentIdProblem(id, today) === null));
  });

  it('refuses any single-digit change of a valid number (property)', () => {
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (id, at, delta) => {
          const chars = [...id];
          const current = chars[at] === 'X' ? 10 : Number(chars[at]);
          const changed = (current + delta) % (at === 17 ? 11 : 10);
          chars[at] = at === 17 && changed === 10 ? 'X' : String(changed % 10);
          const mutated = chars.join('');
          fc.pre(mutated !== id);
          return residentIdProblem(mutated, today)?.severity === 'error';
        },
      ),
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts the worked example of IDCARD.md §5.2', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeProblem('91350100M000100Y43')?.severity).not.toBe('error');
  });

  it('refuses a code whose check character is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')?.message).toMatch(/校验位/);
  });

  it('refuses the letters I, O, S, V and Z and lower case', () => {
    expect(creditCodeProblem('91350100M000100YO3')?.message).toMatch(/I、O、S、V、Z/);
    expect(creditCodeProblem('91350100m000100Y43')?.message).toMatch(/大写/);
  });

  it('only warns when positions 9-17 are not a valid GB 11714 code', () => {
    const code = creditCode('91140100ABCDEFGH1');
    expect(creditCodeProblem(code)?.severity).toBe('warning');
  });

  const validCode = fc
    .array(fc.constantFrom(...USCC_ALPHABET), { minLength: 10, maxLength: 10 })
    .chain((tail) =>
      fc
        .constantFrom('1', '5', '9')
        .map((head) => creditCode(`${head}1${'140105'}${tail.join('').slice(0, 9)}`)),
    );

  it('never calls a code with a computed check character an error (property)', () => {
    fc.assert(fc.property(validCode, (code) => creditCodeProblem(code)?.severity !== 'error'));
  });

  it('refuses any change of the check character (property)', () => {
    fc.assert(
      fc.property(validCode, fc.constantFrom(...USCC_ALPHABET), (code, replacement) => {
        fc.pre(replacement !== code[17]);
        return creditCodeProblem(`${code.slice(0, 17)}${replacement}`)?.severity === 'error';
      }),
    );
  });
});

describe('mobile numbers and project codes', () => {
  it('accepts an 11-digit mainland mobile and explains the rest', () => {
    expect(mobileProblem('13812345678')).toBeNull();
    expect(mobileProblem('1381234567')?.message).toContain('11 位');
    expect(mobileProblem('23812345678')?.message).toMatch(/号段/);
    expect(mobileProblem('138 1234 5678')?.message).toMatch(/空格/);
  });

  it('checks the 18-character project code of a temporary project', () => {
    expect(projectCodeProblem('33010020260001A2B3')).toBeNull();
    expect(projectCodeProblem('330100')?.message).toContain('18 位');
  });
});

describe('ID card validity', () => {
  const birth30 = '1996-03-01';
  it('accepts a ten-year card issued at 20', () => {
    expect(idValidityProblem('2016-05-01', '2026-12-01', birth30, today)?.severity).toBe('warning');
    expect(idValidityProblem('2017-05-01', '2027-05-01', birth30, today)).toBeNull();
  });

  it('flags an expired card as an error that says what to bring instead', () => {
    expect(idValidityProblem('2006-05-01', '2016-05-01', birth30, today)?.message).toMatch(
      /已过期.*临时身份证/,
    );
  });

  it('refuses an end before the start', () => {
    expect(idValidityProblem('2020-05-01', '2019-05-01', birth30, today)?.severity).toBe('error');
  });

  it('warns when long-term does not fit the age at issue', () => {
    expect(idValidityProblem('2020-05-01', '长期', birth30, today)?.message).toMatch(/长期/);
    expect(idValidityProblem('2020-05-01', '长期', '1960-01-01', today)).toBeNull();
  });
});
