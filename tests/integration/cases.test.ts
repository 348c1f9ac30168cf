import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  CLERK,
  openTestCore,
  signInClerk,
  SUPERVISOR,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import { creditCode, residentId, withWrongCheck } from '../helpers/identity-fixtures';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;
let profile: ProvinceProfile;

beforeEach(async () => {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-24T09:30:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  clerk = await signInClerk(harness.core, staff.clerkPassword);
  profile = await call(harness.core, clerk, 'profile:current', {});
});

afterEach(() => harness.dispose());

async function openCase(names: {
  operation: string;
  subjectType: string;
  delegated: boolean;
}): Promise<CaseDetail> {
  return call(harness.core, clerk, 'case:create', caseTypeKeyByNames(profile, names));
}

const branchDelegated = { operation: '注册', subjectType: '分公司', delegated: true };
const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };

describe('opening a case', () => {
  it('numbers cases by hall, day and sequence and stamps the rule version', async () => {
    const first = await openCase(personSelf);
    const second = await openCase(branchDelegated);
    expect(first.caseNumber).toBe('0001-20261124-0001');
    expect(second.caseNumber).toBe('0001-20261124-0002');
    expect(first.state).toBe('draft');
    expect(first.ruleVersion).toBe(profile.ruleVersion);
    expect(first.profileId).toBe('shanxi');
  });

  it('gives a delegated branch registration exactly its seven materials', async () => {
    const detail = await openCase(branchDelegated);
    expect(detail.materials).toHaveLength(7);
    expect(detail.missingCount).toBe(7);
    expect(detail.materials.map((item) => item.label).join('|')).toMatch(/附录3|授权书/);
  });

  it('refuses a case type the province does not have', async () => {
    const error = await callFails(harness.core, clerk, 'case:create', {
      operation: 'register',
      subjectType: 'no-such-type',
      delegated: false,
    });
    expect(error.code).toBe('CASE_TYPE_UNSUPPORTED');
  });
});

describe('filling the form', () => {
  it('keeps what was typed even when wrong, and says what is wrong', async () => {
    const detail = await openCase(branchDelegated);
    const values = validValuesFor(detail);
    const idKey = detail.fields.find((field) => field.kind === 'resident-id')?.key ?? '';
    const codeKey = detail.fields.find((field) => field.kind === 'uscc')?.key ?? '';
    values[idKey] = withWrongCheck(values[idKey] ?? '', '0123456789X');
    values[codeKey] = withWrongCheck(values[codeKey] ?? '');
    const saved = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values,
      reveal: true,
    });
    expect(saved.values[idKey]).toBe(values[idKey]);
    expect(saved.issues[idKey]?.severity).toBe('error');
    expect(saved.issues[idKey]?.message).toMatch(/校验/);
    expect(saved.issues[codeKey]?.severity).toBe('error');
    const refused = await callFails(harness.core, clerk, 'case:startCollecting', {
      caseNumber: detail.caseNumber,
    });
    expect(refused.code).toBe('CASE_FIELDS_INVALID');
    expect(Object.keys(refused.fields ?? {})).toEqual(expect.arrayContaining([idKey, codeKey]));
  });

  it('masks ID numbers and phones unless revealed, and audits the reveal', async () => {
    const detail = await openCase(personSelf);
    const values = validValuesFor(detail);
    await call(harness.core, clerk, 'case:saveValues', { caseNumber: detail.caseNumber, values });
    const masked = await call(harness.core, clerk, 'case:get', { caseNumber: detail.caseNumber });
    expect(masked.values['applicant.idNumber']).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(masked.revealed).toBe(false);
    const revealed = await call(harness.core, clerk, 'case:get', {
      caseNumber: detail.caseNumber,
      reveal: true,
    });
    expect(revealed.values['applicant.idNumber']).toBe(values['applicant.idNumber']);
    const history = await call(harness.core, clerk, 'case:history', {
      caseNumber: detail.caseNumber,
    });
    expect(history.map((entry) => entry.action)).toContain('case.revealed');
  });
});

