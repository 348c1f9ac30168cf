/** A problem with one value, in Chinese, saying how to fix it. Warnings never block. */
export interface FieldIssue {
  severity: 'error' | 'warning';
  message: string;
}

/** An error that blocks going on. */
export function fieldError(message: string): FieldIssue {
  return { severity: 'error', message };
}

/** A warning that is shown but does not block. */
export function fieldWarning(message: string): FieldIssue {
  return { severity: 'warning', message };
}
