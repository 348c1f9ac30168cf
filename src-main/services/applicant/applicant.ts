import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { ApplicantView, HandoverStatus } from '../../contract/applicant-channels';
import type { HandoverState, RatingLevel, SealedSecret } from '../../domain/applicant';
import {
  APPLICANT_STEP_CODES,
  applicantPasswordRule,
  applicantStepLabels,
  applicantScreenOf,
  birthDateOfIdNumber,
  consentParagraphs,
  handoverStateLabels,
  ratingLabels,
  ratingReasons,
  SEALING_INFO,
  SEALING_INFO_SECRETS,
  sealingAad,
} from '../../domain/applicant';
import type { ApplicantSecret } from '../../domain/operations/operation';
import { applicantSecretsOf } from '../../domain/operations/operation';
import type { FieldDefinition, ProvinceProfile } from '../../domain/profile';
import { profileForSubject, setByApplicant } from '../../domain/profile';
import { normaliseFieldValue, validateField } from '../../domain/validators';
import type { CaseState } from '../../domain/case-state';
import { appendAudit } from '../../store/repositories/audit-log';
import type { CaseApplicantRecord } from '../../store/repositories/case-applicant';
import {
  readCaseApplicant,
  resetApplicantSteps,
  saveConfirmation,
  saveConsent,
  saveRating,
  saveSealedPassword,
} from '../../store/repositories/case-applicant';
import type { CaseRecord } from '../../store/repositories/cases';
import { saveCaseValues } from '../../store/repositories/cases';
import { readSyncCounter } from '../../store/repositories/outbox';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import { sendPendingRatings } from './applicant-rating-sync';
import { signatureMissingCodes, signatureStepOf } from './applicant-signature-step';
import { pinnedSealingKey, sealingKeyForScreen } from './applicant-sealing-key';
import { loadCaseDetail, requireCase } from '../cases/cases';
import { FORM_TITLES } from '../printing/printing';
import { caseDisplay, caseSearchKeys } from '../shared/case-keys';
import { caseTypeOf } from '../shared/case-view';
import { profileById } from '../shared/profiles';
import { getRetentionSettings } from '../archive/retention';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

/**
 * The applicant's own screen, on the core's side: pairing a screen with the counter, handing
 * one case to it, and what the applicant does there (confirm, consent, password, rating).
 * The screen is a caller of its own (role `applicant`): it reaches only the case the clerk has
 * handed over, and only while the clerk's session is signed in and unlocked.
 */

/** A pairing code lives this long. */
export const PAIRING_CODE_MS = 5 * 60_000;
/** Wrong codes allowed within PAIRING_WINDOW_MS before pairing pauses. */
const PAIRING_FAILURES_MAX = 5;
const PAIRING_WINDOW_MS = 5 * 60_000;
/** Without a touch for this long, the applicant's screen clears itself. */
export const APPLICANT_IDLE_MS = 2 * 60_000;

/** States in which the applicant confirms, consents and sets the password. */
const PREPARING: readonly CaseState[] = ['draft', 'collecting', 'ready', 'refused'];
/** States in which the case has left the counter and may be rated. */
const SUBMITTED: readonly CaseState[] = ['submitted', 'accepted', 'manual-review'];

interface Handover {
  caseId: number;
  caseNumber: string;
  clerk: Actor;
  /** False once the clerk's session has logged out or locked. */
  clerkPresent: () => boolean;
  startedAt: number;
  lastTouchAt: number;
}

/** A paired browser screen not heard from for this long (its page closed) is unpaired. */
export const SCREEN_GONE_MS = 5 * 60_000;

/** The core's in-memory state of the applicant screen (nothing personal is kept here). */
class ApplicantDesk {
  pairing: { code: string; expiresAt: number; clerkPresent: () => boolean } | null = null;
  failures: number[] = [];
  pausedUntil = 0;
  screenId: string | null = null;
  /**
   * While the clerk who showed the pairing code is signed in and unlocked (a browser screen);
   * null for the desktop shell's own window, which is the applicant's screen for good.
   */
  pairedBy: (() => boolean) | null = null;
  screenSeenAt = 0;
  handover: Handover | null = null;
}

