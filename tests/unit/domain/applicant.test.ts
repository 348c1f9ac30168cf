import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applicantPasswordRule,
  applicantScreenOf,
  birthDateOfIdNumber,
  consentParagraphs,
  passwordAccepted,
  passwordChecks,
} from '../../../src-main/domain/applicant';
import { provinceProfileSchema } from '../../../src-main/domain/profile';

function profile(id: string) {
  const path = join(import.meta.dirname, '..', '..', '..', 'resources', 'profiles', `${id}.json`);
  return provinceProfileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const zhejiang = profile('zhejiang');
const rule = applicantPasswordRule(zhejiang);
const context = { loginName: 'zhangwei88', birthDate: '19900307', mobile: '13812345678' };

describe("the applicant's password rule (Zhejiang: 8-20, 3 of 4 classes, not the login name)", () => {
  it('says in plain words which condition is not met yet', () => {
    const failed = (password: string) =>
      passwordChecks(rule, password, context)
        .filter((check) => !check.met)
        .map((check) => check.text);
    expect(failed('Ab1!')).toEqual(['长度 8 到 20 位（现在 4 位）']);
    expect(failed('abcdefgh1')).toEqual([
      '数字、大写字母、小写字母、符号中至少有 3 种（现在 2 种）',
    ]);
    expect(failed('Zhangwei88!x')).toEqual(['不包含登录名']);
    expect(failed('Pw#19900307')).toEqual(['不包含身份证上的出生日期']);
    expect(failed('Pw#900307ab')).toEqual(['不包含身份证上的出生日期']);
    expect(failed('Pw#13812345678')).toEqual(['不包含手机号']);
    expect(failed('Mima#中文2026')).toEqual(['只用键盘上的字母、数字和符号']);
    expect(passwordAccepted(rule, 'Qiang#Mima2026', context)).toBe(true);
    expect(passwordAccepted(rule, '', context)).toBe(false);
  });

  it('takes the birth date from an 18-digit ID number only', () => {
    expect(birthDateOfIdNumber('11010519900307123X')).toBe('19900307');
    expect(birthDateOfIdNumber('110105900307123')).toBe('');
  });
});

describe('the applicant screen in the province profiles', () => {
  it('carries a versioned consent notice with the retention periods filled in', () => {
    for (const id of ['shanxi', 'zhejiang', 'jiangsu', 'jilin']) {
      const screen = applicantScreenOf(profile(id));
      expect(screen.consent.version).toBe(`${id}-2026-1`);
      const text = consentParagraphs(screen, { attachmentDays: 365, personalDataDays: 1095 });
      expect(text.join('')).toContain('保存 365 天');
      expect(text.join('')).toContain('保存 1095 天');
      expect(text.join('')).not.toContain('{');
    }
  });
});
