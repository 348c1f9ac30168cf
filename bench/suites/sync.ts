import { benchServiceContext } from '../service-context';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { CaseTypeDefinition, FieldKind, ProvinceProfile } from '../../src-main/domain/profile';
import { caseDisplay, caseSearchKeys } from '../../src-main/services/shared/case-keys';
import type { Actor, ServiceContext } from '../../src-main/services/shared/service-context';
import { updateSettings } from '../../src-main/services/shared/settings';
import { registerCounter, SyncDesk } from '../../src-main/services/sync/sync';
import { enqueueSubmission } from '../../src-main/services/sync/sync-outbox';
import { loadProfiles } from '../../src-main/store/profile-files';
import { insertCase, saveCaseValues } from '../../src-main/store/repositories/cases';
import { countOpenEntries } from '../../src-main/store/repositories/outbox';
import { insertUser } from '../../src-main/store/repositories/users';
import { generateCounterKeyPair, RequestSigner } from '../../src-main/sync/request-signer';
import { residentId } from '../../tests/helpers/identity-fixtures';
import type { CentralStats } from '../../tests/simulators/central/central-simulator';
import type { Figure } from '../results';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = 10_000;
/** Raw load runs for this long before the drain and again after it (the machine is shared). */
const RAW_SECONDS = 5;
const RAW_CONNECTIONS = 10;
const WARM_UP_SECONDS = 2;
const ENROLMENT_CODE = 'TRAINING-0000';

/**
 * The values of a person's registration, unique per index so that the platform accepts
 * every one (no ID number or login name is ever seen twice).
 */
function personValues(caseType: CaseTypeDefinition, index: number): Record<string, string> {
  const area = String(110_000 + Math.floor(index / 900));
  const sequence = String(100 + (index % 900));
  const makers: Partial<Record<FieldKind, () => string>> = {
    'person-name': () => '张伟',
    'resident-id': () => residentId(area, '1980-05-17', sequence),
    mobile: () => `139${String(index).padStart(8, '0')}`,
    username: () => `bench_${index}`,
    email: () => `bench${index}@example.cn`,
    'id-valid-from': () => '2020-01-01',
    'id-valid-to': () => '长期',
  };
  const values: Record<string, string> = {};
  for (const field of caseType.fields) values[field.key] = makers[field.kind]?.() ?? '测试内容';
  return values;
}

function personCaseType(profile: ProvinceProfile): CaseTypeDefinition {
  const caseType = profile.caseTypes.find(
    (item) =>
      item.key.operation === 'register' &&
      item.key.subjectType === 'person' &&
      !item.key.delegated &&
      item.channel !== 'manual-review',
  );
  if (!caseType) throw new Error(`profile ${profile.id} has no person registration`);
  return caseType;
}

/**
 * Puts CASES submitted cases in the outbox in one transaction, the way 提交 leaves them:
 * the case in `submitted` with its values, and its first attempt due now.
 */
function seedOutbox(ctx: ServiceContext, clerkId: number, profile: ProvinceProfile): void {
  const caseType = personCaseType(profile);
  const now = new Date().toISOString();
  const day = now.slice(0, 10).replaceAll('-', '');
  ctx.db.transaction(() => {
    for (let index = 0; index < CASES; index += 1) {
      const id = insertCase(ctx.db, {
        caseNumber: `0001-${day}-${String(index + 1).padStart(5, '0')}`,
        hallCode: '0001',
        day,
        sequence: index + 1,
        profileId: profile.id,
        ruleVersion: profile.ruleVersion,
        operation: caseType.key.operation,
        subjectType: caseType.key.subjectType,
        delegated: caseType.key.delegated,
        title: caseType.title,
        state: 'submitted',
        materials: caseType.materials,
        forms: caseType.forms,
        clerkId,
        now,
      });
      const values = personValues(caseType, index);
      saveCaseValues(ctx.db, id, {
        values,
        display: caseDisplay(values),
        keys: caseSearchKeys(values),
        now,
      });
      enqueueSubmission(ctx, id);
    }
  })();
}

/** The central simulator as its own process (as `npm run central` runs it), on a free port. */
async function startCentral(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'tests', 'simulators', 'central', 'serve.ts'), '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const ready = /^ready (\S+)/.exec(line);
    if (ready?.[1]) return { url: ready[1], child };
  }
  throw new Error('the central simulator did not start');
}

/** CPU time (ms) the simulator's process has used so far, from /proc (Linux). */
function childCpuMs(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

async function centralStats(url: string): Promise<CentralStats> {
  const reply = await fetch(`${url}/__admin/stats`);
  return (await reply.json()) as CentralStats;
}

/**
 * The platform's counts once the requests autocannon still had in flight when it stopped
 * have landed, so that none of them is counted against the outbox.
 */
async function settledStats(url: string): Promise<CentralStats> {
  let last = await centralStats(url);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await centralStats(url);
    if (next.submissions === last.submissions) return next;
    last = next;
  }
}