describe('submitting', () => {
  it('refuses to submit while a material is missing and names it', async () => {
    const detail = await openCase(branchDelegated);
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values: validValuesFor(detail),
    });
    const error = await callFails(harness.core, clerk, 'case:submit', {
      caseNumber: detail.caseNumber,
    });
    expect(error.code).toBe('MATERIALS_MISSING');
    expect(error.message).toContain(detail.materials[0]?.label ?? '?');
  });

  it('submits once every material is recorded, and audits each step', async () => {
    const detail = await openCase(branchDelegated);
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values: validValuesFor(detail),
    });
    const recorded = await recordAllMaterials(harness.core, clerk, detail);
    expect(recorded.missingCount).toBe(0);
    expect(recorded.materials[0]?.recordedByName).toBe('李柜员');
    const submitted = await call(harness.core, clerk, 'case:submit', {
      caseNumber: detail.caseNumber,
    });
    expect(submitted.state).toBe('submitted');
    expect(submitted.actions).toEqual([]);
    const history = await call(harness.core, clerk, 'case:history', {
      caseNumber: detail.caseNumber,
    });
    expect(
      history.filter((entry) => entry.action === 'case.state-changed').map((e) => e.note),
    ).toEqual(['草稿 → 收件中', '收件中 → 待提交', '待提交 → 已提交']);
    const edit = await callFails(harness.core, clerk, 'case:recordMaterial', {
      caseNumber: detail.caseNumber,
      code: detail.materials[0]?.code ?? '',
      originalSeen: false,
      copyArchived: false,
      attested: false,
    });
    expect(edit.code).toBe('CASE_NOT_EDITABLE');
  });

  it('submits with a missing material only after a supervisor approves, with a reason', async () => {
    const detail = await openCase(branchDelegated);
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values: validValuesFor(detail),
    });
    const allButOne = detail.materials.slice(1);
    for (const item of allButOne) {
      await call(harness.core, clerk, 'case:recordMaterial', {
        caseNumber: detail.caseNumber,
        code: item.code,
        originalSeen: item.needsOriginal,
        copyArchived: item.needsCopy,
        attested: item.attestation !== 'none',
        signedOriginalArchived: item.form !== null,
      });
    }
    const wrong = await callFails(harness.core, clerk, 'case:approveException', {
      caseNumber: detail.caseNumber,
      supervisorUsername: SUPERVISOR.username,
      supervisorPassword: 'not-the-password',
      reason: '申请人原件遗失，已报失',
    });
    expect(wrong.code).toBe('INVALID_CREDENTIALS');
    const byClerk = await callFails(harness.core, clerk, 'case:approveException', {
      caseNumber: detail.caseNumber,
      supervisorUsername: CLERK.username,
      supervisorPassword: 'MyOwn#Pass9',
      reason: '申请人原件遗失，已报失',
    });
    expect(byClerk.code).toBe('SUPERVISOR_APPROVAL_REFUSED');
    const approved = await call(harness.core, clerk, 'case:approveException', {
      caseNumber: detail.caseNumber,
      supervisorUsername: SUPERVISOR.username,
      supervisorPassword: SUPERVISOR.password,
      reason: '申请人原件遗失，已报失',
    });
    expect(approved.exception?.approvedByName).toBe(SUPERVISOR.displayName);
    expect(approved.exception?.missing).toEqual([detail.materials[0]?.code]);
    const submitted = await call(harness.core, clerk, 'case:submit', {
      caseNumber: detail.caseNumber,
    });
    expect(submitted.state).toBe('submitted');
    const audit = await call(harness.core, supervisor, 'audit:recent', { limit: 50 });
    const approval = audit.find((entry) => entry.action === 'case.exception-approved');
    expect(approval?.actorName).toBe(SUPERVISOR.displayName);
  });

  it('cancels with a reason and then refuses changes', async () => {
    const detail = await openCase(personSelf);
    const noReason = await callFails(harness.core, clerk, 'case:cancel', {
      caseNumber: detail.caseNumber,
      reason: ' ',
    });
    expect(noReason.code).toBe('BAD_REQUEST');
    const cancelled = await call(harness.core, clerk, 'case:cancel', {
      caseNumber: detail.caseNumber,
      reason: '申请人放弃办理',
    });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.cancelReason).toBe('申请人放弃办理');
    const save = await callFails(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values: {},
    });
    expect(save.code).toBe('CASE_NOT_EDITABLE');
  });
});

