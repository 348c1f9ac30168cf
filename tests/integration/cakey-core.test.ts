import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import { TRAINING_KEY } from '../../src-main/services/cakey/cakey-desk';
import { migrate } from '../../src-main/store/migrations';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, openStaffedCore } from '../helpers/core-harness';

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore());
});

afterEach(() => harness.dispose());

async function enterpriseCase() {
  return call(harness.core, clerk, 'case:create', {
    operation: 'register',
    subjectType: 'enterprise',
    delegated: false,
  });
}

describe('the CA key through the core (training key on SoftHSM2)', () => {
  it('shows the CA key line in the device status area', async () => {
    await call(harness.core, supervisor, 'settings:update', { cakeyMode: 'none' });
    const home = await call(harness.core, clerk, 'home:summary', {});
    expect(home.devices.find((device) => device.kind === 'ca-key')).toMatchObject({
      state: 'not-configured',
    });
    const error = await callFails(harness.core, clerk, 'cakey:readCertificate', {});
    expect(error.code).toBe('CAKEY_NOT_CONFIGURED');
    await call(harness.core, supervisor, 'settings:update', { cakeyMode: 'training' });
    expect(await call(harness.core, clerk, 'cakey:status', {})).toMatchObject({
      state: 'ready',
      detail: '培训 UKey（模拟）已就绪',
    });
  });

  it('reads the company name and credit code into a company case and audits the read', async () => {
    await call(harness.core, supervisor, 'settings:update', { cakeyMode: 'training' });
    const opened = await enterpriseCase();
    const read = await call(harness.core, clerk, 'cakey:readCertificate', {
      caseNumber: opened.caseNumber,
    });
    expect(read.certificate).toMatchObject({
      companyName: TRAINING_KEY.companyName,
      creditCode: TRAINING_KEY.creditCode,
      creditCodeSource: '证书扩展项 1.2.156.10260.4.1.4',
      algorithm: 'RSA 2048 / SHA-256',
      verifiable: true,
      trainingPin: TRAINING_KEY.pin,
    });
    expect(read.caseRecord).toMatchObject({
      creditCode: TRAINING_KEY.creditCode,
      fingerprintSha256: read.certificate.fingerprintSha256,
      verifiedAt: null,
    });
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(audit.map((entry) => entry.action)).toContain('cakey.read');
  });

  it('counts wrong PINs, then records the verified time when the key signs the challenge', async () => {
    await call(harness.core, supervisor, 'settings:update', { cakeyMode: 'training' });
    const opened = await enterpriseCase();
    await call(harness.core, clerk, 'cakey:readCertificate', { caseNumber: opened.caseNumber });
    const first = await callFails(harness.core, clerk, 'cakey:prove', {
      caseNumber: opened.caseNumber,
      pin: '975310',
    });
    expect(first.code).toBe('CAKEY_PIN_INCORRECT');
    expect(first.message).toContain('已连续输错 1 次');
    const second = await callFails(harness.core, clerk, 'cakey:prove', {
      caseNumber: opened.caseNumber,
      pin: '975310',
    });
    expect(second.message).toContain('已连续输错 2 次');
    expect(second.fields?.pin).toContain('PIN 码不正确');

    harness.clock.advanceMinutes(3);
    const proved = await call(harness.core, clerk, 'cakey:prove', {
      caseNumber: opened.caseNumber,
      pin: TRAINING_KEY.pin,
    });
    expect(proved).toMatchObject({
      verifiedAt: harness.clock.now().toISOString(),
      verifiedMethod: 'signature',
    });
    expect(
      await call(harness.core, clerk, 'cakey:caseRecord', { caseNumber: opened.caseNumber }),
    ).toMatchObject({ verifiedMethod: 'signature' });
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 10 });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['cakey.proved', 'cakey.prove-failed']),
    );
    // The PIN is never kept: the audit entries say only the outcome.
    const raw = JSON.stringify(audit);
    expect(raw).not.toContain('975310');
    expect(raw).not.toContain(TRAINING_KEY.pin);
  });

  it('refuses to submit while the typed credit code differs from the key, and says which one', async () => {
    await call(harness.core, supervisor, 'settings:update', { cakeyMode: 'training' });
    const opened = await enterpriseCase();
    await call(harness.core, clerk, 'cakey:readCertificate', { caseNumber: opened.caseNumber });
    // The code the key filled is locked on the case: typing another needs the audited unlock.
    const typed = validValuesFor(opened);
    const locked = await callFails(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: typed,
    });
    expect(locked.code).toBe('FIELD_LOCKED');
    await call(harness.core, clerk, 'cakey:unlockField', {
      caseNumber: opened.caseNumber,
      field: 'company.creditCode',
    });
    await call(harness.core, clerk, 'cakey:unlockField', {
      caseNumber: opened.caseNumber,
      field: 'company.name',
    });
    const saved = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: typed,
    });
    expect(saved.issues['company.creditCode']?.message).toContain(TRAINING_KEY.creditCode);
    await recordAllMaterials(harness.core, clerk, saved);
    const refused = await callFails(harness.core, clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(refused.code).toBe('CASE_FIELDS_INVALID');
    expect(refused.fields?.['company.creditCode']).toContain('不一致');

    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...typed, 'company.creditCode': TRAINING_KEY.creditCode },
    });
    const submitted = await call(harness.core, clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(submitted.state).not.toBe('draft');
  });

  it('audits unlocking a field the certificate filled', async () => {
    const opened = await enterpriseCase();
    await call(harness.core, clerk, 'cakey:unlockField', {
      caseNumber: opened.caseNumber,
      field: 'company.name',
    });
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 3 });
    expect(audit.map((entry) => entry.action)).toContain('case.cakey-field-unlocked');
  });
});

describe('migration 5', () => {
  it('creates the table of certificates read into cases', () => {
    const db = new Database(':memory:');
    migrate(db);
    const columns = db.prepare('PRAGMA table_info(case_ca_keys)').all() as { name: string }[];
    expect(columns.map((column) => column.name)).toContain('fingerprint_sha256');
    db.close();
  });
});
