import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { caseTypeKeyByNames, validValuesFor } from '../helpers/case-fixtures';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';

/**
 * Replays of the attack on cases: a second clerk reading, downloading, changing, cancelling
 * and printing a case that is not theirs; change channels answering unmasked without an
 * audit row; silent overwrites between two pages; attachments with path names, bidi tricks
 * and polyglot content.
 */

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal Windows executable header: "MZ", e_lfanew at 0x3c pointing at "PE\0\0". */
function peExecutable(): Buffer {
  const exe = Buffer.alloc(256);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

/** A ZIP end-of-central-directory record: the file then also opens as an (empty) archive. */
function zipEnd(): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return end;
}

const OTHER_CLERK = { username: 'guiyuan2', displayName: '赵柜员', password: 'Start#2026b' };

let harness: CoreHarness;
let supervisor: CallerSession;
let clerk: CallerSession;
let other: CallerSession;
let otherId: number;
let profile: ProvinceProfile;

beforeEach(async () => {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-24T09:30:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  clerk = await signInClerk(harness.core, staff.clerkPassword);
  const created = await call(harness.core, supervisor, 'clerks:create', {
    username: OTHER_CLERK.username,
    displayName: OTHER_CLERK.displayName,
    role: 'clerk',
    initialPassword: OTHER_CLERK.password,
  });
  otherId = created.id;
  other = harness.core.newSession();
  await call(harness.core, other, 'auth:login', {
    username: OTHER_CLERK.username,
    password: OTHER_CLERK.password,
  });
  await call(harness.core, other, 'auth:changePassword', {
    currentPassword: OTHER_CLERK.password,
    newPassword: 'Other#Pass9',
  });
  profile = await call(harness.core, clerk, 'profile:current', {});
});

afterEach(() => harness.dispose());

const personSelf = { operation: '注册', subjectType: '自然人', delegated: false };

/** A filled person case of the first clerk, with an ID scan attached; answered unmasked. */
async function filledCaseWithScan(): Promise<{ detail: CaseDetail; attachmentId: number }> {
  const opened = await call(
    harness.core,
    clerk,
    'case:create',
    caseTypeKeyByNames(profile, personSelf),
  );
  await call(harness.core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values: validValuesFor(opened),
  });
  const attached = await call(harness.core, clerk, 'case:attach', {
    caseNumber: opened.caseNumber,
    itemCode: opened.materials[0]?.code ?? '',
    fileName: '身份证复印件.png',
    dataBase64: PNG.toString('base64'),
    reveal: true,
  });
  const attachmentId = attached.materials[0]?.attachments[0]?.id ?? 0;
  return { detail: attached, attachmentId };
}

async function actions(caseNumber: string, session = clerk): Promise<string[]> {
  const history = await call(harness.core, session, 'case:history', { caseNumber });
  return history.map((entry) => entry.action);
}

