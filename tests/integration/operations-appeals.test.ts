import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import { recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import { call, callFails } from '../helpers/core-harness';
import { creditCode } from '../helpers/identity-fixtures';
import { pdfText } from '../helpers/pdf-tools';
import type { SyncHarness } from '../helpers/sync-harness';
import { openSyncHarness } from '../helpers/sync-harness';

let sync: SyncHarness | null = null;

afterEach(async () => {
  await sync?.dispose();
  sync = null;
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** An OLE compound document's first bytes: a .doc letter. */
const DOC = Buffer.concat([
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.alloc(64),
]);
const COMPANY = creditCode('22010100MA0LKK3X0');

async function stateOf(s: SyncHarness, caseNumber: string) {
  return call(s.harness.core, await s.signInAgain(), 'case:get', { caseNumber });
}

/** Opens a Jilin appeal, fills it and records the checks; uploads are the test's to make. */
async function openAppeal(
  s: SyncHarness,
  operation: string,
  delegated: boolean,
): Promise<CaseDetail> {
  const core = s.harness.core;
  const opened = await call(core, s.clerk, 'case:create', {
    operation,
    subjectType: 'enterprise',
    delegated,
  });
  const values = validValuesFor(opened, 4);
  values['company.creditCode'] = COMPANY;
  if ('account.username' in values) values['account.username'] = 'jilinCorp2026';
  values['appeal.remark'] = '法人信息与登记机关不一致，无法自助注册';
  await call(core, s.clerk, 'case:saveValues', { caseNumber: opened.caseNumber, values });
  return recordAllMaterials(core, s.clerk, opened);
}

describe('吉林 申诉', () => {
  it('lists both appeals for Jilin only', async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    expect(s.profile.operations.map((item) => item.name)).toEqual(
      expect.arrayContaining(['辅助企业注册申诉', '修改企业信息申诉']),
    );
    await s.dispose();
    const other = (sync = await openSyncHarness({ province: 'shanxi' }));
    expect(other.profile.operations.some((item) => item.code.startsWith('appeal'))).toBe(false);
  });

  it('needs every upload the seed lists, in the types it names, and a remark of at most 150 characters', async () => {
    const s = (sync = await openSyncHarness({ province: 'jilin' }));
    const core = s.harness.core;
    const appeal = await openAppeal(s, 'appeal-register', true);
    expect(appeal.materials.map((item) => item.label)).toEqual([
      '企业营业执照原件照片',
      '申诉授权书（法定代表人签字、加盖公章）',
      '法人身份证正反面照片',
      '经办人身份证正反面照片',
      '经办人手持身份证照片',
    ]);
    const missing = await callFails(core, s.clerk, 'case:submit', {
      caseNumber: appeal.caseNumber,
    });
    expect(missing.code).toBe('MATERIALS_MISSING');
    expect(missing.message).toContain('经办人手持身份证照片');

    const wrongType = await callFails(core, s.clerk, 'case:attach', {
      caseNumber: appeal.caseNumber,
      itemCode: 'licence-photo',
      fileName: '营业执照.doc',
      dataBase64: DOC.toString('base64'),
    });
    expect(wrongType.message).toMatch(/不是这项材料可用的 PDF、JPG、PNG 文件/);
    // The letter may come back as a Word file, as the seed allows.
    await call(core, s.clerk, 'case:attach', {
      caseNumber: appeal.caseNumber,
      itemCode: 'appeal-letter',
      fileName: '申诉授权书.doc',
      dataBase64: DOC.toString('base64'),
    });

    const long = await call(core, s.clerk, 'case:saveValues', {
      caseNumber: appeal.caseNumber,
      values: { ...appeal.values, 'appeal.remark': '备'.repeat(151) },
    });
    expect(long.issues['appeal.remark']?.message).toContain('150');
  });

  it('goes to 受理中, is pulled until the platform decides, and a 驳回 carries its reason', async () => {
    const s = (sync = await openSyncHarness({
      province: 'jilin',
      central: { faults: { manualReviewMs: 2 * 3_600_000 } },
    }));
    const core = s.harness.core;
    s.central.directory.seed({
      kind: 'uscc',
      value: COMPANY,
      subjectType: 'enterprise',
      login: 'jilinCorp2026',
      status: 'pending-activation',
      phone: '13812345678',
    });
    const appeal = await openAppeal(s, 'appeal-modify', false);
    for (const item of appeal.materials) {
      await call(core, s.clerk, 'case:attach', {
        caseNumber: appeal.caseNumber,
        itemCode: item.code,
        fileName: `${item.code}.png`,
        dataBase64: PNG.toString('base64'),
      });
    }
    const preview = await call(core, s.clerk, 'print:preview', {
      caseNumber: appeal.caseNumber,
      kind: 'appeal-letter',
    });
    const letter = pdfText(Buffer.from(preview.pdfBase64, 'base64'));
    expect(letter).toContain('申诉授权书');
    expect(letter.replace(/\s/g, '')).toContain('法人信息与登记机关不一致');

    await call(core, s.clerk, 'case:submit', { caseNumber: appeal.caseNumber });
    await s.drainAll();
    const waiting = await stateOf(s, appeal.caseNumber);
    expect(waiting.state).toBe('manual-review');
    expect(waiting.platformMessage).toBe(
      '申诉提交后请等待客服处理，最终的处理结果会以短信形式通知至企业预留手机号码。',
    );
    expect(waiting.platformNextStep).toContain('受理中');
    expect(s.central.submissionsOf(appeal.caseNumber)[0]?.status).toBe('manual-review');

    s.central.setReviewOutcome(appeal.caseNumber, 'APPEAL_REJECTED', '营业执照照片不清晰');
    s.harness.clock.advanceMinutes(3 * 60);
    await s.worker().drain();
    const rejected = await stateOf(s, appeal.caseNumber);
    expect(rejected.state).toBe('refused');
    expect(rejected.platformMessage).toBe('申诉驳回：营业执照照片不清晰');
    expect(rejected.platformNextStep).toContain('按驳回原因补齐或更正材料');

    const clerk = await s.signInAgain();
    await call(core, clerk, 'case:reopen', { caseNumber: appeal.caseNumber });
    await call(core, clerk, 'case:submit', { caseNumber: appeal.caseNumber });
    await s.drainAll();
    expect((await stateOf(s, appeal.caseNumber)).state).toBe('manual-review');
    s.harness.clock.advanceMinutes(3 * 60);
    await s.worker().drain();
    expect((await stateOf(s, appeal.caseNumber)).state).toBe('accepted');
    // 修改企业信息申诉 puts the account right on the platform.
    expect(s.central.directory.account('uscc', COMPANY)?.status).toBe('normal');
  });
});
