import type { CallerSession } from '../../src-main/api/core-types';
import type { ApplicantView } from '../../src-main/contract/applicant-channels';
import { sealPassword } from '../../src-renderer/src/applicant/seal';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from './case-fixtures';
import { call } from './core-harness';
import type { SyncHarness } from './sync-harness';

/**
 * The applicant's screen on the core, as the applicant tests walk it: pairing, a citizen's
 * case ready but for the applicant, the hand-over with confirmation and consent, the password
 * sealed to the platform's key the screen shows.
 */

type ApplicantCaseView = Extract<ApplicantView, { kind: 'case' }>;

/** A new session of the applicant's screen, not yet paired. */
export function applicantScreen(sync: SyncHarness): CallerSession {
  const screen = sync.harness.core.newSession();
  screen.applicant = true;
  return screen;
}

/** Pairs `screen` with the clerk's counter by the code the clerk reads out. */
export async function pairScreen(sync: SyncHarness, screen: CallerSession): Promise<void> {
  const { code } = await call(sync.harness.core, sync.clerk, 'handover:pairingCode', {});
  await call(sync.harness.core, screen, 'applicant:pair', { code });
}

/** A new applicant screen, paired. */
export async function pairedScreen(sync: SyncHarness): Promise<CallerSession> {
  const screen = applicantScreen(sync);
  await pairScreen(sync, screen);
  return screen;
}

/**
 * A citizen's own registration with valid values (from `seed`) and every material recorded:
 * ready but for the applicant's steps. `clerk` defaults to the harness's signed-in clerk.
 */
export async function citizenCaseReady(
  sync: SyncHarness,
  seed: number,
  clerk: CallerSession = sync.clerk,
): Promise<{ caseNumber: string; values: Record<string, string> }> {
  const core = sync.harness.core;
  const opened = await call(
    core,
    clerk,
    'case:create',
    caseTypeKeyByNames(sync.profile, {
      operation: '注册',
      subjectType: '自然人',
      delegated: false,
    }),
  );
  const values = validValuesFor(opened, seed);
  const caseNumber = opened.caseNumber;
  await call(core, clerk, 'case:saveValues', { caseNumber, values });
  await call(core, clerk, 'case:startCollecting', { caseNumber });
  await recordAllMaterials(core, clerk, opened);
  return { caseNumber, values };
}

/** What the paired screen shows of the case handed over (fails if none is). */
export async function caseOnScreen(
  sync: SyncHarness,
  screen: CallerSession,
): Promise<ApplicantCaseView> {
  const view = await call(sync.harness.core, screen, 'applicant:view', {});
  if (view.kind !== 'case') throw new Error('no case is handed over to the screen');
  return view;
}

/** The applicant says the data shown is correct and agrees to the notice's current version. */
export async function confirmAndConsent(
  sync: SyncHarness,
  screen: CallerSession,
  caseNumber: string,
): Promise<void> {
  const core = sync.harness.core;
  await call(core, screen, 'applicant:confirm', { caseNumber, correct: true });
  const view = await caseOnScreen(sync, screen);
  await call(core, screen, 'applicant:consent', {
    caseNumber,
    agree: true,
    version: view.consent.version,
  });
}

/** `password` sealed to the platform key the screen shows for the case handed over. */
export async function sealedOnScreen(
  sync: SyncHarness,
  screen: CallerSession,
  caseNumber: string,
  password: string,
): Promise<Awaited<ReturnType<typeof sealPassword>>> {
  const view = await caseOnScreen(sync, screen);
  if (view.caseNumber !== caseNumber) throw new Error(`${caseNumber} is not handed over`);
  if (view.password.mode !== 'password' || !view.password.sealing) {
    throw new Error('the screen shows no platform key to seal to');
  }
  return sealPassword(password, view.password.sealing);
}