describe('a case belongs to the clerk working on it', () => {
  it('shows another clerk only the masked summary and refuses them reveal, scan, change, cancel and print', async () => {
    const { detail, attachmentId } = await filledCaseWithScan();
    const caseNumber = detail.caseNumber;
    const idNumber = detail.values['applicant.idNumber'] ?? '';

    const seen = await call(harness.core, other, 'case:get', { caseNumber });
    expect(seen.values['applicant.idNumber']).not.toBe(idNumber);
    expect(seen.values['applicant.idNumber']).toMatch(/\*{11}/);
    expect(seen.assignment).toMatchObject({ assigneeName: '李柜员', mine: false });
    expect(seen.assignment.mayTakeOver).toBe(true);
    expect(seen.actions).toEqual([]);

    const refusals = [
      await callFails(harness.core, other, 'case:get', { caseNumber, reveal: true }),
      await callFails(harness.core, other, 'case:attachment', { caseNumber, attachmentId }),
      await callFails(harness.core, other, 'case:saveValues', {
        caseNumber,
        values: { ...detail.values, 'applicant.mobile': '13900000000' },
      }),
      await callFails(harness.core, other, 'case:cancel', { caseNumber, reason: '恶意撤销' }),
      await callFails(harness.core, other, 'print:print', { caseNumber, kind: 'letter-person' }),
      await callFails(harness.core, other, 'print:preview', { caseNumber, kind: 'letter-person' }),
    ];
    for (const refusal of refusals) {
      expect(refusal.code).toBe('CASE_ASSIGNED_TO_OTHER');
      expect(refusal.message).toContain('李柜员');
      expect(refusal.nextStep).toContain('接手办件');
    }
    const after = await call(harness.core, clerk, 'case:get', { caseNumber, reveal: true });
    expect(after.values['applicant.mobile']).toBe(detail.values['applicant.mobile']);
    expect(after.state).toBe(detail.state);
  });

  it('lets another clerk take the case over (接手办件), audited, and tells the first clerk once on their next look', async () => {
    const { detail } = await filledCaseWithScan();
    const caseNumber = detail.caseNumber;
    const taken = await call(harness.core, other, 'case:takeOver', {
      caseNumber,
      version: detail.version,
    });
    expect(taken.assignment).toMatchObject({ assigneeName: '赵柜员', mine: true });
    expect(taken.actions).toContain('edit');
    expect(taken.revealed).toBe(false);
    const history = await call(harness.core, other, 'case:history', { caseNumber });
    const entry = history.find((row) => row.action === 'case.taken-over');
    expect(entry?.actorName).toBe('赵柜员');

    const firstLook = await call(harness.core, clerk, 'case:get', { caseNumber });
    expect(firstLook.assignment.notice).toMatch(/赵柜员.*接手办理/);
    expect(firstLook.assignment.mine).toBe(false);
    const secondLook = await call(harness.core, clerk, 'case:get', { caseNumber });
    expect(secondLook.assignment.notice).toBeNull();

    const refused = await callFails(harness.core, clerk, 'case:saveValues', {
      caseNumber,
      values: {},
    });
    expect(refused.code).toBe('CASE_ASSIGNED_TO_OTHER');
    const saved = await call(harness.core, other, 'case:saveValues', {
      caseNumber,
      values: { ...detail.values, 'applicant.mobile': '13900000001' },
      version: taken.version,
      reveal: true,
    });
    expect(saved.values['applicant.mobile']).toBe('13900000001');
  });

  it('lets the supervisor reassign a case, and nobody else', async () => {
    const { detail } = await filledCaseWithScan();
    const caseNumber = detail.caseNumber;
    const byClerk = await callFails(harness.core, clerk, 'case:reassign', {
      caseNumber,
      toUserId: otherId,
    });
    expect(byClerk.code).toBe('FORBIDDEN');
    const moved = await call(harness.core, supervisor, 'case:reassign', {
      caseNumber,
      toUserId: otherId,
    });
    expect(moved.assignment.assigneeName).toBe('赵柜员');
    expect(await actions(caseNumber)).toContain('case.reassigned');
    const told = await call(harness.core, clerk, 'case:get', { caseNumber });
    expect(told.assignment.notice).toMatch(/负责人 王主任.*改派给 赵柜员/);
    const mine = await call(harness.core, other, 'case:get', { caseNumber });
    expect(mine.assignment.mine).toBe(true);
  });

  it('refuses a save made from an older version in plain words instead of overwriting', async () => {
    const opened = await call(
      harness.core,
      clerk,
      'case:create',
      caseTypeKeyByNames(profile, personSelf),
    );
    const values = validValuesFor(opened);
    // Two pages of the same case: the first saves, the second still shows the old version.
    const first = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
      version: opened.version,
      reveal: true,
    });
    expect(first.version).toBeGreaterThan(opened.version);
    const stale = await callFails(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: { ...values, 'applicant.mobile': '13911112222' },
      version: opened.version,
    });
    expect(stale.code).toBe('CASE_VERSION_STALE');
    expect(stale.message).toMatch(/已被修改.*未执行/);
    expect(stale.nextStep).toContain('重新载入');
    const kept = await call(harness.core, clerk, 'case:get', {
      caseNumber: opened.caseNumber,
      reveal: true,
    });
    expect(kept.values['applicant.mobile']).toBe(values['applicant.mobile']);
  });

  it('keeps the stored value when a page sends a masked value back unchanged', async () => {
    const opened = await call(
      harness.core,
      clerk,
      'case:create',
      caseTypeKeyByNames(profile, personSelf),
    );
    const values = validValuesFor(opened);
    const masked = await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values,
    });
    await call(harness.core, clerk, 'case:saveValues', {
      caseNumber: opened.caseNumber,
      values: masked.values,
    });
    const kept = await call(harness.core, clerk, 'case:get', {
      caseNumber: opened.caseNumber,
      reveal: true,
    });
    expect(kept.values['applicant.idNumber']).toBe(values['applicant.idNumber']);
  });
});

