import type {
  ApplicantCardPhotos,
  SignatureStatus,
} from '../../contract/applicant-signature-channels';
import {
  judgeSignature,
  SIGNATURE_HEIGHT,
  SIGNATURE_PNG_MAX_BYTES,
  SIGNATURE_WIDTH,
  signatureRefusals,
} from '../../domain/applicant-signature';
import type { CaseState } from '../../domain/case-state';
import { appendAudit } from '../../store/repositories/audit-log';
import { readCaseApplicant } from '../../store/repositories/case-applicant';
import {
  findSignature,
  isVaultFileInUse,
  saveSignature,
} from '../../store/repositories/case-signatures';
import { requireCase } from '../cases/cases';
import { cardPhoto } from '../idcard/idcard';
import { caseTypeOf } from '../shared/case-view';
import { profileById } from '../shared/profiles';
import type { ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';
import { applicantScreenRequired, requireHandover } from './applicant';
import { signaturePngOf, signatureRequired, signatureUsed } from './applicant-signature-step';
import { readSignaturePng } from './signature-png';

/**
 * The applicant's signature on their own touch screen, and the card photo shown there. The
 * printed forms stay the legal record; the drawn signature is kept with the case, sealed in
 * the attachment vault like a scan, shown to the clerk as a small preview, printed on the
 * receipt, and removed with the scans by the retention purge.
 */

/** States in which the applicant may still sign (the case has not left the counter). */
const PREPARING: readonly CaseState[] = ['draft', 'collecting', 'ready', 'refused'];

/** The applicant signs (确认签名): the PNG from the pad, checked again here, then sealed. */
export function signByApplicant(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; pngBase64: string },
): { ok: true } {
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  if (!signatureUsed(ctx, record)) throw new UseCaseError('APPLICANT_SIGNATURE_NOT_USED');
  const steps = readCaseApplicant(ctx.db, record.id);
  if (
    steps.confirmAnswer !== 'correct' ||
    steps.consentGiven !== true ||
    !PREPARING.includes(record.state)
  ) {
    throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  }
  const bytes = Buffer.from(input.pngBase64, 'base64');
  if (bytes.length > SIGNATURE_PNG_MAX_BYTES) throw new UseCaseError('APPLICANT_SIGNATURE_INVALID');
  const png = readSignaturePng(bytes, SIGNATURE_WIDTH * SIGNATURE_HEIGHT);
  if (!png || png.width !== SIGNATURE_WIDTH || png.height !== SIGNATURE_HEIGHT) {
    throw new UseCaseError('APPLICANT_SIGNATURE_INVALID');
  }
  const verdict = judgeSignature(png);
  if (verdict !== 'ok') {
    throw new UseCaseError('APPLICANT_SIGNATURE_TOO_SHORT', {
      message: signatureRefusals[verdict],
    });
  }
  const sha256 = ctx.vault.put(bytes);
  const replaced = ctx.db.transaction(() => {
    const before = saveSignature(ctx.db, record.id, {
      pngSha256: sha256,
      width: png.width,
      height: png.height,
      size: bytes.length,
      signedAt: nowIso(ctx),
    });
    appendAudit(ctx.db, {
      at: nowIso(ctx),
      actorId: null,
      actorName: '申请人屏幕',
      action: 'applicant.signed',
      subject: record.caseNumber,
      detail: { bytes: bytes.length },
    });
    return before && !isVaultFileInUse(ctx.db, before) ? before : null;
  })();
  if (replaced) ctx.vault.remove(replaced);
  return { ok: true };
}

/** The signature line of the clerk's handover panel, with the preview when asked. */
export function signatureStatus(
  ctx: ServiceContext,
  input: { caseNumber: string; image: boolean },
): SignatureStatus {
  const record = requireCase(ctx, input.caseNumber);
  const used = signatureUsed(ctx, record);
  const kept = findSignature(ctx.db, record.id);
  const required = signatureRequired(ctx, record) && applicantScreenRequired(ctx);
  const png = input.image && kept?.pngSha256 ? signaturePngOf(ctx, record) : null;
  return {
    used,
    required,
    signedAt: kept?.signedAt ?? null,
    purged: kept?.purgedAt != null,
    image: png ? `data:image/png;base64,${Buffer.from(png).toString('base64')}` : null,
  };
}

/**
 * The decoded card photos of the handed-over case's people, for the applicant's screen
 * beside their data (the clerk compares face and photo). Without the vendor's decoder there
 * are none: the device area already says why. Never printed.
 */
export async function applicantCardPhotos(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string },
): Promise<ApplicantCardPhotos> {
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  const caseType = caseTypeOf(profileById(ctx, record.profileId), record);
  const parties = [...new Set(caseType?.fields.map((field) => field.party) ?? [])];
  const photos: ApplicantCardPhotos['photos'] = [];
  for (const party of parties) {
    const photo = await cardPhoto(ctx, { caseNumber: record.caseNumber, party });
    if (photo.image)
      photos.push({ name: record.values[`${party}.name`] ?? '', image: photo.image });
  }
  return { photos };
}
