import type { TrainingCard } from '../../contract/idcard-channels';
import type { ErrorCode } from '../../contract/errors';
import type { CardPhoto, CardRead, DeviceStatus } from '../../contract/schemas';
import type { ReaderFault } from '../../domain/ports/id-card-reader';
import { idCardToPersonValues, isExpired } from '../../domain/id-card';
import { readArchiveInfo } from '../../store/repositories/archive';
import { appendAudit } from '../../store/repositories/audit-log';
import { findCardPhoto, saveCardPhoto } from '../../store/repositories/card-photos';
import { findCaseByNumber, openCaseNumbersWithKey } from '../../store/repositories/cases';
import { applyDeviceValues } from '../cases/case-field-locks';
import { caseTypeOf, OPEN_STATES } from '../shared/case-view';
import { recordDeviceFieldUnlock, requireCase, requireEditable } from '../cases/cases';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

const CARD_KIND_LABELS = {
  resident: '居民身份证',
  'hk-mo-tw-permit': '港澳台居民居住证',
  foreigner: '外国人永久居留证',
} as const;

/** The error each reader fault reaches the screen as. */
const FAULT_CODES: Record<ReaderFault, ErrorCode> = {
  'no-answer': 'READER_NO_ANSWER',
  'cut-off': 'READER_CUT_OFF',
  'bad-data': 'READER_BAD_DATA',
  disconnected: 'READER_DISCONNECTED',
  'not-found': 'READER_NOT_FOUND',
  'card-refused': 'READER_FAILED',
};

/** The ID card reader's line in the device status area. */
export function idcardStatus(ctx: ServiceContext): DeviceStatus {
  return ctx.idcard.status(getSettings(ctx));
}

/** Where a card's values go: one party of one case. */
interface CardTarget {
  caseNumber: string;
  party: string;
}

/** The case and its type a card is read into, refused before the reader is asked. */
function requireCardTarget(ctx: ServiceContext, target: CardTarget) {
  const record = requireCase(ctx, target.caseNumber);
  requireEditable(record);
  const caseType = caseTypeOf(profileById(ctx, record.profileId), record);
  if (!caseType?.fields.some((field) => field.party === target.party)) {
    throw new UseCaseError('BAD_REQUEST', { message: '该办件没有这一方当事人。' });
  }
  return { record, caseType };
}

/**
 * Waits for a card on the reader (the screen asks only while its form wants one) and
 * returns the person's values for the form, whether the card has expired, and the open
 * cases of this hall that carry the same number. The read is audited without its content.
 * With a case and party, the values are written into the case at once and those fields
 * locked there (来自身份证) until an audited unlock. A newer wait ends this one.
 */
export async function waitForCard(
  ctx: ServiceContext,
  actor: Actor,
  input: { timeoutMs: number; caseNumber?: string | undefined; party?: string | undefined },
): Promise<CardRead | null> {
  const settings = getSettings(ctx);
  if (!ctx.idcard.isConfigured(settings)) throw new UseCaseError('READER_NOT_CONFIGURED');
  const target =
    input.caseNumber && input.party ? { caseNumber: input.caseNumber, party: input.party } : null;
  if (target) requireCardTarget(ctx, target);
  const outcome = await ctx.idcard.waitForCard(settings, input.timeoutMs);
  if (outcome.kind === 'timeout') return null;
  if (outcome.kind === 'superseded') throw new UseCaseError('READER_WAIT_REPLACED');
  if (outcome.kind === 'failed') {
    // The reader's and the connector's own words are sharper for a refused card or a port
    // that cannot be opened; wire faults keep their code's message.
    const own = outcome.fault === 'card-refused' || outcome.fault === 'not-found';
    throw new UseCaseError(FAULT_CODES[outcome.fault], own ? { message: outcome.message } : {});
  }
  const card = outcome.card;
  const expired = isExpired(card, ctx.clock.now());
  const values = idCardToPersonValues(card);
  const now = nowIso(ctx);
  const photoKept = keepPhoto(ctx, card.kind, card.photo, input);
  appendAudit(ctx.db, {
    at: now,
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'idcard.read',
    subject: target?.caseNumber ?? null,
    detail: { cardKind: card.kind, expired, photoKept },
  });
  ctx.db
    .transaction(() => {
      if (!target) return;
      // The case may have moved on while the reader waited: check it again.
      const { record, caseType } = requireCardTarget(ctx, target);
      applyDeviceValues(ctx, record, caseType, {
        source: 'idcard',
        values: Object.fromEntries(
          Object.entries(values).map(([field, value]) => [`${target.party}.${field}`, value]),
        ),
        now,
      });
    })
    .immediate();
  return {
    cardKind: card.kind,
    cardLabel: CARD_KIND_LABELS[card.kind],
    values,
    expired,
    photoKept,
    openCases: openCaseNumbersWithKey(
      ctx.db,
      { kind: 'id-number', value: card.idNumber.toUpperCase() },
      OPEN_STATES,
    ),
  };
}

