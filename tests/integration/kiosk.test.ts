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

describe('kiosk use (柜台专用模式)', () => {
  it('is a supervisor’s setting that every shell reads from app:status', async () => {
    const { core } = harness;
    const { supervisor, clerkPassword } = await withSupervisorAndClerk(core);
    expect((await call(core, core.newSession(), 'app:status', {})).kioskMode).toBe(false);

    const clerk = core.newSession();
    await call(core, clerk, 'auth:login', { username: CLERK.username, password: clerkPassword });
    expect((await callFails(core, clerk, 'settings:update', { kioskMode: true })).code).toBe(
      'FORBIDDEN',
    );
    await call(core, supervisor, 'settings:update', { kioskMode: true });

    expect((await call(core, core.newSession(), 'app:status', {})).kioskMode).toBe(true);
  });

  it('is left only with a supervisor’s own password, and the leave is audited', async () => {
    const { core } = harness;
    const { supervisor, clerkPassword } = await withSupervisorAndClerk(core);
    const clerk = core.newSession();
    await call(core, clerk, 'auth:login', { username: CLERK.username, password: clerkPassword });

    const wrong = await callFails(core, clerk, 'kiosk:leave', {
      username: SUPERVISOR.username,
      password: 'Not-the-password1',
    });
    expect(wrong.code).toBe('KIOSK_LEAVE_REFUSED');
    expect(wrong.message).toContain('不能退出柜台专用模式');
    // A clerk's own password is no supervisor's.
    const asClerk = await callFails(core, clerk, 'kiosk:leave', {
      username: CLERK.username,
      password: clerkPassword,
    });
    expect(asClerk.code).toBe('KIOSK_LEAVE_REFUSED');

    // From the login screen too, with no one signed in.
    await call(core, core.newSession(), 'kiosk:leave', {
      username: SUPERVISOR.username,
      password: SUPERVISOR.password,
    });

    const audit = await call(core, supervisor, 'audit:recent', { limit: 10 });
    expect(audit.map((entry) => entry.action)).toContain('kiosk.left');
    expect(audit.map((entry) => entry.action)).toContain('auth.approval-failed');
  });
});

describe('the update address', () => {
  it('is a supervisor’s setting, checked, and read by the desktop shell from app:status', async () => {
    const { core } = harness;
    const { supervisor } = await withSupervisorAndClerk(core);
    expect((await call(core, core.newSession(), 'app:status', {})).updateUrl).toBe('');

    const refused = await callFails(core, supervisor, 'settings:update', {
      updateUrl: 'ftp://10.1.2.3/counter-desk',
    });
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields?.updateUrl).toContain('http://');

    await call(core, supervisor, 'settings:update', { updateUrl: 'http://10.1.2.3/counter-desk' });
    expect((await call(core, core.newSession(), 'app:status', {})).updateUrl).toBe(
      'http://10.1.2.3/counter-desk',
    );
  });
});