/** Drains the seeded outbox with the real worker and HTTP client; cases per second. */
async function drainOutbox(url: string): Promise<{ perSecond: number; accepted: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-sync-'));
  const sync = new SyncDesk({ autoStart: false });
  const ctx = benchServiceContext(dataDir, { sync });
  const db = ctx.db;
  try {
    const user = insertUser(db, {
      username: 'bench',
      displayName: '基准负责人',
      role: 'supervisor',
      passwordHash: 'x',
      mustChangePassword: false,
      now: new Date().toISOString(),
    });
    const actor: Actor = { id: user.id, displayName: '基准负责人' };
    const settings = updateSettings(ctx, actor, { platformUrl: url });
    sync.start(ctx);
    await registerCounter(ctx, actor, { enrolmentCode: ENROLMENT_CODE });
    const profile = ctx.profiles.profiles.find((item) => item.id === settings.profileId);
    if (!profile) throw new Error('no profile');

    const seedStart = performance.now();
    seedOutbox(ctx, user.id, profile);
    console.log(
      `  queued ${CASES} submitted cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const worker = sync.outboxWorker();
    if (!worker) throw new Error('no outbox worker');
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    worker.start();
    await worker.drain();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      `  counter CPU per case: ${((cpu.user + cpu.system) / CASES).toFixed(0)} µs (user ${(cpu.user / CASES).toFixed(0)}, system ${(cpu.system / CASES).toFixed(0)})`,
    );
    const open = countOpenEntries(db);
    if (open.send + open.poll > 0) throw new Error(`outbox not drained: ${JSON.stringify(open)}`);
    const accepted = (
      db.prepare("SELECT COUNT(*) AS n FROM cases WHERE state = 'accepted'").get() as { n: number }
    ).n;
    console.log(`  drained in ${seconds.toFixed(2)} s, ${accepted} cases accepted on the counter`);
    return { perSecond: CASES / seconds, accepted };
  } finally {
    await sync.stop();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The platform's own ceiling on POST /v1/cases: autocannon with every request a valid, signed
 * submission under a fresh idempotency key, so the figure counts accepted submissions.
 */
async function rawThroughput(
  url: string,
  profile: ProvinceProfile,
  firstIndex: number,
  seconds = RAW_SECONDS,
): Promise<number> {
  const pair = generateCounterKeyPair();
  const counterId = `BENCH-RAW-${randomUUID().slice(0, 8)}`;
  const registered = await fetch(`${url}/v1/counters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      counterId,
      hallCode: '0002',
      publicKey: pair.publicKey,
      enrolmentCode: ENROLMENT_CODE,
    }),
  });
  if (!registered.ok) throw new Error(`registration refused: HTTP ${registered.status}`);
  const signer = new RequestSigner(counterId, pair.privateKey);
  const caseType = personCaseType(profile);
  let next = firstIndex; // past the outbox's indexes: no ID number or login name repeats
  const result = await autocannon({
    url,
    connections: RAW_CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/cases',
        setupRequest: (request) => {
          next += 1;
          const body = Buffer.from(
            JSON.stringify({
              caseNumber: `0002-RAW-${next}`,
              attempt: 1,
              profileId: profile.id,
              ruleVersion: profile.ruleVersion,
              caseType: caseType.key,
              values: personValues(caseType, next),
              attachments: [],
            }),
          );
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
              ...signer.headers('POST', '/v1/cases', body, Date.now()),
            },
          };
        },
      },
    ],
  });
  const stats = await centralStats(url);
  console.log(
    `  autocannon: ${result['2xx']} accepted in ${result.duration} s (${Math.round(result['2xx'] / result.duration)}/s), non-2xx ${result.non2xx}, errors ${result.errors}, p99 ${result.latency.p99} ms; platform holds ${stats.accepted} accepted`,
  );
  if (result.non2xx > 0) throw new Error('autocannon got refusals: the raw figure would be wrong');
  return result['2xx'] / result.duration;
}

/**
 * Suite `sync`: 10,000 submitted cases drained by the outbox worker to the central simulator
 * on loopback, against the simulator's raw throughput on the same endpoint (autocannon).
 */
export async function runSyncSuite(): Promise<Figure[]> {
  const central = await startCentral();
  try {
    const profiles = loadProfiles(join(ROOT, 'resources', 'profiles'));
    const shanxi = profiles.profiles.find((item) => item.id === 'shanxi');
    if (!shanxi) throw new Error('no shanxi profile');
    // A first run warms the simulator up (JIT, SQLite caches) and is not counted.
    await rawThroughput(central.url, shanxi, 3_000_000, WARM_UP_SECONDS);
    const warm = await settledStats(central.url);
    // Raw load before and after the drain, averaged: the machine's other load drifts.
    let cpu = childCpuMs(central.child);
    const rawBefore = await rawThroughput(central.url, shanxi, 1_000_000);
    const before = await settledStats(central.url);
    console.log(
      `  simulator CPU per raw request: ${(((childCpuMs(central.child) - cpu) * 1000) / (before.submissions - warm.submissions)).toFixed(0)} µs`,
    );
    cpu = childCpuMs(central.child);
    const drained = await drainOutbox(central.url);
    const after = await settledStats(central.url);
    console.log(
      `  simulator CPU per outbox case: ${(((childCpuMs(central.child) - cpu) * 1000) / CASES).toFixed(0)} µs`,
    );
    const outboxSubmissions = after.submissions - before.submissions;
    const outboxAccepted = after.accepted - before.accepted;
    // A duplicate: a second stored submission of one attempt, or more stored than queued.
    const duplicates = after.duplicates + Math.max(0, outboxSubmissions - CASES);
    if (outboxAccepted !== CASES || drained.accepted !== CASES) {
      throw new Error(`expected ${CASES} accepted, platform ${outboxAccepted}`);
    }
    const rawAfter = await rawThroughput(central.url, shanxi, 2_000_000);
    const raw = (rawBefore + rawAfter) / 2;
    return [
      { name: 'outbox_drain_per_s', value: Math.round(drained.perSecond), unit: 'cases/s' },
      { name: 'central_raw_per_s', value: Math.round(raw), unit: 'req/s' },
      {
        name: 'outbox_vs_raw_ratio',
        value: Number((drained.perSecond / raw).toFixed(2)),
        unit: 'ratio',
      },
      { name: 'outbox_duplicates', value: duplicates, unit: 'count' },
    ];
  } finally {
    central.child.kill('SIGTERM');
  }
}
