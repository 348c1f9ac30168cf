import type { z } from 'zod';
import type { ContractErrorPayload } from '../../../src-main/contract';
import { formatClock } from './format';

/** Field path (`username`, `settings.hallCode`) -> the Chinese message to show under it. */
export type FieldErrors = Record<string, string>;

/**
 * Codes the app answers by itself, whichever screen made the call: the lock screen for
 * SESSION_LOCKED, the login screen for NOT_LOGGED_IN. Screens do not show them a second time.
 */
export function isSessionError(error: ContractErrorPayload): boolean {
  return error.code === 'SESSION_LOCKED' || error.code === 'NOT_LOGGED_IN';
}

/** The two lines a user reads for an error: what happened, and what to do next. */
export function describeError(error: ContractErrorPayload): { title: string; detail: string } {
  // ACCOUNT_LOCKED carries the end of the lock: say the time, not just "later" (unless the
  // core's message already does).
  const clock = error.until ? formatClock(error.until) : '';
  const until = clock && !error.message.includes(clock) ? `账号已锁定至 ${clock}。` : '';
  return { title: error.message, detail: until + error.nextStep };
}

/**
 * Checks a form against the contract's own request schema, so the clerk sees the same
 * Chinese message before sending that the core would answer after.
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; fields: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= issue.message;
  }
  return { ok: false, fields };
}