describe('attachments', () => {
  it('stores a scan encrypted under its hash and gives it back', async () => {
    const detail = await openCase(personSelf);
    const item = detail.materials[0];
    const attached = await call(harness.core, clerk, 'case:attach', {
      caseNumber: detail.caseNumber,
      itemCode: item?.code ?? '',
      fileName: '身份证复印件.png',
      dataBase64: PNG.toString('base64'),
    });
    const file = attached.materials[0]?.attachments[0];
    expect(file?.mimeType).toBe('image/png');
    const folder = join(harness.dataDir, 'attachments');
    const [fanOut] = readdirSync(folder);
    const [sealed] = readdirSync(join(folder, fanOut ?? ''));
    const raw = readFileSync(join(folder, fanOut ?? '', sealed ?? ''));
    expect(raw.includes(PNG.subarray(0, 8))).toBe(false);
    const content = await call(harness.core, clerk, 'case:attachment', {
      caseNumber: detail.caseNumber,
      attachmentId: file?.id ?? 0,
    });
    expect(Buffer.from(content.dataBase64, 'base64').equals(PNG)).toBe(true);
  });

  it('rejects a file of the wrong type with a message', async () => {
    const detail = await openCase(personSelf);
    const error = await callFails(harness.core, clerk, 'case:attach', {
      caseNumber: detail.caseNumber,
      itemCode: detail.materials[0]?.code ?? '',
      fileName: '说明.txt',
      dataBase64: Buffer.from('plain text').toString('base64'),
    });
    expect(error.code).toBe('ATTACHMENT_REJECTED');
    expect(error.message).toMatch(/JPG|PNG|PDF/);
  });
  it("takes only the JPEG photos Zhejiang's overseas registration names, and needs both", async () => {
    const settings = await call(harness.core, supervisor, 'settings:get', {});
    await call(harness.core, supervisor, 'settings:update', { ...settings, profileId: 'zhejiang' });
    const zhejiang = await call(harness.core, clerk, 'profile:current', {});
    const overseas = {
      operation: '注册',
      subjectType: '非中华人民共和国大陆地区单位',
      delegated: false,
    };
    const opened = await call(
      harness.core,
      clerk,
      'case:create',
      caseTypeKeyByNames(zhejiang, overseas),
    );
    const filled = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: validValuesFor(opened, 4),
    });
    await recordAllMaterials(harness.core, clerk, filled);
    const missing = await callFails(harness.core, clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(missing.code).toBe('MATERIALS_MISSING');
    expect(missing.message).toContain('经办人证件信息页扫描件或照片');

    const png = await callFails(harness.core, clerk, 'case:attach', {
      caseNumber: opened.caseNumber,
      itemCode: 'agent-id-copy',
      fileName: '护照.png',
      dataBase64: PNG.toString('base64'),
    });
    expect(png.code).toBe('ATTACHMENT_REJECTED');
    expect(png.message).toContain('JPG');
    expect(png.message).not.toContain('PNG');

    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]),
      Buffer.alloc(48),
      Buffer.from([0xff, 0xd9]),
    ]);
    for (const itemCode of ['licence-copy', 'agent-id-copy']) {
      await call(harness.core, clerk, 'case:attach', {
        caseNumber: opened.caseNumber,
        itemCode,
        fileName: `${itemCode}.jpeg`,
        dataBase64: jpeg.toString('base64'),
      });
    }
    const submitted = await call(harness.core, clerk, 'case:submit', {
      caseNumber: opened.caseNumber,
    });
    expect(submitted.state).not.toBe('draft');
  });
});

