import { describe, expect, it } from 'vitest';
import type { IdentityDocument } from '../../../src-main/domain/validators';
import { identityDocumentProblem } from '../../../src-main/domain/validators';
import { residentId } from '../../helpers/identity-fixtures';

const TODAY = new Date('2026-12-01T10:00:00+08:00');
const ok = (document: IdentityDocument, value: string) =>
  identityDocumentProblem(document, value, TODAY);

describe('证件号码 checked by the chosen 证件类型', () => {
  it('accepts the 2017 foreigner permanent residence card: 3 letters and 12 digits', () => {
    // 15 characters fail the 18-character resident ID check; as their own document they pass.
    expect(ok('resident-id', 'USA330112345678')).not.toBeNull();
    expect(ok('foreign-permanent', 'USA330112345678')).toBeNull();
    expect(ok('foreign-permanent', 'usa330112345678')).toBeNull();
  });

  it('accepts the 2023 permanent residence card with an 18-character number starting with 9', () => {
    const number = residentId('933101', '1985-06-01', '123');
    expect(ok('foreign-permanent', number)).toBeNull();
    expect(ok('foreign-permanent', residentId('110105', '1985-06-01', '123'))?.message).toContain(
      '以 9 开头',
    );
  });

  it('checks the Hong Kong / Macao permit, the Taiwan permit, the residence permit and passports', () => {
    expect(ok('hk-mo-permit', 'H12345678')).toBeNull();
    expect(ok('hk-mo-permit', 'M1234567801')).toBeNull();
    expect(ok('hk-mo-permit', 'X12345678')?.message).toContain('H 或 M');
    expect(ok('tw-permit', '12345678')).toBeNull();
    expect(ok('tw-permit', '1234567')?.message).toContain('8 位数字');
    expect(ok('hmt-residence', residentId('810000', '1990-01-01', '123'))).toBeNull();
    expect(ok('hmt-residence', residentId('110105', '1990-01-01', '123'))?.message).toContain(
      '810000',
    );
    expect(ok('passport', 'E12345678')).toBeNull();
    expect(ok('passport', 'E-123')?.message).toContain('护照');
  });

  it('keeps the resident ID check (GB 11643) for 居民身份证', () => {
    expect(ok('resident-id', '11010519491231002X')).toBeNull();
    expect(ok('resident-id', '110105194912310021')?.message).toBeTruthy();
  });
});
