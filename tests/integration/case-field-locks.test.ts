import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CoreHarness } from '../helpers/core-harness';
import { call, callFails, openStaffedCore } from '../helpers/core-harness';

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;

beforeEach(async () => {
  ({ harness, supervisor, clerk } = await openStaffedCore());
  await call(harness.core, supervisor, 'settings:update', { idcardReader: 'training' });
});

afterEach(() => harness.dispose());

async function openCase(subjectName: string, delegated: boolean): Promise<string> {
  const profile = await call(harness.core, clerk, 'profile:current', {});
  const subject = profile.subjectTypes.find((type) => type.name === subjectName);
  const opened = await call(harness.core, clerk, 'case:create', {
    operation: 'register',
    subjectType: subject?.code ?? '',
    delegated,
  });
  return opened.caseNumber;
}

describe('fields filled from an ID card belong to the case', () => {
  it('stores the card values with their locks, keeps them across saves, and refuses a change without the audited unlock', async () => {
    const caseNumber = await openCase('自然人', false);
    const waiting = call(harness.core, clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber,
      party: 'applicant',
    });
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    await waiting;

    const opened = await call(harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    expect(opened.values['applicant.name']).toBe('张三');
    expect(opened.values['applicant.idNumber']).toBe('11010519491231002X');
    expect(opened.fieldSources).toMatchObject({
      'applicant.name': 'idcard',
      'applicant.idNumber': 'idcard',
    });

    // A save that carries the card's values (or leaves them out) keeps them.
    const saved = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber,
      values: { 'applicant.mobile': '13712345678' },
      reveal: true,
    });
    expect(saved.values['applicant.idNumber']).toBe('11010519491231002X');
    expect(saved.fieldSources['applicant.idNumber']).toBe('idcard');

    // Typing over a locked value is refused by the core, naming the field.
    const refused = await callFails(harness.core, clerk, 'case:saveValues', {
      caseNumber,
      values: { 'applicant.name': '李四', 'applicant.mobile': '13712345678' },
    });
    expect(refused.code).toBe('FIELD_LOCKED');
    expect(refused.message).toContain('来自身份证');
    expect(refused.fields?.['applicant.name']).toContain('解锁修改');

    await call(harness.core, clerk, 'idcard:unlockField', {
      caseNumber,
      field: 'applicant.name',
    });
    const changed = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber,
      values: { ...saved.values, 'applicant.name': '李四' },
    });
    expect(changed.values['applicant.name']).toBe('李四');
    expect(changed.fieldSources['applicant.name']).toBeUndefined();
    expect(changed.fieldSources['applicant.idNumber']).toBe('idcard');
    const history = await call(harness.core, clerk, 'case:history', { caseNumber });
    expect(history.map((entry) => entry.action)).toContain('case.card-field-unlocked');
    expect(history.map((entry) => entry.action)).toContain('idcard.read');
  });
});

describe('one card wait at a time', () => {
  it('a new wait ends the earlier one, and the card fills only the newer wait’s person', async () => {
    const caseNumber = await openCase('企业法人', true);
    const detail = await call(harness.core, clerk, 'case:get', { caseNumber, reveal: false });
    const parties = [...new Set(detail.fields.map((field) => field.party))].filter((party) =>
      ['legalRep', 'agent', 'applicant'].includes(party),
    );
    expect(parties.length).toBeGreaterThanOrEqual(2);
    const [first = '', second = ''] = parties;

    const firstWait = callFails(harness.core, clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber,
      party: first,
    });
    const secondWait = call(harness.core, clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber,
      party: second,
    });
    expect((await firstWait).code).toBe('READER_WAIT_REPLACED');
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    expect((await secondWait)?.values.name).toBe('张三');

    const after = await call(harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    expect(after.values[`${second}.name`]).toBe('张三');
    expect(after.values[`${first}.name`]).toBeUndefined();
  });

  it('a cancelled wait fills nobody when the card comes afterwards', async () => {
    const caseNumber = await openCase('自然人', false);
    const waiting = callFails(harness.core, clerk, 'idcard:waitForCard', {
      timeoutMs: 5000,
      caseNumber,
      party: 'applicant',
    });
    await call(harness.core, clerk, 'idcard:cancelWait', {});
    expect((await waiting).code).toBe('READER_WAIT_REPLACED');
    await call(harness.core, clerk, 'idcard:placeTrainingCard', {});
    const after = await call(harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    expect(after.values['applicant.name']).toBeUndefined();
  });
});

describe('saving by itself does not flood the audit log', () => {
  it('a run of saves by the same clerk is one audit entry; a save after anything else starts a new one', async () => {
    const caseNumber = await openCase('自然人', false);
    for (const mobile of ['1371234', '137123456', '13712345678']) {
      await call(harness.core, clerk, 'case:saveValues', {
        caseNumber,
        values: { 'applicant.mobile': mobile },
      });
    }
    const saves = async () =>
      (await call(harness.core, clerk, 'case:history', { caseNumber })).filter(
        (entry) => entry.action === 'case.values-saved',
      ).length;
    expect(await saves()).toBe(1);
    await call(harness.core, clerk, 'idcard:unlockField', {
      caseNumber,
      field: 'applicant.name',
    });
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber,
      values: { 'applicant.mobile': '13812345678' },
    });
    expect(await saves()).toBe(2);
  });
});
