/** Limits of a counter staff password (not the platform's applicant password rules). */
export const STAFF_PASSWORD_MIN = 8;
export const STAFF_PASSWORD_MAX = 32;

/**
 * Checks a staff password: 8-32 characters, at least two of letters, digits and symbols, and
 * not containing the login name. Returns the problem in Chinese, or null when acceptable.
 */
export function staffPasswordProblem(password: string, username: string): string | null {
  if (password.length < STAFF_PASSWORD_MIN || password.length > STAFF_PASSWORD_MAX) {
    return `密码长度须为 ${STAFF_PASSWORD_MIN}-${STAFF_PASSWORD_MAX} 位`;
  }
  const classes = [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return '密码须包含字母、数字、符号中的至少两类';
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) {
    return '密码不能包含登录名';
  }
  return null;
}