const desks = new WeakMap<ServiceContext, ApplicantDesk>();

function deskOf(ctx: ServiceContext): ApplicantDesk {
  let desk = desks.get(ctx);
  if (!desk) {
    desk = new ApplicantDesk();
    desks.set(ctx, desk);
  }
  return desk;
}

function nowMs(ctx: ServiceContext): number {
  return ctx.clock.now().getTime();
}

function audit(
  ctx: ServiceContext,
  actor: Actor | null,
  action: Parameters<typeof appendAudit>[1]['action'],
  subject: string | null,
  detail?: Record<string, string | number | boolean | null>,
): void {
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? '申请人屏幕',
    action,
    subject,
    detail,
  });
}

// ---------------------------------------------------------------------------------------
// Settings: whether this counter has an applicant screen (then submit needs its steps).

const settingsSchema = z.object({ required: z.boolean() });
const SETTINGS_KEY = 'applicant-screen';

/** Whether submit needs the applicant's confirmation, consent and password on this counter. */
export function applicantScreenRequired(ctx: ServiceContext): boolean {
  const parsed = settingsSchema.safeParse(readSetting(ctx.db, SETTINGS_KEY));
  return parsed.success ? parsed.data.required : false;
}

/**
 * Whether this counter has an applicant screen: the supervisor says so, or one is paired now.
 * Without one, an operation whose secrets only the applicant may type is refused.
 */
export function applicantScreenPresent(ctx: ServiceContext): boolean {
  return applicantScreenRequired(ctx) || deskOf(ctx).screenId !== null;
}

/** The supervisor switches the requirement on or off (audited). */
export function setApplicantScreenRequired(
  ctx: ServiceContext,
  actor: Actor,
  required: boolean,
): { required: boolean } {
  ctx.db.transaction(() => {
    writeSetting(ctx.db, SETTINGS_KEY, { required }, nowIso(ctx));
    audit(ctx, actor, 'applicant.settings-updated', null, { required });
  })();
  return { required };
}

// ---------------------------------------------------------------------------------------
// Pairing.

