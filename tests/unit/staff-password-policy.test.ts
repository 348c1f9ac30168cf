import { describe, expect, it } from 'vitest';
import { staffPasswordProblem } from '../../src-main/domain/staff-password-policy';

describe('staff password policy', () => {
  it('accepts a password of letters and digits', () => {
    expect(staffPasswordProblem('counter2026', 'guiyuan1')).toBeNull();
  });

  it('refuses a password shorter than 8 characters', () => {
    expect(staffPasswordProblem('ab12', 'guiyuan1')).toBe('密码长度须为 8-32 位');
  });

  it('refuses a password of one character class only', () => {
    expect(staffPasswordProblem('abcdefghij', 'guiyuan1')).toBe(
      '密码须包含字母、数字、符号中的至少两类',
    );
  });

  it('refuses a password that contains the login name, whatever the case', () => {
    expect(staffPasswordProblem('GuiYuan1#x', 'guiyuan1')).toBe('密码不能包含登录名');
  });
});
