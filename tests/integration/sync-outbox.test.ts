import { afterEach, describe, expect, it } from 'vitest';
import type { CentralFault } from '../simulators/central/central-simulator';
import { call, callFails } from '../helpers/core-harness';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };

let sync: SyncHarness | undefined;
afterEach(async () => {
  await sync?.dispose();
  sync = undefined;
});

async function stateOf(s: SyncHarness, caseNumber: string) {
  return call(s.harness.core, await s.signInAgain(), 'case:get', { caseNumber });
}

describe('exactly once', () => {
  const faults: CentralFault[] = ['server-error', 'reset', 'lost-reply', 'duplicate-reply', 'busy'];
  for (const fault of faults) {
    it(`delivers every case exactly once when the platform answers with ${fault}`, async () => {
      sync = await openSyncHarness();
      sync.central.injectNext(fault, 3, '/v1/cases');
      const numbers: string[] = [];
      for (let seed = 1; seed <= 4; seed += 1) {
        numbers.push((await sync.submitCase(personSelf, seed)).caseNumber);
      }
      await sync.drainAll();
      for (const caseNumber of numbers) {
        expect((await stateOf(sync, caseNumber)).state).toBe('accepted');
      }
      const stats = sync.central.stats();
      expect(stats.faultsInjected).toBe(3);
      expect(stats.submissions).toBe(4);
      expect(stats.duplicates).toBe(0);
    });
  }

  it('resumes an attachment upload cut off mid-way and sends the file before the case', async () => {
    sync = await openSyncHarness();
    const key = { operation: 'register', subjectType: 'person', delegated: false };
    const opened = await call(sync.harness.core, sync.clerk, 'case:create', key);
    const { pngWithText } = await import('../helpers/case-fixtures');
    const file = pngWithText(Buffer.alloc(600_000, 0x41));
    await call(sync.harness.core, sync.clerk, 'case:attach', {
      caseNumber: opened.caseNumber,
      itemCode: opened.materials[0]?.code ?? '',
      fileName: '身份证复印件.png',
      dataBase64: file.toString('base64'),
    });
    const { validValuesFor, recordAllMaterials } = await import('../helpers/case-fixtures');
    await call(sync.harness.core, sync.clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: validValuesFor(opened, 3),
    });
    await recordAllMaterials(sync.harness.core, sync.clerk, opened);
    await call(sync.harness.core, sync.clerk, 'case:submit', { caseNumber: opened.caseNumber });
    // The second chunk's reply is lost after the platform stored it: the client resumes.
    sync.central.injectNext('lost-reply', 1, '/v1/attachments');
    sync.central.injectNext('reset', 1, '/v1/attachments');
    await sync.drainAll();
    expect((await stateOf(sync, opened.caseNumber)).state).toBe('accepted');
    expect(sync.central.stats().duplicates).toBe(0);
  });

  it('keeps latency from doubling a case', async () => {
    sync = await openSyncHarness({ central: { faults: { latencyMs: 30 } } });
    const first = await sync.submitCase(personSelf, 1);
    const second = await sync.submitCase(personSelf, 2);
    await sync.drainAll();
    expect((await stateOf(sync, first.caseNumber)).state).toBe('accepted');
    expect((await stateOf(sync, second.caseNumber)).state).toBe('accepted');
    expect(sync.central.stats()).toMatchObject({ submissions: 2, duplicates: 0 });
  });
});

describe('one stuck case', () => {
  it('does not hold up the other cases, and shows its last error in the queue', async () => {
    sync = await openSyncHarness();
    const stuck = await sync.submitCase(personSelf, 1);
    sync.central.faults.stuckCases.push(stuck.caseNumber);
    const others = [await sync.submitCase(personSelf, 2), await sync.submitCase(personSelf, 3)];
    const worker = sync.worker();
    for (let round = 0; round < 6; round += 1) {
      await worker.drain();
      const wake = worker.nextWakeAt();
      if (wake !== null) sync.harness.clock.set(new Date(wake + 1));
    }
    for (const other of others) {
      expect((await stateOf(sync, other.caseNumber)).state).toBe('accepted');
    }
    expect((await stateOf(sync, stuck.caseNumber)).state).toBe('submitted');
    const queue = await call(sync.harness.core, sync.clerk, 'sync:queue', {});
    expect(queue).toHaveLength(1);
    expect(queue[0]?.caseNumber).toBe(stuck.caseNumber);
    expect(queue[0]?.lastError).toMatch(/平台内部错误/);
    expect(queue[0]?.tries).toBeGreaterThan(1);
    // A case's own page asks for its entry alone: the stuck one has it, a sent one none.
    const own = await call(sync.harness.core, sync.clerk, 'sync:queue', {
      caseNumber: stuck.caseNumber,
    });
    expect(own.map((entry) => entry.caseNumber)).toEqual([stuck.caseNumber]);
    const sent = await call(sync.harness.core, sync.clerk, 'sync:queue', {
      caseNumber: others[0]?.caseNumber,
    });
    expect(sent).toEqual([]);
  });
});