/** A fresh six-digit code for the clerk's screen; the previous one stops working. */
export function createPairingCode(
  ctx: ServiceContext,
  actor: Actor,
  clerkPresent: () => boolean = () => true,
): { code: string; expiresAt: string } {
  const desk = deskOf(ctx);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = nowMs(ctx) + PAIRING_CODE_MS;
  desk.pairing = { code, expiresAt, clerkPresent };
  audit(ctx, actor, 'applicant.pairing-code', null);
  return { code, expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * Pairs the calling screen with the counter. The code is used once; wrong codes are counted,
 * and after five within five minutes pairing pauses and the code is void.
 */
export function pairScreen(ctx: ServiceContext, screenId: string, code: string): { paired: true } {
  const desk = deskOf(ctx);
  const now = nowMs(ctx);
  if (now < desk.pausedUntil) throw new UseCaseError('APPLICANT_PAIRING_LOCKED');
  const valid = desk.pairing && desk.pairing.expiresAt > now && desk.pairing.code === code;
  if (!valid) {
    desk.failures = [...desk.failures.filter((at) => now - at < PAIRING_WINDOW_MS), now];
    audit(ctx, null, 'applicant.pairing-refused', null, { failures: desk.failures.length });
    if (desk.failures.length >= PAIRING_FAILURES_MAX) {
      desk.pausedUntil = now + PAIRING_WINDOW_MS;
      desk.pairing = null;
      desk.failures = [];
      throw new UseCaseError('APPLICANT_PAIRING_LOCKED');
    }
    throw new UseCaseError('APPLICANT_PAIRING_INVALID');
  }
  const clerkPresent = desk.pairing?.clerkPresent ?? (() => false);
  desk.pairing = null;
  desk.failures = [];
  bindScreen(ctx, screenId, clerkPresent);
  return { paired: true };
}

/**
 * Makes the given caller the counter's applicant screen: a browser screen paired by code
 * (bound to the clerk who showed it), or Electron's window directly (`pairedBy` null).
 */
export function bindScreen(
  ctx: ServiceContext,
  screenId: string,
  pairedBy: (() => boolean) | null = null,
): void {
  const desk = deskOf(ctx);
  desk.screenId = screenId;
  desk.pairedBy = pairedBy;
  desk.screenSeenAt = nowMs(ctx);
  desk.handover = null;
  audit(ctx, null, 'applicant.screen-paired', null);
}

/** Forgets a screen that went away (its window closed, its session ended). */
export function unbindScreen(ctx: ServiceContext, screenId: string): void {
  const desk = deskOf(ctx);
  if (desk.screenId === screenId) unpair(ctx, null, 'screen-closed');
}

function unpair(ctx: ServiceContext, actor: Actor | null, reason: string): void {
  const desk = deskOf(ctx);
  if (!desk.screenId) return;
  desk.screenId = null;
  desk.pairedBy = null;
  const handover = desk.handover;
  desk.handover = null;
  audit(ctx, actor, 'applicant.screen-unpaired', handover?.caseNumber ?? null, { reason });
}

/**
 * A browser screen's pairing ends when the clerk who paired it locks, logs out or goes idle
 * past the lock time, or when the screen has not been heard from for SCREEN_GONE_MS.
 */
function expirePairing(ctx: ServiceContext): void {
  const desk = deskOf(ctx);
  if (!desk.screenId || !desk.pairedBy) return;
  if (!desk.pairedBy()) unpair(ctx, null, 'counter-locked');
  else if (nowMs(ctx) - desk.screenSeenAt >= SCREEN_GONE_MS) unpair(ctx, null, 'screen-idle');
}

/**
 * 解除配对 on the clerk's side: a browser screen goes back to its pairing prompt. The desktop
 * shell's own window is the applicant's screen for good and stays.
 */
export function unpairScreen(ctx: ServiceContext, actor: Actor): { paired: boolean } {
  const desk = deskOf(ctx);
  if (desk.pairedBy) unpair(ctx, actor, 'clerk');
  return { paired: desk.screenId !== null };
}

// ---------------------------------------------------------------------------------------
// Handover (the clerk's side).

function activeHandover(ctx: ServiceContext): Handover | null {
  expirePairing(ctx);
  const desk = deskOf(ctx);
  const handover = desk.handover;
  if (!handover) return null;
  let reason: string | null = null;
  if (!handover.clerkPresent()) reason = 'counter-locked';
  else if (nowMs(ctx) - handover.lastTouchAt >= APPLICANT_IDLE_MS) reason = 'idle';
  else {
    const record = requireCase(ctx, handover.caseNumber);
    if (![...PREPARING, ...SUBMITTED].includes(record.state)) reason = 'case-finished';
  }
  if (reason) {
    desk.handover = null;
    audit(ctx, null, 'applicant.cleared', handover.caseNumber, { reason });
    return null;
  }
  return handover;
}

/** Hands a case to the applicant's screen (交给申请人确认, or for the rating after submit). */
export function handOver(
  ctx: ServiceContext,
  actor: Actor,
  clerkPresent: () => boolean,
  caseNumber: string,
): HandoverStatus {
  const desk = deskOf(ctx);
  expirePairing(ctx);
  if (!desk.screenId) throw new UseCaseError('APPLICANT_SCREEN_NOT_PAIRED');
  const record = requireCase(ctx, caseNumber);
  if (![...PREPARING, ...SUBMITTED].includes(record.state)) {
    throw new UseCaseError('CASE_TRANSITION_REFUSED', {
      message: '该办件已办结或已撤销，不能再交给申请人。',
      nextStep: '请打开正在办理的办件。',
    });
  }
  const now = nowMs(ctx);
  ctx.db.transaction(() => {
    const steps = readCaseApplicant(ctx.db, record.id);
    // 有误 was answered: the clerk corrected the case, so the applicant starts again.
    if (steps.confirmAnswer === 'incorrect' || steps.consentGiven === false) {
      resetApplicantSteps(ctx.db, record.id);
    }
    audit(ctx, actor, 'applicant.handed-over', record.caseNumber);
  })();
  desk.handover = {
    caseId: record.id,
    caseNumber: record.caseNumber,
    clerk: actor,
    clerkPresent,
    startedAt: now,
    lastTouchAt: now,
  };
  return handoverStatus(ctx, caseNumber);
}

/** Takes the case back from the applicant's screen; the screen goes back to its welcome. */
export function takeBack(ctx: ServiceContext, actor: Actor, caseNumber: string): HandoverStatus {
  const desk = deskOf(ctx);
  if (desk.handover?.caseNumber === caseNumber) {
    desk.handover = null;
    audit(ctx, actor, 'applicant.taken-back', caseNumber);
  }
  return handoverStatus(ctx, caseNumber);
}

function stateOf(
  record: CaseRecord,
  steps: CaseApplicantRecord,
  handedOver: boolean,
): HandoverState {
  if (steps.rating) return 'rated';
  if (steps.passwordSetAt && (steps.hasSealedPassword || SUBMITTED.includes(record.state))) {
    return 'password-set';
  }
  if (steps.confirmAnswer === 'incorrect') return 'correction';
  if (steps.confirmAnswer === 'correct' && steps.consentGiven !== false) {
    return handedOver && steps.consentGiven === null ? 'confirming' : 'confirmed';
  }
  return handedOver ? 'confirming' : 'none';
}

/** The handover panel on the clerk's case page. */
export function handoverStatus(ctx: ServiceContext, caseNumber: string): HandoverStatus {
  const record = requireCase(ctx, caseNumber);
  const steps = readCaseApplicant(ctx.db, record.id);
  const current = activeHandover(ctx);
  const handedOver = current?.caseNumber === caseNumber;
  const state = stateOf(record, steps, handedOver);
  const screen = applicantScreenOf(profileById(ctx, record.profileId));
  let notice: { message: string; nextStep: string } | null = null;
  if (steps.confirmAnswer === 'incorrect') {
    notice = {
      message: '申请人认为信息有误，请柜员修改。',
      nextStep: '请收回屏幕，与申请人核对并修改后，再次“交给申请人确认”。',
    };
  } else if (steps.consentGiven === false) {
    notice = {
      message: '申请人不同意个人信息处理告知，本办件不能继续。',
      nextStep:
        '请向申请人说明信息的用途和保存期限；仍不同意时请撤销本办件，可再次交给申请人阅读。',
    };
  }
  return {
    paired: deskOf(ctx).screenId !== null,
    pairedByCode: deskOf(ctx).screenId !== null && deskOf(ctx).pairedBy !== null,
    handedOver,
    busyWithOther: current !== null && !handedOver ? current.caseNumber : null,
    state,
    label: handoverStateLabels[state],
    confirmed: steps.confirmAnswer === 'correct' ? steps.confirmedAt : null,
    consented: steps.consentGiven === true ? steps.consentVersion : null,
    passwordSet: steps.passwordSetAt !== null,
    // An operation's own secrets are typed on the screen whatever registration does.
    activation:
      secretStepOf(profileById(ctx, record.profileId), record)?.envelope === 'secrets'
        ? 'password'
        : screen.activation,
    rating: steps.rating ? ratingLabels[steps.rating] : null,
    required: applicantScreenRequired(ctx),
    missing: PREPARING.includes(record.state)
      ? applicantMissingCodes(ctx, record).map((code) => applicantStepLabels[code] ?? code)
      : [],
    notice,
  };
}

/**
 * The applicant steps still missing for submit (their codes), where this counter requires
 * them: confirmation of exactly the current values, consent, and for registrations in a
 * province that sets the password at the counter, the sealed password.
 */
export function applicantMissingCodes(ctx: ServiceContext, record: CaseRecord): string[] {
  if (!applicantScreenRequired(ctx)) return [];
  const steps = readCaseApplicant(ctx.db, record.id);
  const profile = profileById(ctx, record.profileId);
  const screen = applicantScreenOf(profile);
  const missing: string[] = [];
  const shown = confirmContent(ctx, record);
  if (steps.confirmAnswer !== 'correct' || steps.confirmShownSha256 !== shown.sha256) {
    missing.push(APPLICANT_STEP_CODES.confirm);
  }
  if (steps.consentGiven !== true || steps.consentVersion !== screen.consent.version) {
    missing.push(APPLICANT_STEP_CODES.consent);
  }
  const secrets = secretStepOf(profile, record);
  const needed = secrets?.envelope === 'secrets' || screen.passwordRequired;
  if (secrets && needed && !steps.hasSealedPassword) {
    missing.push(APPLICANT_STEP_CODES.password);
  }
  missing.push(...signatureMissingCodes(ctx, record));
  return missing;
}

/** What the applicant types for a case on their screen, and how it is sealed. */
interface SecretStep {
  asks: ApplicantSecret[];
  envelope: 'password' | 'secrets';
  title: string;
}

/**
 * The secret step of a case, or null: an operation's own secrets (激活: the new password;
 * 升级: the legacy system's password and the administrator's new one), else a registration's
 * password where the province sets it on the screen (not where it activates by SMS).
 */
export function secretStepOf(profile: ProvinceProfile, record: CaseRecord): SecretStep | null {
  const asks = applicantSecretsOf(profile.operations, record.operation);
  if (asks.length > 0) {
    return {
      asks,
      envelope: 'secrets',
      title: asks.includes('oldPassword') ? '核验原系统密码，设置管理员密码' : '设置账号密码',
    };
  }
  if (record.operation === 'register' && applicantScreenOf(profile).activation === 'password') {
    return { asks: ['newPassword'], envelope: 'password', title: '设置平台登录密码' };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// The applicant's screen.

function requireScreen(ctx: ServiceContext, screenId: string): ApplicantDesk {
  const desk = deskOf(ctx);
  expirePairing(ctx);
  if (desk.screenId !== screenId) throw new UseCaseError('APPLICANT_SCREEN_NOT_PAIRED');
  desk.screenSeenAt = nowMs(ctx);
  return desk;
}

/** The handed-over case the screen acts on (its touch restarts the idle clock), or refused. */
export function requireHandover(
  ctx: ServiceContext,
  screenId: string,
  caseNumber: string,
): Handover {
  requireScreen(ctx, screenId);
  const handover = activeHandover(ctx);
  if (!handover || handover.caseNumber !== caseNumber) {
    throw new UseCaseError('APPLICANT_NOT_HANDED_OVER');
  }
  handover.lastTouchAt = nowMs(ctx);
  return handover;
}

/** The first value among the keys, trimmed. */
function firstValue(values: Record<string, string>, keys: readonly string[]): string {
  for (const key of keys) {
    const value = values[key]?.trim();
    if (value) return value;
  }
  return '';
}

/** The people whose phone and birth date a password must not contain, the administrator first. */
const PERSON_PARTIES = ['admin', 'applicant', 'agent', 'legalRep'] as const;

/** The fields of the case's type that the applicant sets on their own screen. */
function applicantFieldsOf(profile: ProvinceProfile, record: CaseRecord): FieldDefinition[] {
  return (caseTypeOf(profile, record)?.fields ?? []).filter(setByApplicant);
}

/**
 * What the applicant is shown to confirm, and its hash (kept with the confirmation). The
 * fields the applicant sets later, in the password step, are neither shown nor hashed:
 * setting them must not undo the confirmation, and the applicant answers for them there.
 */
function confirmContent(ctx: ServiceContext, record: CaseRecord) {
  const detail = loadCaseDetail(ctx, record, true);
  const own = new Set(
    detail.fields.filter((field) => field.setBy === 'applicant').map((field) => field.key),
  );
  const fields = detail.fields
    .filter((field) => !own.has(field.key) && (detail.values[field.key] ?? '').trim() !== '')
    .map((field) => ({ label: field.label, value: detail.values[field.key] ?? '' }));
  const papers = [
    ...record.forms
      .filter((kind) => kind !== 'checklist' && kind !== 'receipt')
      .map((kind) => FORM_TITLES[kind]),
    ...record.materials
      .filter((item) => item.attestation !== 'none' && !item.form)
      .map((item) => item.label),
  ];
  const loginName = own.has('account.username') ? '' : (record.values['account.username'] ?? '');
  const sha256 = createHash('sha256')
    .update(JSON.stringify([record.caseNumber, fields, loginName, papers]))
    .digest('hex');
  return { title: record.title, fields, loginName, papers, sha256 };
}

/** The applicant screen's whole state: the hall's welcome, or the handed-over case. */
export async function applicantView(ctx: ServiceContext, screenId: string): Promise<ApplicantView> {
  requireScreen(ctx, screenId);
  const settings = getSettings(ctx);
  const handover = activeHandover(ctx);
  if (!handover) return { kind: 'idle', hallName: settings.hallName };
  const record = requireCase(ctx, handover.caseNumber);
  const steps = readCaseApplicant(ctx.db, record.id);
  const profile = profileById(ctx, record.profileId);
  const screen = applicantScreenOf(profile);
  const shown = confirmContent(ctx, record);
  const submitted = SUBMITTED.includes(record.state);
  const secrets = secretStepOf(profile, record);
  const key = secrets && !submitted ? await sealingKeyForScreen(ctx) : null;
  const counterId = readSyncCounter(ctx.db)?.counterId ?? '';
  const mobile = firstValue(
    record.values,
    PERSON_PARTIES.map((party) => `${party}.mobile`),
  );
  const idNumber = firstValue(
    record.values,
    PERSON_PARTIES.map((party) => `${party}.idNumber`),
  );
  const idleLeftMs = Math.max(0, APPLICANT_IDLE_MS - (nowMs(ctx) - handover.lastTouchAt));
  return {
    kind: 'case',
    hallName: settings.hallName,
    caseNumber: record.caseNumber,
    title: shown.title,
    fields: shown.fields,
    loginName: shown.loginName,
    papers: shown.papers,
    stage: submitted ? 'rating' : 'prepare',
    confirmAnswer: steps.confirmAnswer,
    consent: {
      version: screen.consent.version,
      title: screen.consent.title,
      paragraphs: consentParagraphs(screen, getRetentionSettings(ctx)),
      given: steps.consentVersion === screen.consent.version ? steps.consentGiven : null,
    },
    password: secrets
      ? {
          mode: 'password',
          set: steps.hasSealedPassword || (submitted && steps.passwordSetAt !== null),
          title: secrets.title,
          asks: secrets.asks,
          envelope: secrets.envelope,
          legacy: secrets.asks.includes('oldPassword')
            ? {
                system: record.values['legacy.system'] ?? '',
                username: record.values['legacy.username'] ?? '',
              }
            : null,
          fields: applicantFieldsOf(profile, record).map((field) => ({
            key: field.key,
            label: field.label,
            kind: field.kind,
            value: record.values[field.key] ?? '',
            maxLength: field.maxLength ?? null,
            usernameRule:
              field.kind === 'username'
                ? profileForSubject(profile, record.subjectType).usernameRule
                : null,
          })),
          rule: applicantPasswordRule(profile),
          context: {
            loginName: record.values['account.username'] ?? '',
            birthDate: birthDateOfIdNumber(idNumber),
            mobile,
          },
          sealing: key
            ? {
                keyId: key.keyId,
                suite: key.suite,
                publicKey: key.publicKey,
                info: secrets.envelope === 'secrets' ? SEALING_INFO_SECRETS : SEALING_INFO,
                aad: sealingAad({ caseNumber: record.caseNumber, counterId, keyId: key.keyId }),
              }
            : null,
        }
      : record.operation === 'register' && screen.activation === 'sms'
        ? { mode: 'sms', maskedMobile: maskedMobile(mobile) }
        : { mode: 'none' },
    signature: submitted ? null : signatureStepOf(ctx, record),
    rating: steps.rating ? ratingLabels[steps.rating] : null,
    ratingReasons: [...ratingReasons],
    idleLeftMs,
  };
}

function maskedMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}

/**
 * Whether the password step of this case can be open on this screen right now (handed over,
 * confirmed, consented, no sealed password yet), for the PIN pad's keys. Unlike the
 * applicant's own calls it does not count as a touch.
 */
export function passwordStepOpen(
  ctx: ServiceContext,
  screenId: string,
  caseNumber: string,
): boolean {
  requireScreen(ctx, screenId);
  const handover = activeHandover(ctx);
  if (!handover || handover.caseNumber !== caseNumber) return false;
  const record = requireCase(ctx, caseNumber);
  if (!PREPARING.includes(record.state)) return false;
  const steps = readCaseApplicant(ctx.db, record.id);
  return (
    steps.confirmAnswer === 'correct' && steps.consentGiven === true && !steps.hasSealedPassword
  );
}

/** A touch on the applicant's screen: the 2-minute idle clock starts again. */
export function touchScreen(ctx: ServiceContext, screenId: string): Record<string, never> {
  requireScreen(ctx, screenId);
  const handover = activeHandover(ctx);
  if (handover) handover.lastTouchAt = nowMs(ctx);
  return {};
}

/** 确认无误 / 有误，请柜员修改, with a hash of exactly what was shown. */
export function confirmByApplicant(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; correct: boolean },
): { ok: true } {
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  if (!PREPARING.includes(record.state)) throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  const shown = confirmContent(ctx, record);
  ctx.db.transaction(() => {
    saveConfirmation(ctx.db, record.id, {
      answer: input.correct ? 'correct' : 'incorrect',
      at: nowIso(ctx),
      shownSha256: shown.sha256,
    });
    audit(ctx, null, 'applicant.confirmed', record.caseNumber, {
      answer: input.correct ? '确认无误' : '有误，请柜员修改',
      shownSha256: shown.sha256,
    });
  })();
  return { ok: true };
}

/** 同意 / 不同意 the personal-information notice, with its version. */
export function consentByApplicant(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; agree: boolean; version: string },
): { ok: true } {
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  const steps = readCaseApplicant(ctx.db, record.id);
  if (steps.confirmAnswer !== 'correct' || !PREPARING.includes(record.state)) {
    throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  }
  const screen = applicantScreenOf(profileById(ctx, record.profileId));
  if (input.version !== screen.consent.version)
    throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  ctx.db.transaction(() => {
    saveConsent(ctx.db, record.id, {
      given: input.agree,
      version: screen.consent.version,
      at: nowIso(ctx),
    });
    audit(ctx, null, 'applicant.consent', record.caseNumber, {
      answer: input.agree ? '同意' : '不同意',
      version: screen.consent.version,
    });
  })();
  return { ok: true };
}

/**
 * Keeps the password the applicant's page sealed to the platform's key. The counter cannot
 * open it; it only checks that it was sealed to the key it has pinned.
 */
export function setPasswordByApplicant(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; sealed: SealedSecret; values?: Record<string, string> | undefined },
): { ok: true } {
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  const steps = readCaseApplicant(ctx.db, record.id);
  if (steps.confirmAnswer !== 'correct' || steps.consentGiven !== true) {
    throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  }
  if (!PREPARING.includes(record.state)) throw new UseCaseError('APPLICANT_STEP_OUT_OF_ORDER');
  const profile = profileById(ctx, record.profileId);
  if (!secretStepOf(profile, record)) {
    throw new UseCaseError('APPLICANT_PASSWORD_NOT_USED');
  }
  const values = applicantValues(ctx, profile, record, input.values ?? {});
  const key = pinnedSealingKey(ctx);
  if (!key) throw new UseCaseError('APPLICANT_SEALING_KEY_MISSING');
  if (key.keyId !== input.sealed.keyId) throw new UseCaseError('APPLICANT_SEALING_KEY_CHANGED');
  const now = nowIso(ctx);
  ctx.db
    .transaction(() => {
      // The account and the password it goes with land together, or neither does.
      if (Object.keys(values).length > 0) {
        const merged = { ...requireCase(ctx, record.caseNumber).values, ...values };
        saveCaseValues(ctx.db, record.id, {
          values: merged,
          display: caseDisplay(merged),
          keys: caseSearchKeys(merged),
          now,
        });
        // Which fields, never their values: the audit log holds no personal data.
        audit(ctx, null, 'applicant.values-set', record.caseNumber, {
          fields: Object.keys(values).join(','),
        });
      }
      saveSealedPassword(ctx.db, record.id, { sealed: input.sealed, at: now });
      audit(ctx, null, 'applicant.password-set', record.caseNumber, { keyId: key.keyId });
    })
    .immediate();
  return { ok: true };
}