/** Ends the wait in progress: a card placed afterwards fills nobody. */
export function cancelCardWait(ctx: ServiceContext): Record<string, never> {
  ctx.idcard.cancelWait();
  return {};
}

/** Training reader only: places a sample card, as a trainee would put a card down. */
export function placeTrainingCard(
  ctx: ServiceContext,
  input: { sample: TrainingCard } = { sample: 'delegator' },
): Record<string, never> {
  if (!ctx.idcard.placeTrainingCard(getSettings(ctx), input.sample)) {
    throw new UseCaseError('READER_NOT_TRAINING');
  }
  return {};
}

/** Records that a clerk unlocked a field the card had filled, to type over it. */
export function recordCardFieldUnlock(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string; field: string },
): Record<string, never> {
  return recordDeviceFieldUnlock(ctx, actor, 'case.card-field-unlocked', input);
}

/**
 * Keeps the card's photo (its WLT bytes, sealed in the vault like a scan) with the case and
 * person the screen read it for; an archived case or a card without a photo keeps nothing.
 */
function keepPhoto(
  ctx: ServiceContext,
  cardKind: string,
  photo: Uint8Array,
  input: { caseNumber?: string | undefined; party?: string | undefined },
): boolean {
  if (!input.caseNumber || !input.party || photo.length === 0 || photo.every((b) => b === 0)) {
    return false;
  }
  const record = findCaseByNumber(ctx.db, input.caseNumber);
  if (!record || record.state === 'archived') return false;
  const photoSha256 = ctx.vault.put(photo);
  saveCardPhoto(ctx.db, record.id, {
    party: input.party,
    photoSha256,
    cardKind,
    readAt: nowIso(ctx),
  });
  return true;
}

/**
 * The photo of one person of a case, for the clerk to compare with the face: the picture
 * when the vendor's decoder library is installed, otherwise a plain statement that it is
 * kept but cannot be shown. It is never printed.
 */
export async function cardPhoto(
  ctx: ServiceContext,
  input: { caseNumber: string; party: string },
): Promise<CardPhoto> {
  const record = findCaseByNumber(ctx.db, input.caseNumber);
  if (!record) throw new UseCaseError('CASE_NOT_FOUND');
  const kept = findCardPhoto(ctx.db, record.id, input.party);
  if (!kept) {
    // The purge takes the photo with the person's data: say so, not "never read".
    const purged = readArchiveInfo(ctx.db, record.id).personalDataPurgedAt !== null;
    const note = purged ? '证件照片已随个人信息按保存期限清除。' : '尚未从身份证读取照片。';
    return { kept: false, readAt: null, image: null, note };
  }
  if (!ctx.vault.has(kept.photoSha256)) {
    return { kept: false, readAt: kept.readAt, image: null, note: '证件照片已按保存期限清除。' };
  }
  const decoder = await ctx.idcard.photoDecoder(getSettings(ctx));
  if (!decoder) {
    return {
      kept: true,
      readAt: kept.readAt,
      image: null,
      note: '证件照片已随办件加密保存；本机未安装读卡器厂商的照片解码库，无法显示照片，请核对证件原件上的照片。',
    };
  }
  const bmp = decoder.decode(ctx.vault.get(kept.photoSha256));
  if (!bmp) {
    return {
      kept: true,
      readAt: kept.readAt,
      image: null,
      note: '照片解码库无法解码这张照片，请核对证件原件上的照片。',
    };
  }
  return {
    kept: true,
    readAt: kept.readAt,
    image: `data:image/bmp;base64,${Buffer.from(bmp).toString('base64')}`,
    note: '',
  };
}