describe('answers are masked unless revealed, and every full read is audited', () => {
  it('answers a change masked, and unmasked only when asked, with a case.revealed row', async () => {
    const { detail } = await filledCaseWithScan();
    const idNumber = detail.values['applicant.idNumber'] ?? '';
    const revealsBefore = (await actions(detail.caseNumber)).filter(
      (action) => action === 'case.revealed',
    ).length;
    const material = detail.materials[0];
    const masked = await call(harness.core, clerk, 'case:recordMaterial', {
      caseNumber: detail.caseNumber,
      code: material?.code ?? '',
      originalSeen: true,
      copyArchived: false,
      attested: false,
    });
    expect(masked.revealed).toBe(false);
    expect(masked.values['applicant.idNumber']).not.toBe(idNumber);
    expect((await actions(detail.caseNumber)).filter((a) => a === 'case.revealed')).toHaveLength(
      revealsBefore,
    );
    const revealed = await call(harness.core, clerk, 'case:recordMaterial', {
      caseNumber: detail.caseNumber,
      code: material?.code ?? '',
      originalSeen: true,
      copyArchived: true,
      attested: false,
      reveal: true,
    });
    expect(revealed.values['applicant.idNumber']).toBe(idNumber);
    expect((await actions(detail.caseNumber)).filter((a) => a === 'case.revealed')).toHaveLength(
      revealsBefore + 1,
    );
  });

  it('audits every read of a scan, naming the file but not its content', async () => {
    const { detail, attachmentId } = await filledCaseWithScan();
    await call(harness.core, clerk, 'case:attachment', {
      caseNumber: detail.caseNumber,
      attachmentId,
    });
    await call(harness.core, supervisor, 'case:attachment', {
      caseNumber: detail.caseNumber,
      attachmentId,
    });
    const history = await call(harness.core, clerk, 'case:history', {
      caseNumber: detail.caseNumber,
    });
    const reads = history.filter((entry) => entry.action === 'case.attachment-read');
    expect(reads.map((entry) => entry.actorName)).toEqual(['李柜员', '王主任']);
    expect(reads[0]?.note).toContain('身份证复印件.png');
  });
});

describe('attachments are what they say they are', () => {
  async function attach(fileName: string, bytes: Buffer, declaredType?: string) {
    const opened = await call(
      harness.core,
      clerk,
      'case:create',
      caseTypeKeyByNames(profile, personSelf),
    );
    return harness.core.dispatch(clerk, 'case:attach', {
      caseNumber: opened.caseNumber,
      itemCode: opened.materials[0]?.code ?? '',
      fileName,
      dataBase64: bytes.toString('base64'),
      ...(declaredType ? { declaredType } : {}),
    });
  }

  it('keeps only a clean display name: no path parts, NUL or bidi overrides', async () => {
    for (const [raw, clean] of [
      ['../../../tmp/pwned.png', 'pwned.png'],
      ['C:\\Windows\\System32\\scan.png', 'scan.png'],
      ['id\u0000card.png', 'idcard.png'],
      ['photo\u202egnp.exe.png', 'photognp.exe.png'],
      ['\u2067scan\u2069 .png', 'scan .png'],
    ] as const) {
      const result = await attach(raw, PNG);
      if (!result.ok) throw new Error(`${raw}: ${result.error.message}`);
      const detail = result.value as CaseDetail;
      expect(detail.materials[0]?.attachments[0]?.fileName).toBe(clean);
      const history = await call(harness.core, clerk, 'case:history', {
        caseNumber: detail.caseNumber,
      });
      const note = history.find((entry) => entry.action === 'case.attachment-added')?.note;
      expect(note).toContain(clean);
      for (const unsafe of ['\u0000', '\u202e', '\u2067', '/', '\\']) {
        expect(note).not.toContain(unsafe);
      }
    }
  });

  it('refuses a PNG header followed by an executable, an archive or a script', async () => {
    for (const payload of [
      peExecutable(),
      Buffer.concat([Buffer.from('PK\u0003\u0004hello'), zipEnd()]),
      Buffer.from('<script>alert(1)</script>'),
    ]) {
      const result = await attach('身份证.png', Buffer.concat([PNG, payload]));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('ATTACHMENT_REJECTED');
        expect(result.error.message).toMatch(/已拒绝/);
      }
    }
  });

  it('refuses an executable inside a PDF and a PDF with a script action', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const withExe = await attach('扫描.pdf', Buffer.concat([pdf, peExecutable()]));
    expect(withExe.ok).toBe(false);
    const withScript = await attach(
      '扫描.pdf',
      Buffer.from('%PDF-1.4\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n'),
    );
    expect(withScript.ok).toBe(false);
    if (!withScript.ok) expect(withScript.error.message).toMatch(/脚本/);
  });

  it('refuses content that does not match the extension or the declared type', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
    const jpegAsPng = await attach('scan.jpg.png', Buffer.concat([jpeg, Buffer.alloc(64)]));
    expect(jpegAsPng.ok).toBe(false);
    if (!jpegAsPng.ok) expect(jpegAsPng.error.code).toBe('ATTACHMENT_REJECTED');
    const declaredOtherwise = await attach('scan.png', PNG, 'application/x-msdownload');
    expect(declaredOtherwise.ok).toBe(false);
    if (!declaredOtherwise.ok) expect(declaredOtherwise.error.message).toMatch(/声明的类型/);
    const declaredRight = await attach('scan.png', PNG, 'image/png');
    expect(declaredRight.ok).toBe(true);
  });
});
