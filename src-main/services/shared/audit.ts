import type { AuditEntry, AuditVerification } from '../../contract/schemas';
import { auditActionLabel } from '../../domain/audit-actions';
import { recentAudit, verifyAuditChain } from '../../store/repositories/audit-log';
import type { ServiceContext } from './service-context';

/** Verifies the whole audit chain. */
export function verifyAudit(ctx: ServiceContext): AuditVerification {
  return verifyAuditChain(ctx.db);
}

/** The newest audit entries with their labels. */
export function listRecentAudit(ctx: ServiceContext, limit: number): AuditEntry[] {
  return recentAudit(ctx.db, limit).map((record) => ({
    id: record.id,
    at: record.at,
    actorName: record.actorName,
    action: record.action,
    actionLabel: auditActionLabel(record.action),
    subject: record.subject,
  }));
}