/**
 * The applicant-set values of a case as typed on the screen, stored as the clerk's form would
 * store them and checked by the same rule (Jilin's account: 8-20, starting with a letter).
 * Every such field must come, and nothing else: the screen sets only what is its own.
 */
function applicantValues(
  ctx: ServiceContext,
  profile: ProvinceProfile,
  record: CaseRecord,
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  const fields = applicantFieldsOf(profile, record);
  const own = new Set(fields.map((field) => field.key));
  const foreign = Object.keys(typed).filter((key) => !own.has(key));
  if (foreign.length > 0) {
    throw new UseCaseError('APPLICANT_VALUE_INVALID', {
      message: '申请人屏幕只能设置由申请人填写的项目。',
      nextStep: '请告知柜员，由柜员在柜员屏幕上修改其他信息。',
    });
  }
  const values = Object.fromEntries(
    fields.map((field) => [field.key, normaliseFieldValue(field.kind, typed[field.key] ?? '')]),
  );
  const rules = profileForSubject(profile, record.subjectType);
  for (const field of fields) {
    const text = values[field.key] ?? '';
    const issue = text
      ? validateField(rules, field, { ...record.values, ...values }, ctx.clock.now())
      : { severity: 'error' as const, message: `请输入${field.label}` };
    if (issue?.severity === 'error') {
      throw new UseCaseError('APPLICANT_VALUE_INVALID', {
        message: `${issue.message}。`,
        nextStep: `请按要求重新输入${field.label}，再点确认。`,
        fields: { [field.key]: issue.message },
      });
    }
  }
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}

