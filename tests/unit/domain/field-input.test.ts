import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseTypeDefinition, ProvinceProfile } from '../../../src-main/domain/profile';
import { findCaseType } from '../../../src-main/domain/profile';
import {
  normaliseCaseValues,
  normaliseFieldValue,
  validateCaseFields,
  validateField,
} from '../../../src-main/domain/validators';
import { loadProfiles } from '../../../src-main/store/profile-files';
import { creditCode, residentId } from '../../helpers/identity-fixtures';

const today = new Date('2026-11-24T10:00:00+08:00');
const PROFILES = join(import.meta.dirname, '..', '..', '..', 'resources', 'profiles');
const shanxi = loadProfiles(PROFILES).profiles.find(
  (profile) => profile.id === 'shanxi',
) as ProvinceProfile;
const personal = findCaseType(shanxi, {
  operation: 'register',
  subjectType: 'person',
  delegated: true,
}) as CaseTypeDefinition;

function field(key: string) {
  const found = personal.fields.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
}

const fullWidth = (text: string) =>
  [...text].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');

describe('what people type is accepted and normalised', () => {
  const id = residentId('140105', '1990-11-08', '024');

  it('takes full-width digits, spaces and a lower-case x in an ID number', () => {
    const withX = residentId('110105', '1949-12-31', '002');
    expect(withX.endsWith('X')).toBe(true);
    expect(normaliseFieldValue('resident-id', fullWidth(id))).toBe(id);
    expect(
      normaliseFieldValue('resident-id', `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`),
    ).toBe(id);
    expect(normaliseFieldValue('resident-id', withX.toLowerCase())).toBe(withX);
    expect(
      validateField(
        shanxi,
        field('agent.idNumber'),
        { 'agent.idNumber': ` ${fullWidth(id)} ` },
        today,
      ),
    ).toBeNull();
  });

  it('takes a credit code in lower case or with spaces', () => {
    const code = creditCode('91140104MA0H5D6E7');
    expect(normaliseFieldValue('uscc', code.toLowerCase())).toBe(code);
    expect(normaliseFieldValue('uscc', `${code.slice(0, 9)} ${code.slice(9)}`)).toBe(code);
  });

  it('reads dates typed as 20150301, 2015/03/01, 2015.3.1 or 2015年3月1日', () => {
    for (const typed of [
      '20150301',
      '2015/03/01',
      '2015.3.1',
      '2015年3月1日',
      fullWidth('2015-03-01'),
    ])
      expect(normaliseFieldValue('id-valid-from', typed)).toBe('2015-03-01');
    expect(normaliseFieldValue('id-valid-to', '长期')).toBe('长期');
  });

  it('stores the normalised values', () => {
    const stored = normaliseCaseValues(personal, {
      'agent.idNumber': id.toLowerCase().replace(/(\d{6})/, '$1 '),
      'agent.idValidFrom': '20170501',
      'agent.mobile': '138 1234 5678',
    });
    expect(stored).toMatchObject({
      'agent.idNumber': id,
      'agent.idValidFrom': '2017-05-01',
      'agent.mobile': '13812345678',
    });
  });
});

describe('date messages name the right field and the right fault', () => {
  const base = { 'agent.idNumber': residentId('140105', '1990-11-08', '024') };

  it('says a non-existent date does not exist, rather than that its layout is wrong', () => {
    const issue = validateField(
      shanxi,
      field('agent.idValidFrom'),
      { ...base, 'agent.idValidFrom': '2015-02-30', 'agent.idValidTo': '2025-02-28' },
      today,
    );
    expect(issue?.message).toContain('不是实际存在的日期');
  });

  it('tells 有效期止 about itself, not about 有效期起', () => {
    const issue = validateField(
      shanxi,
      field('agent.idValidTo'),
      { ...base, 'agent.idValidFrom': '2015-13-01', 'agent.idValidTo': '2035-0x-01' },
      today,
    );
    expect(issue?.message).toContain('有效期止');
    expect(issue?.message).not.toContain('有效期起');
  });

  it('shows a problem of the pair once, under 有效期止', () => {
    const issues = validateCaseFields(
      shanxi,
      personal,
      { ...base, 'agent.idValidFrom': '2026-11-24', 'agent.idValidTo': '2026-11-24' },
      today,
    );
    expect(issues['agent.idValidTo']?.message).toContain('须晚于');
    expect(issues['agent.idValidFrom']).toBeUndefined();
  });
});
