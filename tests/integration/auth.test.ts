import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  CLERK,
  openTestCore,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';

let harness: CoreHarness;
beforeEach(() => {
  harness = openTestCore();
});
afterEach(() => harness.dispose());

describe('first run', () => {
  it('asks for the supervisor account, then never again', async () => {
    const { core } = harness;
    const session = core.newSession();
    expect((await call(core, session, 'app:status', {})).state).toBe('setup-required');
    const user = await call(core, session, 'setup:createSupervisor', SUPERVISOR);
    expect(user).toMatchObject({ role: 'supervisor', displayName: '王主任' });
    expect((await call(core, session, 'app:status', {})).state).toBe('ready');
    const again = await callFails(core, core.newSession(), 'setup:createSupervisor', {
      ...SUPERVISOR,
      username: 'other',
    });
    expect(again.code).toBe('SETUP_ALREADY_DONE');
  });

  it('refuses a weak supervisor password with the reason on the field', async () => {
    const error = await callFails(
      harness.core,
      harness.core.newSession(),
      'setup:createSupervisor',
      {
        ...SUPERVISOR,
        password: 'zhuren123',
      },
    );
    expect(error.code).toBe('WEAK_PASSWORD');
    expect(error.fields).toEqual({ password: '密码不能包含登录名' });
  });

  it('refuses login before setup with a pointer to setup', async () => {
    const error = await callFails(harness.core, harness.core.newSession(), 'auth:login', {
      username: 'a',
      password: 'b',
    });
    expect(error.code).toBe('SETUP_REQUIRED');
  });
});