/** The evaluation (好差评) after submit, kept per case and clerk; the screen then clears. */
export function rateByApplicant(
  ctx: ServiceContext,
  screenId: string,
  input: { caseNumber: string; level: RatingLevel; reasons: string[]; text: string },
): { ok: true } {
  const desk = deskOf(ctx);
  const handover = requireHandover(ctx, screenId, input.caseNumber);
  const record = requireCase(ctx, handover.caseNumber);
  if (!SUBMITTED.includes(record.state)) throw new UseCaseError('APPLICANT_RATING_NOT_YET');
  const low = input.level === 'dissatisfied' || input.level === 'very-dissatisfied';
  const text = low ? input.text.trim() : '';
  ctx.db.transaction(() => {
    saveRating(ctx.db, record.id, {
      rating: input.level,
      reasons: low ? input.reasons : [],
      text: text || null,
      at: nowIso(ctx),
      clerkId: handover.clerk.id,
      clerkName: handover.clerk.displayName,
    });
    audit(ctx, null, 'applicant.rated', record.caseNumber, {
      rating: ratingLabels[input.level],
      clerk: handover.clerk.displayName,
    });
  })();
  desk.handover = null;
  // To the platform now if it has the case already, else after its answer.
  void sendPendingRatings(ctx);
  return { ok: true };
}
