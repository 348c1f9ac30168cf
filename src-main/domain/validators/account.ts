import type { ProvinceProfile } from '../profile';
import type { FieldIssue } from './field-issue';
import { fieldError, fieldWarning } from './field-issue';
import { mobileProblem } from './mobile';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a platform login name against the province's rule (e.g. Zhejiang 6-18, Jilin 8-20). */
export function usernameProblem(profile: ProvinceProfile, value: string): FieldIssue | null {
  return usernameRuleProblem(profile.usernameRule, value);
}

/**
 * The same check against the rule alone, for the applicant's screen, which has the rule of
 * its case but not the whole profile.
 */
export function usernameRuleProblem(
  rule: ProvinceProfile['usernameRule'],
  value: string,
): FieldIssue | null {
  const text = value.trim();
  if (rule.allowEmail && EMAIL.test(text)) return null;
  if (rule.allowMobile && /^\d{11}$/.test(text) && !mobileProblem(text)) return null;
  const pattern = new RegExp(rule.pattern);
  if (text.length < rule.minLength || text.length > rule.maxLength || !pattern.test(text)) {
    return fieldError(`登录名不符合要求：${rule.description}`);
  }
  return null;
}

const CLASSES = [/\d/, /[A-Z]/, /[a-z]/, /[^A-Za-z0-9]/];

/**
 * Checks an applicant's platform password against the province's rule. The clerk never types
 * it (DOMAIN.md): this runs on the applicant-facing screen, and in the core before sending.
 */
export function passwordProblem(
  profile: ProvinceProfile,
  password: string,
  username: string,
): FieldIssue | null {
  const rule = profile.passwordRule;
  if (password.length < rule.minLength || password.length > rule.maxLength) {
    return fieldError(`密码长度须为 ${rule.minLength}-${rule.maxLength} 位`);
  }
  const classes = CLASSES.filter((re) => re.test(password)).length;
  if (classes < rule.minClasses) {
    return fieldError(`密码须包含数字、大写字母、小写字母、特殊字符中的至少 ${rule.minClasses} 类`);
  }
  const name = username.trim().toLowerCase();
  if (rule.mustNotContainUsername && name && password.toLowerCase().includes(name)) {
    return fieldError('密码不能包含登录名');
  }
  if (/(\d)\1{3,}|1234|abcd|qwer/i.test(password)) return fieldWarning(rule.advice);
  return null;
}
