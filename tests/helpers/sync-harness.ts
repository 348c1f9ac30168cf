import type { CallerSession } from '../../src-main/api/core-types';
import type { CoreOptions } from '../../src-main/api/open-core';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { SyncDesk } from '../../src-main/services/sync/sync';
import type { OutboxWorker } from '../../src-main/sync/outbox-worker';
import { CentralSimulator } from '../simulators/central/central-simulator';
import type { CentralSimulatorOptions } from '../simulators/central/central-simulator';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from './case-fixtures';
import type { CoreHarness } from './core-harness';
import { call, openTestCore, signInClerk, withSupervisorAndClerk } from './core-harness';

/** The enrolment code the simulator accepts by default. */
export const ENROLMENT_CODE = 'TRAINING-0000';

/** A core with a registered counter and a central simulator on the same manual clock. */
export interface SyncHarness {
  harness: CoreHarness;
  central: CentralSimulator;
  /** The core's sync desk, for driving the audit-anchor ticks without timers. */
  desk: SyncDesk;
  supervisor: CallerSession;
  clerk: CallerSession;
  profile: ProvinceProfile;
  worker(): OutboxWorker;
  /** A new clerk session, for after the clock moved past the idle lock. */
  signInAgain(): Promise<CallerSession>;
  /** Sends until nothing is left to send, moving the clock to each next retry; no sleeping. */
  drainAll(maxRounds?: number): Promise<void>;
  /** Opens, fills, records and submits one case; returns it as submitted. */
  submitCase(
    names: { operation: string; subjectType: string; delegated: boolean },
    seed: number,
    change?: (values: Record<string, string>) => void,
  ): Promise<CaseDetail>;
  dispose(): Promise<void>;
}

/** Starts a simulator and a core whose outbox runs only when the test drains it. */
export async function openSyncHarness(
  options: {
    province?: string;
    central?: CentralSimulatorOptions;
    core?: Partial<CoreOptions>;
  } = {},
): Promise<SyncHarness> {
  const desk = new SyncDesk({ autoStart: false, random: () => 0.5 });
  const harness = openTestCore(undefined, { syncDesk: desk, ...options.core });
  harness.clock.set(new Date('2026-11-24T09:30:00+08:00'));
  const central = new CentralSimulator({
    now: () => harness.clock.now().getTime(),
    random: () => 0.99,
    ...options.central,
  });
  await central.start();
  const staff = await withSupervisorAndClerk(harness.core);
  const supervisor = staff.supervisor;
  await call(harness.core, supervisor, 'settings:update', {
    platformUrl: central.url,
    ...(options.province ? { profileId: options.province } : {}),
  });
  await call(harness.core, supervisor, 'sync:registerCounter', { enrolmentCode: ENROLMENT_CODE });
  const clerk = await signInClerk(harness.core, staff.clerkPassword);
  const profile = await call(harness.core, clerk, 'profile:current', {});
  const worker = desk.outboxWorker();
  if (!worker) throw new Error('the core did not start its outbox worker');

  const sync: SyncHarness = {
    harness,
    central,
    desk,
    supervisor,
    clerk,
    profile,
    worker: () => worker,
    signInAgain: () => signInClerk(harness.core, staff.clerkPassword),
    async drainAll(maxRounds = 200) {
      for (let round = 0; round < maxRounds; round += 1) {
        await worker.drain();
        // A fresh session each round: moving the clock past the idle limit locks the old one.
        const session = await signInClerk(harness.core, staff.clerkPassword);
        const status = await call(harness.core, session, 'sync:status', {});
        if (status.queueLength === 0) return;
        const wake = worker.nextWakeAt();
        if (wake === null) return;
        const now = harness.clock.now().getTime();
        harness.clock.set(new Date(Math.max(wake, now) + 1));
      }
      throw new Error('outbox did not drain');
    },
    async submitCase(names, seed, change) {
      const key = caseTypeKeyByNames(profile, names);
      const opened = await call(harness.core, clerk, 'case:create', key);
      const values = validValuesFor(opened, seed);
      change?.(values);
      await call(harness.core, clerk, 'case:saveValues', {
        caseNumber: opened.caseNumber,
        values,
      });
      await recordAllMaterials(harness.core, clerk, opened);
      return call(harness.core, clerk, 'case:submit', { caseNumber: opened.caseNumber });
    },
    async dispose() {
      harness.dispose();
      await central.close();
    },
  };
  return sync;
}
