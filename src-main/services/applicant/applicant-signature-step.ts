import { APPLICANT_STEP_CODES, applicantScreenOf } from '../../domain/applicant';
import { findSignature } from '../../store/repositories/case-signatures';
import type { CaseRecord } from '../../store/repositories/cases';
import { profileById } from '../shared/profiles';
import type { ServiceContext } from '../shared/service-context';

/**
 * What the applicant's signature step means for one case: whether its province profile
 * asks for it, whether it is there. Kept apart from the handover desk so that the desk's
 * submit check can use it without a cycle between the two.
 */

/** Whether the case's province has the applicant sign on the screen. */
export function signatureUsed(ctx: ServiceContext, record: CaseRecord): boolean {
  return applicantScreenOf(profileById(ctx, record.profileId)).signature !== 'off';
}

/** Whether the case's province makes the signature a step submit needs. */
export function signatureRequired(ctx: ServiceContext, record: CaseRecord): boolean {
  return applicantScreenOf(profileById(ctx, record.profileId)).signature === 'required';
}

/** Whether the applicant has signed this case on the screen (even if purged since). */
export function hasSigned(ctx: ServiceContext, record: CaseRecord): boolean {
  return findSignature(ctx.db, record.id) !== undefined;
}

/**
 * The signature step's code while it is missing and the profile requires it; the caller
 * asks only where the counter requires the applicant's screen at all.
 */
export function signatureMissingCodes(ctx: ServiceContext, record: CaseRecord): string[] {
  return signatureRequired(ctx, record) && !hasSigned(ctx, record)
    ? [APPLICANT_STEP_CODES.signature]
    : [];
}

/** The signature step as the applicant's screen shows it, or null where it is not used. */
export function signatureStepOf(
  ctx: ServiceContext,
  record: CaseRecord,
): { signed: boolean } | null {
  return signatureUsed(ctx, record) ? { signed: hasSigned(ctx, record) } : null;
}

/** The signature's PNG for the receipt, or null (not signed, not used, purged or lost). */
export function signaturePngOf(ctx: ServiceContext, record: CaseRecord): Uint8Array | null {
  const kept = findSignature(ctx.db, record.id);
  if (!kept?.pngSha256) return null;
  try {
    return new Uint8Array(ctx.vault.get(kept.pngSha256));
  } catch {
    return null;
  }
}
