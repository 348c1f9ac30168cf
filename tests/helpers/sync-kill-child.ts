/**
 * The core as a process of its own for the kill -9 test: it opens the data folder, finishes
 * any case a previous run left half-done, submits cases until the hall has `target`, and
 * prints "drained" once the outbox is empty. The test kills it with SIGKILL at random points.
 *
 *   node --import tsx tests/helpers/sync-kill-child.ts <dataDir> <clerkPassword> <target>
 */
import { join } from 'node:path';
import { openCore } from '../../src-main/api/open-core';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { recordAllMaterials, validValuesFor } from './case-fixtures';
import { call, signInClerk } from './core-harness';

const [dataDir = '', clerkPassword = '', targetText = '0'] = process.argv.slice(2);
const target = Number(targetText);
const core = openCore({
  dataDir,
  resourcesDir: join(import.meta.dirname, '..', '..', 'resources'),
  secretStore: new KeyFileSecretStore(dataDir),
  shell: 'browser',
  version: 'kill-test',
  sync: {
    tuning: {
      baseDelayMs: 20,
      maxDelayMs: 200,
      breakerCooldownMs: 100,
      breakerMaxCooldownMs: 400,
      idleWakeMs: 50,
    },
  },
});
const clerk = await signInClerk(core, clerkPassword);
const key = { operation: 'register', subjectType: 'person', delegated: false };

async function finish(caseNumber: string, sequence: number): Promise<void> {
  const detail = await call(core, clerk, 'case:get', { caseNumber });
  await call(core, clerk, 'case:saveValues', {
    caseNumber,
    values: validValuesFor(detail, sequence),
  });
  await recordAllMaterials(core, clerk, detail);
  await call(core, clerk, 'case:submit', { caseNumber });
}

const sequenceOf = (caseNumber: string) => Number(caseNumber.slice(-4));
const drafts = await call(core, clerk, 'case:list', { queue: 'my-drafts', limit: 200 });
for (const draft of drafts.cases) await finish(draft.caseNumber, sequenceOf(draft.caseNumber));
let total = 0;
for (const queue of ['waiting', 'accepted', 'archived', 'refused'] as const) {
  total += (await call(core, clerk, 'case:list', { queue, limit: 1 })).total;
}
while (total < target) {
  const opened = await call(core, clerk, 'case:create', key);
  await finish(opened.caseNumber, sequenceOf(opened.caseNumber));
  total += 1;
}
for (;;) {
  const status = await call(core, clerk, 'sync:status', {});
  if (status.queueLength === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log('drained');
core.close();