describe('refusals', () => {
  it("puts the platform's words and the next step on the case; the fix goes as a new attempt", async () => {
    sync = await openSyncHarness();
    const submitted = await sync.submitCase(personSelf, 5, (values) => {
      values['account.username'] = 'taken_name1';
    });
    sync.central.seedAccount('login', 'taken_name1');
    await sync.drainAll();
    const refused = await stateOf(sync, submitted.caseNumber);
    expect(refused.state).toBe('refused');
    expect(refused.platformMessage).toBe('登录账号已注册');
    expect(refused.platformNextStep).toBe(
      sync.profile.refusals.find((item) => item.code === 'LOGIN_NAME_TAKEN')?.nextStep,
    );
    const refusedQueue = await call(sync.harness.core, sync.clerk, 'case:list', {
      queue: 'refused',
    });
    expect(refusedQueue.cases.map((item) => item.caseNumber)).toContain(submitted.caseNumber);

    await call(sync.harness.core, sync.clerk, 'case:reopen', { caseNumber: submitted.caseNumber });
    const revealed = await call(sync.harness.core, sync.clerk, 'case:get', {
      caseNumber: submitted.caseNumber,
      reveal: true,
    });
    await call(sync.harness.core, sync.clerk, 'case:saveValues', {
      caseNumber: submitted.caseNumber,
      values: { ...revealed.values, 'account.username': 'free_name22' },
    });
    await call(sync.harness.core, sync.clerk, 'case:submit', { caseNumber: submitted.caseNumber });
    await sync.drainAll();
    expect((await stateOf(sync, submitted.caseNumber)).state).toBe('accepted');
    expect(sync.central.submissionsOf(submitted.caseNumber)).toEqual([
      { attempt: 1, status: 'refused', code: 'LOGIN_NAME_TAKEN' },
      { attempt: 2, status: 'accepted', code: null },
    ]);
  });

  it('refuses a second registration of a person who already has an account', async () => {
    sync = await openSyncHarness();
    const first = await sync.submitCase(personSelf, 7);
    const second = await sync.submitCase(personSelf, 7, (values) => {
      values['account.username'] = 'another_one9';
    });
    await sync.drainAll();
    expect((await stateOf(sync, first.caseNumber)).state).toBe('accepted');
    const refused = await stateOf(sync, second.caseNumber);
    expect(refused.state).toBe('refused');
    expect(refused.platformMessage).toBe('该身份证号已被认证');
  });
});

describe('manual review', () => {
  it('waits in review and is pulled until the platform finishes it', async () => {
    sync = await openSyncHarness({
      province: 'zhejiang',
      central: { faults: { manualReviewMs: 6 * 3_600_000 } },
    });
    const submitted = await sync.submitCase(
      { operation: '注册', subjectType: '其他非法人单位（临时项目）', delegated: false },
      2,
      (values) => {
        values['company.projectCode'] = 'XM3301062026000017';
      },
    );
    await sync.drainAll();
    const waiting = await stateOf(sync, submitted.caseNumber);
    expect(waiting.state).toBe('manual-review');
    expect(waiting.platformMessage).toBe('您的信息已提交！将于1个工作日内完成比对，请耐心等待。');
    const status = await call(sync.harness.core, sync.clerk, 'sync:status', {});
    expect(status).toMatchObject({ queueLength: 0, reviewCount: 1 });
    sync.harness.clock.advanceMinutes(7 * 60);
    await sync.worker().drain();
    expect((await stateOf(sync, submitted.caseNumber)).state).toBe('accepted');
  });
});

describe('platform down', () => {
  it('opens the breaker, shows offline, warns, and freezes new cases after the limit', async () => {
    sync = await openSyncHarness();
    await sync.central.stop();
    for (let seed = 1; seed <= 12; seed += 1) await sync.submitCase(personSelf, seed);
    await sync.worker().drain();
    expect(sync.worker().breakerState().state).toBe('open');
    const offline = await call(sync.harness.core, sync.clerk, 'sync:status', {});
    expect(offline).toMatchObject({ state: 'offline', queueLength: 12 });
    expect(offline.notice).toBeNull();

    sync.harness.clock.advanceMinutes(5 * 60);
    const clerk = await sync.signInAgain();
    const warned = await call(sync.harness.core, clerk, 'sync:status', {});
    expect(warned.notice?.level).toBe('warning');
    sync.harness.clock.advanceMinutes(7 * 24 * 60);
    const frozenClerk = await sync.signInAgain();
    const error = await callFails(sync.harness.core, frozenClerk, 'case:create', {
      operation: 'register',
      subjectType: 'person',
      delegated: false,
    });
    expect(error.code).toBe('SYNC_OFFLINE_FROZEN');

    await sync.central.start();
    await call(sync.harness.core, frozenClerk, 'sync:retryNow', {});
    await sync.drainAll();
    const back = await call(sync.harness.core, frozenClerk, 'sync:status', {});
    expect(back).toMatchObject({ state: 'online', queueLength: 0, notice: null });
    expect(sync.central.stats()).toMatchObject({ submissions: 12, duplicates: 0 });
  });

  it('waits at least as long as Retry-After says', async () => {
    sync = await openSyncHarness({ central: { faults: { retryAfterSeconds: 120 } } });
    sync.central.injectNext('busy', 1, '/v1/cases');
    await sync.submitCase(personSelf, 1);
    await sync.worker().drain();
    const [entry] = await call(sync.harness.core, sync.clerk, 'sync:queue', {});
    const waited = Date.parse(entry?.nextAttemptAt ?? '') - sync.harness.clock.now().getTime();
    expect(waited).toBeGreaterThanOrEqual(120_000);
  });
});