describe('login and lockout', () => {
  it('lets a clerk log in and shows who is logged in', async () => {
    const { core } = harness;
    const { clerkPassword } = await withSupervisorAndClerk(core);
    const session = core.newSession();
    await call(core, session, 'auth:login', { username: 'GUIYUAN1', password: clerkPassword });
    const state = await call(core, session, 'auth:session', {});
    expect(state.user).toMatchObject({ displayName: CLERK.displayName, role: 'clerk' });
    expect(state.idleLockMinutes).toBe(10);
  });

  it('answers an unknown login name exactly like a wrong password', async () => {
    const { core } = harness;
    await withSupervisorAndClerk(core);
    const unknown = await callFails(core, core.newSession(), 'auth:login', {
      username: 'nobody',
      password: 'whatever1',
    });
    expect(unknown.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.message).toBe('用户名或密码错误。');
  });

  it('locks the account for 15 minutes after five wrong passwords and says until when', async () => {
    const { core, clock } = harness;
    const { clerkPassword } = await withSupervisorAndClerk(core);
    const session = core.newSession();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const error = await callFails(core, session, 'auth:login', {
        username: CLERK.username,
        password: 'wrong-pass1',
      });
      expect(error.code).toBe('INVALID_CREDENTIALS');
      expect(error.nextStep).toContain(`再输错 ${5 - attempt} 次`);
    }
    const locked = await callFails(core, session, 'auth:login', {
      username: CLERK.username,
      password: 'wrong-pass1',
    });
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    const until = new Date(clock.now().getTime() + 15 * 60_000);
    expect(locked.until).toBe(until.toISOString());
    const hhmm = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`;
    expect(locked.message).toContain(`锁定至 ${hhmm}`);

    const stillLocked = await callFails(core, session, 'auth:login', {
      username: CLERK.username,
      password: clerkPassword,
    });
    expect(stillLocked.code).toBe('ACCOUNT_LOCKED');

    clock.advanceMinutes(15);
    await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
  });

  it('lets the supervisor lift a lock by resetting the password, which must then be changed', async () => {
    const { core } = harness;
    const { supervisor, clerkId } = await withSupervisorAndClerk(core);
    for (let i = 0; i < 5; i += 1) {
      await core.dispatch(core.newSession(), 'auth:login', {
        username: CLERK.username,
        password: 'bad-pass1',
      });
    }
    const listed = await call(core, supervisor, 'clerks:list', {});
    expect(listed.find((c) => c.id === clerkId)?.lockedUntil).not.toBeNull();
    await call(core, supervisor, 'clerks:resetPassword', {
      id: clerkId,
      newPassword: 'Reset#2026x',
    });
    const session = core.newSession();
    const user = await call(core, session, 'auth:login', {
      username: CLERK.username,
      password: 'Reset#2026x',
    });
    expect(user.mustChangePassword).toBe(true);
    const blocked = await callFails(core, session, 'home:summary', {});
    expect(blocked.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses a disabled clerk at login and at the next request of an open session', async () => {
    const { core } = harness;
    const { supervisor, clerkId, clerkPassword } = await withSupervisorAndClerk(core);
    const session = core.newSession();
    await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
    await call(core, supervisor, 'clerks:setDisabled', { id: clerkId, disabled: true });
    expect((await callFails(core, session, 'home:summary', {})).code).toBe('ACCOUNT_DISABLED');
    const login = await callFails(core, core.newSession(), 'auth:login', {
      username: CLERK.username,
      password: clerkPassword,
    });
    expect(login.code).toBe('ACCOUNT_DISABLED');
  });

  it('does not let a supervisor disable their own account', async () => {
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const self = (await call(core, supervisor, 'auth:session', {})).user;
    const error = await callFails(core, supervisor, 'clerks:setDisabled', {
      id: self?.id,
      disabled: true,
    });
    expect(error.code).toBe('CANNOT_CHANGE_SELF');
  });
});

describe('idle lock', () => {
  it('locks a session idle longer than the setting and unlocks with the same password only', async () => {
    const { core, clock } = harness;
    const { clerkPassword } = await withSupervisorAndClerk(core);
    const session = core.newSession();
    await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
    clock.advanceMinutes(9);
    await call(core, session, 'home:summary', {});
    clock.advanceMinutes(10.5);
    expect((await callFails(core, session, 'home:summary', {})).code).toBe('SESSION_LOCKED');
    expect((await call(core, session, 'auth:session', {})).locked).toBe(true);
    const wrong = await callFails(core, session, 'auth:unlock', { password: 'not-mine1' });
    expect(wrong.code).toBe('INVALID_CREDENTIALS');
    await call(core, session, 'auth:unlock', { password: clerkPassword });
    expect((await call(core, session, 'auth:session', {})).user?.username).toBe(CLERK.username);
    await call(core, session, 'home:summary', {});
  });

  it('follows the idle minutes the supervisor sets', async () => {
    const { core, clock } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    await call(core, supervisor, 'settings:update', {
      hallName: '太原市政务服务大厅',
      hallCode: 'TY01',
      idleLockMinutes: 3,
    });
    clock.advanceMinutes(4);
    expect((await callFails(core, supervisor, 'clerks:list', {})).code).toBe('SESSION_LOCKED');
  });
});

describe('the contract at the boundary', () => {
  it('refuses a clerk calling a supervisor channel', async () => {
    const { core } = harness;
    const { clerkPassword } = await withSupervisorAndClerk(core);
    const session = core.newSession();
    await call(core, session, 'auth:login', { username: CLERK.username, password: clerkPassword });
    const error = await callFails(core, session, 'clerks:list', {});
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('当前账号无权执行此操作。');
  });

  it('answers an unknown channel and a bad payload with typed errors, not a crash', async () => {
    const { core } = harness;
    const session = core.newSession();
    expect((await callFails(core, session, 'cases:destroyAll', {})).code).toBe('UNKNOWN_CHANNEL');
    const bad = await callFails(core, session, 'auth:login', { username: 42 });
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fields ?? {})).toEqual(expect.arrayContaining(['username', 'password']));
    expect(JSON.stringify(bad)).not.toMatch(/at .*\.ts/);
    expect((await callFails(core, session, 'home:summary', {})).code).toBe('NOT_LOGGED_IN');
  });

  it('never returns a password hash to the renderer', async () => {
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    const text = JSON.stringify(await call(core, supervisor, 'clerks:list', {}));
    expect(text).not.toContain('scrypt');
  });
});
