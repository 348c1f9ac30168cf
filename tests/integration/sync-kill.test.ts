import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CentralSimulator } from '../simulators/central/central-simulator';
import { call, openTestCore, signInClerk, withSupervisorAndClerk } from '../helpers/core-harness';
import { ENROLMENT_CODE } from '../helpers/sync-harness';

const CASES = 1_000;
const CHILD = join(import.meta.dirname, '..', 'helpers', 'sync-kill-child.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'counter-kill-'));
const central = new CentralSimulator({ random: () => Math.random() });

afterAll(async () => {
  await central.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the child until it says "drained" or until it is killed after `killAfterMs`. */
function runChild(password: string, killAfterMs: number | null): Promise<'drained' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataDir, password, String(CASES)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const timer =
      killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (output.includes('drained')) resolve('drained');
      else if (signal === 'SIGKILL') resolve('killed');
      else reject(new Error(`child exited ${code}: ${errors.slice(-2000)}`));
    });
  });
}

it(
  'loses and doubles no case when the app is killed with SIGKILL at random points',
  { timeout: 120_000 },
  async () => {
    await central.start();
    // Half the requests meet a fault as well, so kills land mid-retry too.
    central.faults.rates = { reset: 0.05, 'lost-reply': 0.05, 'server-error': 0.05 };
    const setup = openTestCore(dataDir);
    setup.clock.set(new Date());
    const staff = await withSupervisorAndClerk(setup.core);
    await call(setup.core, staff.supervisor, 'settings:update', { platformUrl: central.url });
    await call(setup.core, staff.supervisor, 'sync:registerCounter', {
      enrolmentCode: ENROLMENT_CODE,
    });
    setup.core.close();

    let kills = 0;
    for (; kills < 8; kills += 1) {
      const outcome = await runChild(staff.clerkPassword, 700 + Math.floor(Math.random() * 2500));
      if (outcome === 'drained') break;
    }
    central.faults.rates = {};
    expect(await runChild(staff.clerkPassword, null)).toBe('drained');

    const check = openTestCore(dataDir);
    check.clock.set(new Date());
    const clerk = await signInClerk(check.core, staff.clerkPassword);
    let submitted = 0;
    for (const queue of ['waiting', 'accepted', 'archived', 'refused'] as const) {
      submitted += (await call(check.core, clerk, 'case:list', { queue, limit: 1 })).total;
    }
    const waiting = await call(check.core, clerk, 'case:list', { queue: 'waiting', limit: 1 });
    check.core.close();
    const stats = central.stats();
    expect(kills).toBeGreaterThan(0);
    expect(submitted).toBe(CASES);
    expect(waiting.total).toBe(0);
    expect(stats.distinctAttempts).toBe(CASES);
    expect(stats.duplicates).toBe(0);
  },
);
