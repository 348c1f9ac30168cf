import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';

/**
 * Checks the 18-character project code that social insurance issues to a temporary project
 * without a licence (Zhejiang manual: 其他非法人单位 register through the manual channel).
 * Its check scheme is not published, so only the form is checked.
 */
export function projectCodeProblem(value: string): FieldIssue | null {
  const text = value.trim().toUpperCase();
  if (text.length !== 18) {
    return fieldError(`项目编码应为 18 位，当前为 ${text.length} 位，请对照社保部门出具的编码核对`);
  }
  if (!/^[0-9A-Z]{18}$/.test(text)) return fieldError('项目编码只能包含数字和大写字母');
  return null;
}
