import type { ErrorCode } from '../contract/errors';
import type { CardRead, DeviceStatus } from '../contract/schemas';
import type { ReaderFault } from '../domain/ports/id-card-reader';
import { idCardToPersonValues, isExpired } from '../domain/id-card';
import { appendAudit } from '../store/repositories/audit-log';
import { openCaseNumbersWithKey } from '../store/repositories/cases';
import { OPEN_STATES } from './case-view';
import { recordDeviceFieldUnlock } from './cases';
import type { Actor, ServiceContext } from './service-context';
import { nowIso } from './service-context';
import { getSettings } from './settings';
import { UseCaseError } from './use-case-error';

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

/**
 * Waits for a card on the reader (the screen asks only while its form wants one) and
 * returns the person's values for the form, whether the card has expired, and the open
 * cases of this hall that carry the same number. The read is audited without its content.
 */
export async function waitForCard(
  ctx: ServiceContext,
  actor: Actor,
  input: { timeoutMs: number },
): Promise<CardRead | null> {
  const settings = getSettings(ctx);
  if (!ctx.idcard.isConfigured(settings)) throw new UseCaseError('READER_NOT_CONFIGURED');
  const outcome = await ctx.idcard.waitForCard(settings, input.timeoutMs);
  if (outcome.kind === 'timeout') return null;
  if (outcome.kind === 'failed') {
    // The reader's and the connector's own words are sharper for a refused card or a port
    // that cannot be opened; wire faults keep their code's message.
    const own = outcome.fault === 'card-refused' || outcome.fault === 'not-found';
    throw new UseCaseError(FAULT_CODES[outcome.fault], own ? { message: outcome.message } : {});
  }
  const card = outcome.card;
  const expired = isExpired(card, ctx.clock.now());
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'idcard.read',
    detail: { cardKind: card.kind, expired },
  });
  return {
    cardKind: card.kind,
    cardLabel: CARD_KIND_LABELS[card.kind],
    values: idCardToPersonValues(card),
    expired,
    openCases: openCaseNumbersWithKey(
      ctx.db,
      { kind: 'id-number', value: card.idNumber.toUpperCase() },
      OPEN_STATES,
    ),
  };
}

/** Training reader only: places the sample card, as a trainee would put a card down. */
export function placeTrainingCard(ctx: ServiceContext): Record<string, never> {
  if (!ctx.idcard.placeTrainingCard(getSettings(ctx))) {
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
