import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, openStaffedCore } from '../helpers/core-harness';

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore());
});

afterEach(() => harness.dispose());

describe('the ID card reader through the core', () => {
  it('says the reader is not configured until the supervisor chooses one', async () => {
    expect((await call(harness.core, clerk, 'idcard:status', {})).state).toBe('not-configured');
    const error = await callFails(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 500 });
    expect(error.code).toBe('READER_NOT_CONFIGURED');
  });

  it('fills the person from the training card, flags open cases with the same number, and audits the read', async () => {
    await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    const profile = await call(harness.core, clerk, 'profile:current', {});
    const person = profile.subjectTypes.find((type) => type.name === '自然人');
    const opened = await call(harness.core, clerk, 'case:create', {
      operation: 'register',
      subjectType: person?.code ?? '',
      delegated: false,
    });
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { 'applicant.idNumber': '11010519491231002X' },
    });
    const waiting = call(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 5000 });
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    const read = await waiting;
    expect(read).toMatchObject({
      cardKind: 'resident',
      expired: false,
      openCases: [opened.caseNumber],
      values: { name: '张三', idNumber: '11010519491231002X', nation: '汉', idValidTo: '长期' },
    });
    expect((await call(harness.core, clerk, 'idcard:status', {})).state).toBe('ready');
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 5 });
    expect(audit.map((entry) => entry.action)).toContain('idcard.read');
    expect(JSON.stringify(audit)).not.toContain('11010519491231002X');
  });

  it('answers empty when no card comes before the time is up', async () => {
    await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
    expect(await call(harness.core, clerk, 'idcard:waitForCard', { timeoutMs: 600 })).toBeNull();
  });
});
