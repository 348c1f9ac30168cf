import { appendAudit } from '../../store/repositories/audit-log';
import type { ServiceContext } from './service-context';
import { nowIso } from './service-context';

/** The background jobs of the core, as the audit log names them. */
export type BackgroundJob =
  | 'export'
  | 'daily-run'
  | 'purge'
  | 'archive-batch'
  | 'outbox'
  | 'reader-polling'
  | 'unhandled-rejection'
  | 'uncaught-exception';

/**
 * What may be said of an error without personal data: its class and its system code
 * (ENOSPC, EACCES...), never its message, which can quote a path or a typed value.
 */
export function errorKind(error: unknown): { kind: string; code: string | null } {
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return { kind, code: typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : null };
}

/**
 * Records a background job's failure in the audit log and on standard error. Never throws:
 * it is called where a throw would end the process.
 */
export function recordJobFailure(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  job: BackgroundJob,
  error: unknown,
  action: 'core.job-failed' | 'core.unexpected-error' = 'core.job-failed',
): void {
  const { kind, code } = errorKind(error);
  console.error(`[core] ${job} failed: ${kind}${code ? ` ${code}` : ''}`);
  try {
    if (!ctx.db.open) return;
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: null,
      actorName: null,
      action,
      subject: job,
      detail: { kind, code },
    });
  } catch {
    // The store itself may be what failed; the line on standard error stays.
  }
}
