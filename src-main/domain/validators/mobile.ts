import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';

/** Checks a mainland mobile number: 11 digits starting with 1 and a 3-9 network digit. */
export function mobileProblem(value: string): FieldIssue | null {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return fieldError('手机号码只能包含数字，请去掉空格或横线');
  if (text.length !== 11) {
    return fieldError(`手机号码应为 11 位，当前为 ${text.length} 位，请核对`);
  }
  if (!/^1[3-9]\d{9}$/.test(text)) return fieldError('不是有效的大陆手机号码，请核对号段');
  return null;
}
