import { afterEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { openSeedConnection, seedArchivedCases } from '../helpers/archived-cases';
import type { CoreHarness } from '../helpers/core-harness';
import { call, CLERK, openTestCore, withSupervisorAndClerk } from '../helpers/core-harness';

// In the desktop app every window waits for the core's one event loop. The batch archive and
// the purge preview over many cases are cut into slices: while they run, another window's
// request is answered and sees the work half done.

const CASES = 60;
let harness: CoreHarness | undefined;
afterEach(() => {
  harness?.dispose();
  harness = undefined;
});

async function coreWithCases(state: 'accepted' | 'archived'): Promise<{
  core: CoreHarness['core'];
  supervisor: CallerSession;
}> {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-30T10:00:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  const profile = await call(harness.core, staff.supervisor, 'profile:current', {});
  const db = openSeedConnection(harness.dataDir);
  seedArchivedCases(db, {
    profile,
    clerk: { id: staff.clerkId, name: CLERK.displayName },
    count: CASES,
    first: new Date('2026-10-01T09:00:00+08:00'),
  });
  if (state === 'accepted') db.prepare(`UPDATE cases SET state = 'accepted'`).run();
  else db.prepare(`UPDATE cases SET archived_at = '2026-10-02T09:00:00.000Z'`).run();
  db.close();
  return { core: harness.core, supervisor: staff.supervisor };
}

/**
 * Runs `work` and, each time the event loop turns until it is done, asks `look` what another
 * window would see then; returns what was seen while the work was still running.
 */
async function seenMeanwhile<T, S>(work: Promise<T>, look: () => Promise<S>): Promise<S[]> {
  let done = false;
  const seen: S[] = [];
  const probing = (async () => {
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      const value = await look();
      if (!done) seen.push(value);
    }
  })();
  await work.finally(() => {
    done = true;
  });
  await probing;
  return seen;
}

describe('long work on the core’s thread', () => {
  it('archives a batch in slices: another window is answered while part of it is archived', async () => {
    const { core, supervisor } = await coreWithCases('accepted');
    const batch = call(core, supervisor, 'archive:runBatch', {});
    const seen = await seenMeanwhile(batch, async () => {
      const overview = await call(core, supervisor, 'retention:overview', {});
      return overview.archivedCount;
    });
    expect((await batch).archived).toHaveLength(CASES);
    expect(seen.some((archived) => archived > 0 && archived < CASES)).toBe(true);
    const overview = await call(core, supervisor, 'retention:overview', {});
    expect(overview).toMatchObject({ archivedCount: CASES, awaitingArchiveCount: 0 });
  });

  it('reads the purge preview in parts, answering another window meanwhile, in archive order', async () => {
    const { core, supervisor } = await coreWithCases('archived');
    await call(core, supervisor, 'retention:updateSettings', {
      attachmentDays: 1,
      personalDataDays: 1,
    });
    const preview = call(core, supervisor, 'retention:preview', {});
    const seen = await seenMeanwhile(preview, () =>
      call(core, supervisor, 'retention:progress', {}),
    );
    expect(seen.length).toBeGreaterThan(0);
    const numbers = (await preview).personalData.caseNumbers;
    expect(numbers).toHaveLength(CASES);
    expect(numbers).toEqual([...numbers].sort());
  });
});