describe('finding a case', () => {
  async function filledCase(names: typeof personSelf, seed: number): Promise<CaseDetail> {
    const detail = await openCase(names);
    return call(harness.core, clerk, 'case:saveValues', {
      caseNumber: detail.caseNumber,
      values: validValuesFor(detail, seed),
      reveal: true,
    });
  }

  it('finds by case number, any party ID number, credit code and name, masked in lists', async () => {
    const branch = await filledCase(branchDelegated, 2);
    const person = await filledCase(personSelf, 3);
    const agentId = branch.values['agent.idNumber'] ?? '';
    const code = branch.values['company.creditCode'] ?? '';
    const name = person.values['applicant.name'] ?? '';

    const byNumber = await call(harness.core, clerk, 'case:search', { text: person.caseNumber });
    expect(byNumber.map((row) => row.caseNumber)).toEqual([person.caseNumber]);
    const byAgent = await call(harness.core, clerk, 'case:search', { text: agentId.toLowerCase() });
    expect(byAgent.map((row) => row.caseNumber)).toEqual([branch.caseNumber]);
    const byCode = await call(harness.core, clerk, 'case:search', { text: code });
    expect(byCode[0]?.keyMasked).toBe(`${code.slice(0, 4)}**********${code.slice(-4)}`);
    const byName = await call(harness.core, clerk, 'case:search', { text: name });
    expect(byName.map((row) => row.caseNumber)).toContain(person.caseNumber);
    const row = byName.find((candidate) => candidate.caseNumber === person.caseNumber);
    expect(row?.displayName).not.toBe(name);
    expect(row?.keyMasked).toContain('*');
  });

  it('finds a Chinese name by a three-character substring', async () => {
    const detail = await openCase(branchDelegated);
    const values = validValuesFor(detail, 4);
    values['company.name'] = '太原市晋阳科技有限公司';
    await call(harness.core, clerk, 'case:saveValues', { caseNumber: detail.caseNumber, values });
    const found = await call(harness.core, clerk, 'case:search', { text: '晋阳科技' });
    expect(found.map((row) => row.caseNumber)).toEqual([detail.caseNumber]);
    expect(found[0]?.displayName).toBe('太原市晋阳科技有限公司');
  });

  it("lists a clerk's own drafts and the hall's submitted cases in their queues", async () => {
    const mine = await openCase(personSelf);
    const theirs = await call(
      harness.core,
      supervisor,
      'case:create',
      caseTypeKeyByNames(profile, personSelf),
    );
    const drafts = await call(harness.core, clerk, 'case:list', { queue: 'my-drafts' });
    expect(drafts.cases.map((row) => row.caseNumber)).toEqual([mine.caseNumber]);
    expect(theirs.caseNumber).not.toBe(mine.caseNumber);
    const waiting = await call(harness.core, clerk, 'case:list', { queue: 'waiting' });
    expect(waiting.total).toBe(0);
  });
});

describe('rule versions', () => {
  it('keeps an old case on the rules it was opened under when the province changes', async () => {
    const detail = await openCase(branchDelegated);
    const settings = await call(harness.core, supervisor, 'settings:get', {});
    await call(harness.core, supervisor, 'settings:update', { ...settings, profileId: 'zhejiang' });
    const reread = await call(harness.core, clerk, 'case:get', { caseNumber: detail.caseNumber });
    expect(reread.ruleVersion).toBe(detail.ruleVersion);
    expect(reread.materials.map((item) => item.code)).toEqual(
      detail.materials.map((item) => item.code),
    );
    const current = await call(harness.core, clerk, 'profile:current', {});
    expect(current.id).toBe('zhejiang');
  });

  it('refuses a province that is not installed', async () => {
    const settings = await call(harness.core, supervisor, 'settings:get', {});
    const error = await callFails(harness.core, supervisor, 'settings:update', {
      ...settings,
      profileId: 'atlantis',
    });
    expect(error.fields?.profileId).toBeTruthy();
  });
});

describe('fixtures', () => {
  it('computes check characters the way IDCARD.md §5 shows', () => {
    expect(residentId('110105', '1949-12-31', '002')).toBe('11010519491231002X');
    expect(creditCode('91350100M000100Y4')).toBe('91350100M000100Y43');
  });
});
