import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerSession, Core } from '../../src-main/api/core-types';
import type { CoreOptions } from '../../src-main/api/open-core';
import { openCore } from '../../src-main/api/open-core';
import type { ChannelName, RequestOf, ResponseOf } from '../../src-main/contract/channels';
import type { ContractErrorPayload } from '../../src-main/contract/errors';
import { ManualClock } from '../../src-main/domain/ports/clock';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';

/** A core on a fresh temporary data folder, with a clock the test moves. */
export interface CoreHarness {
  core: Core;
  clock: ManualClock;
  dataDir: string;
  logged: string[];
  reopen(): void;
  dispose(): void;
}

/** Opens a core the way the browser shell does, on a temporary folder. */
export function openTestCore(
  dataDir = mkdtempSync(join(tmpdir(), 'counter-core-')),
  extra: Partial<CoreOptions> = {},
): CoreHarness {
  const clock = new ManualClock();
  const logged: string[] = [];
  const open = () =>
    openCore({
      dataDir,
      resourcesDir: join(import.meta.dirname, '..', '..', 'resources'),
      secretStore: new KeyFileSecretStore(dataDir),
      shell: 'browser',
      version: 'test',
      clock,
      logger: { error: (message) => logged.push(message) },
      ...extra,
    });
  const harness: CoreHarness = {
    core: open(),
    clock,
    dataDir,
    logged,
    reopen() {
      harness.core.close();
      harness.core = open();
    },
    dispose() {
      harness.core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Calls a channel and returns the value, failing the test with the error otherwise. */
export async function call<N extends ChannelName>(
  core: Core,
  session: CallerSession,
  channel: N,
  request: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const result = await core.dispatch(session, channel, request);
  if (!result.ok)
    throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ResponseOf<N>;
}

/** Calls a channel that must fail and returns its error. */
export async function callFails(
  core: Core,
  session: CallerSession,
  channel: string,
  request: unknown,
): Promise<ContractErrorPayload> {
  const result = await core.dispatch(session, channel, request);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

export const SUPERVISOR = { username: 'zhuren', displayName: '王主任', password: 'Counter#2026' };
export const CLERK = { username: 'guiyuan1', displayName: '李柜员', password: 'Start#2026a' };

/** Runs first-run setup and creates one clerk who has already set an own password. */
export async function withSupervisorAndClerk(core: Core): Promise<{
  supervisor: CallerSession;
  clerkId: number;
  clerkPassword: string;
}> {
  const supervisor = core.newSession();
  await call(core, supervisor, 'setup:createSupervisor', SUPERVISOR);
  const clerk = await call(core, supervisor, 'clerks:create', {
    username: CLERK.username,
    displayName: CLERK.displayName,
    role: 'clerk',
    initialPassword: CLERK.password,
  });
  const clerkSession = core.newSession();
  await call(core, clerkSession, 'auth:login', {
    username: CLERK.username,
    password: CLERK.password,
  });
  const clerkPassword = 'MyOwn#Pass9';
  await call(core, clerkSession, 'auth:changePassword', {
    currentPassword: CLERK.password,
    newPassword: clerkPassword,
  });
  await call(core, clerkSession, 'auth:logout', {});
  return { supervisor, clerkId: clerk.id, clerkPassword };
}

/** A signed-in session of the clerk that withSupervisorAndClerk created. */
export async function signInClerk(core: Core, clerkPassword: string): Promise<CallerSession> {
  const session = core.newSession();
  await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
  return session;
}

/** A fresh core past first run, with the supervisor and a clerk signed in. */
export async function openStaffedCore(extra: Partial<CoreOptions> = {}): Promise<{
  harness: CoreHarness;
  supervisor: CallerSession;
  clerk: CallerSession;
}> {
  const harness = openTestCore(undefined, extra);
  const staff = await withSupervisorAndClerk(harness.core);
  const clerk = await signInClerk(harness.core, staff.clerkPassword);
  return { harness, supervisor: staff.supervisor, clerk };
}
