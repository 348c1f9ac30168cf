import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { HttpCentralPlatform } from '../../src-main/sync/http-platform';
import { sealPassword } from '../../src-renderer/src/applicant/seal';
import {
  applicantScreen,
  citizenCaseReady,
  confirmAndConsent,
  pairScreen,
  sealedOnScreen,
} from '../helpers/applicant-flow';
import { call, callFails } from '../helpers/core-harness';
import { drawnSignaturePng } from '../helpers/signature-png';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

/**
 * The platform rotates its sealing key: the counter picks the new one up only with a proof
 * made with the key it has pinned, a password sealed to the previous key is accepted during
 * the platform's grace period and refused after it, with the next step to set it again.
 */
let sync: SyncHarness;
let screen: CallerSession;

const HOUR = 60 * 60_000;

beforeEach(async () => {
  sync = await openSyncHarness();
  await call(sync.harness.core, sync.supervisor, 'handover:setRequired', { required: true });
  screen = applicantScreen(sync);
  await pairScreen(sync, screen);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sync.dispose();
});

async function rotateOnPlatform(graceMs: number): Promise<string> {
  const reply = await fetch(`${sync.central.url}/__admin/sealing-key/rotate`, {
    method: 'POST',
    body: JSON.stringify({ graceMs }),
  });
  return ((await reply.json()) as { keyId: string }).keyId;
}

async function login(loginName: string, password: string): Promise<number> {
  const reply = await fetch(`${sync.central.url}/v1/login`, {
    method: 'POST',
    body: JSON.stringify({ loginName, password }),
  });
  return reply.status;
}

/** A registration case on which the applicant confirmed, consented and set the password. */
async function caseWithPassword(seed: number, password: string) {
  const core = sync.harness.core;
  const clerk = await sync.signInAgain();
  const { caseNumber, values } = await citizenCaseReady(sync, seed, clerk);
  await call(core, clerk, 'handover:start', { caseNumber });
  await confirmAndConsent(sync, screen, caseNumber);
  const sealed = await sealedOnScreen(sync, screen, caseNumber, password);
  await call(core, screen, 'applicant:setPassword', { caseNumber, sealed });
  // Shanxi's applicant also signs on the screen.
  await call(core, screen, 'applicant:sign', {
    caseNumber,
    pngBase64: drawnSignaturePng().toString('base64'),
  });
  await call(core, clerk, 'handover:takeBack', { caseNumber });
  return { caseNumber, loginName: values['account.username'] ?? '', keyId: sealed.keyId };
}

describe('rotating the platform sealing key', () => {
  it('pins the new key after 更新平台密钥, accepts the old key during the grace period and refuses it after', async () => {
    const core = sync.harness.core;
    const before = await call(core, sync.supervisor, 'handover:sealingKey', {});
    expect(before.keyId).toBe('sim-sealing-1');

    const early = await caseWithPassword(11, 'Mima#Early2026');
    const late = await caseWithPassword(12, 'Mima#Late2026');
    expect(early.keyId).toBe('sim-sealing-1');

    const newKeyId = await rotateOnPlatform(2 * HOUR);
    // Clerks may look but not rotate.
    expect((await callFails(core, sync.clerk, 'handover:refreshSealingKey', {})).code).toBe(
      'FORBIDDEN',
    );
    const rotated = await call(core, sync.supervisor, 'handover:refreshSealingKey', {});
    expect(rotated).toEqual(
      expect.objectContaining({ keyId: newKeyId, previousKeyId: 'sim-sealing-1', changed: true }),
    );
    const audit = await call(core, sync.supervisor, 'audit:recent', { limit: 50 });
    expect(JSON.stringify(audit)).toContain('更新平台加密公钥');
    // Asking again changes nothing.
    expect((await call(core, sync.supervisor, 'handover:refreshSealingKey', {})).changed).toBe(
      false,
    );

    // Within the grace period: the password sealed to the old key still opens.
    await call(core, await sync.signInAgain(), 'case:submit', { caseNumber: early.caseNumber });
    await sync.drainAll();
    expect(await login(early.loginName, 'Mima#Early2026')).toBe(200);

    // After it: refused, and the clerk is told to let the applicant set the password again.
    sync.harness.clock.set(new Date(sync.harness.clock.now().getTime() + 2 * HOUR + 1));
    const clerk = await sync.signInAgain();
    await call(core, clerk, 'case:submit', { caseNumber: late.caseNumber });
    await sync.drainAll();
    const refused = await call(core, await sync.signInAgain(), 'case:get', {
      caseNumber: late.caseNumber,
    });
    expect(refused.state).toBe('refused');
    expect(refused.platformMessage).toContain('重新设置密码');
    expect(await login(late.loginName, 'Mima#Late2026')).toBe(401);

    // The applicant sets it again, now sealed to the new key, and the case goes through.
    const again = await sync.signInAgain();
    // Two hours later the earlier clerk session is idle: the screen pairs again.
    const { code } = await call(core, again, 'handover:pairingCode', {});
    await call(core, screen, 'applicant:pair', { code });
    await call(core, again, 'handover:start', { caseNumber: late.caseNumber });
    const view = await call(core, screen, 'applicant:view', {});
    if (view.kind !== 'case' || view.password.mode !== 'password' || !view.password.sealing) {
      throw new Error('no password step');
    }
    expect(view.password.set).toBe(false);
    expect(view.password.sealing.keyId).toBe(newKeyId);
    if (view.confirmAnswer === null) {
      await call(core, screen, 'applicant:confirm', {
        caseNumber: late.caseNumber,
        correct: true,
      });
    }
    const sealed = await sealPassword('Mima#Again2026', view.password.sealing);
    await call(core, screen, 'applicant:setPassword', { caseNumber: late.caseNumber, sealed });
    await call(core, again, 'handover:takeBack', { caseNumber: late.caseNumber });
    await call(core, again, 'case:reopen', { caseNumber: late.caseNumber });
    await call(core, again, 'case:submit', { caseNumber: late.caseNumber });
    await sync.drainAll();
    expect(await login(late.loginName, 'Mima#Again2026')).toBe(200);
  });

  it('the sync check picks a rotation up by itself; a key without a valid proof is never pinned', async () => {
    const core = sync.harness.core;
    const newKeyId = await rotateOnPlatform(HOUR);
    await sync.desk.anchorTick();
    expect((await call(core, sync.supervisor, 'handover:sealingKey', {})).keyId).toBe(newKeyId);

    // Someone on the line hands out their own key with a made-up proof.
    await rotateOnPlatform(HOUR);
    const forged = {
      keyId: 'sim-sealing-3',
      suite: 'X25519-HKDF-SHA256-AES128GCM',
      publicKey: randomBytes(32).toString('base64'),
    };
    vi.spyOn(HttpCentralPlatform.prototype, 'sealingKeyEndorsement').mockResolvedValue({
      key: forged,
      proof: randomBytes(32).toString('base64'),
    });
    const refusal = await callFails(core, sync.supervisor, 'handover:refreshSealingKey', {});
    expect(refusal.code).toBe('APPLICANT_SEALING_KEY_UNVERIFIED');
    expect(refusal.nextStep).toContain('继续使用原公钥');
    expect((await call(core, sync.supervisor, 'handover:sealingKey', {})).keyId).toBe(newKeyId);
  });
});
