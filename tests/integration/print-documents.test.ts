import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerSession } from '../../src-main/api/core-types';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { caseTypeKeyByNames, recordAllMaterials, validValuesFor } from '../helpers/case-fixtures';
import type { CoreHarness } from '../helpers/core-harness';
import {
  call,
  callFails,
  openTestCore,
  signInClerk,
  withSupervisorAndClerk,
} from '../helpers/core-harness';
import {
  differingShare,
  encodePgm,
  parsePgm,
  pdfPageCount,
  pdfText,
  renderPageGrey,
} from '../helpers/pdf-tools';

const REFERENCES = join(import.meta.dirname, '..', 'fixtures', 'print');
const ARTEFACTS = join(import.meta.dirname, '..', '..', 'test-results', 'print');

let harness: CoreHarness;
let clerk: CallerSession;
let supervisor: CallerSession;
let profile: ProvinceProfile;

beforeAll(async () => {
  harness = openTestCore();
  harness.clock.set(new Date('2026-11-24T09:30:00+08:00'));
  const staff = await withSupervisorAndClerk(harness.core);
  supervisor = staff.supervisor;
  await call(harness.core, supervisor, 'settings:update', {
    hallName: '太原市政务服务中心',
    hallPhone: '0351-1234567',
  });
  clerk = await signInClerk(harness.core, staff.clerkPassword);
  profile = await call(harness.core, clerk, 'profile:current', {});
  mkdirSync(ARTEFACTS, { recursive: true });
});

afterAll(() => harness.dispose());

async function filledCase(key: {
  operation: string;
  subjectType: string;
  delegated: boolean;
}): Promise<{ detail: CaseDetail; values: Record<string, string> }> {
  const opened = await call(harness.core, clerk, 'case:create', key);
  const values = validValuesFor(opened);
  const detail = await call(harness.core, clerk, 'case:saveValues', {
    caseNumber: opened.caseNumber,
    values,
  });
  return { detail, values };
}

async function preview(caseNumber: string, kind: string): Promise<Uint8Array> {
  const result = await call(harness.core, clerk, 'print:preview', {
    caseNumber,
    kind: kind as never,
  });
  return Buffer.from(result.pdfBase64, 'base64');
}

/** pdftotext keeps the characters but may break lines anywhere: compare without whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('printed documents of every Shanxi case type', () => {
  it('renders each form the case type prints, with the case values in the extracted text', async () => {
    // The structured modifications print the same forms with the same parties as 信息修改:
    // one case type per subject, delegation and set of forms covers every rendering.
    const seen = new Set<string>();
    const distinct = profile.caseTypes.filter((caseType) => {
      const operation = caseType.key.operation === 'register' ? 'register' : 'modify';
      const key = `${operation}/${caseType.key.subjectType}/${caseType.key.delegated}/${caseType.forms.join()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const caseType of distinct) {
      const { detail, values } = await filledCase(caseType.key);
      const documents = await call(harness.core, clerk, 'print:documents', {
        caseNumber: detail.caseNumber,
      });
      expect(documents.map((document) => document.kind)).toEqual(caseType.forms);
      for (const kind of caseType.forms) {
        const pdf = await preview(detail.caseNumber, kind);
        expect(pdfPageCount(pdf)).toBeGreaterThan(0);
        const text = squeeze(pdfText(pdf));
        expect(text, `${caseType.title} ${kind}`).toContain(detail.caseNumber);
        if (kind === 'checklist') {
          // Table cells wrap side by side: read them in drawing order.
          const raw = squeeze(pdfText(pdf, 'raw'));
          for (const material of detail.materials) expect(raw).toContain(squeeze(material.label));
          expect(text).toContain(caseType.title);
          // Signed by the person at the counter under the profile's one name for them.
          expect(text).toContain(`申请人或${profile.parties.agent.name}（签字）`);
        }
        if (kind.startsWith('letter-')) {
          for (const [key, value] of Object.entries(values)) {
            if (
              /^(agent|applicant|legalRep|company)\.(name|idNumber|mobile|creditCode)$/.test(key)
            ) {
              expect(text, `${kind} ${key}`).toContain(value);
            }
          }
          expect(text).toContain('不得转委托');
          expect(text).toContain('一个月内有效');
          expect(text).toContain('用户注册、用户登录、用户修改');
        }
      }
    }
  });

  it('fills the legal-person letter in Chinese, the purpose of the case included', async () => {
    const { detail, values } = await filledCase(
      caseTypeKeyByNames(profile, {
        operation: '信息修改',
        subjectType: '企业法人',
        delegated: true,
      }),
    );
    const text = squeeze(pdfText(await preview(detail.caseNumber, 'letter-legal')));
    expect(text).toContain('法人授权委托书');
    expect(text).toContain(`我${values['legalRep.name']}（姓名）是${values['company.name']}`);
    // 附录2 in seeds/002: 处理我单位在山西政务服务网的_____ (用户注册、用户登录、用户修改).
    expect(text).toContain('山西政务服务网的用户修改事项');
    expect(text).toContain('首次打印');
    // 委托日期 is pre-filled with the case's date (opened today at the counter).
    expect(values['letter.date']).toBe('2026-11-24');
    expect(text).toContain('委托日期：2026年11月24日');
  });

  it("prints each province's user agreement under the title its checklist names, from the seed", async () => {
    const seedTitles: Record<string, string> = {
      shanxi: '山西省政务服务网用户协议', // seeds/002 附录4
      zhejiang: '浙江政务服务网用户注册协议', // seeds/001 《浙江政务服务网用户注册协议》
      jiangsu: '法人用户注册协议', // seeds/003 《法人用户注册协议》
      jilin: '吉林省统一身份认证平台用户协议', // seeds/004 names no agreement: the portal's name
    };
    try {
      for (const [province, title] of Object.entries(seedTitles)) {
        await call(harness.core, supervisor, 'settings:update', { profileId: province });
        const current = await call(harness.core, clerk, 'profile:current', {});
        const { detail } = await filledCase(
          caseTypeKeyByNames(current, {
            operation: '注册',
            subjectType: '企业法人',
            delegated: false,
          }),
        );
        const label = detail.materials.find((item) => item.code === 'user-agreement')?.label;
        expect(label?.startsWith(`${title}（`)).toBe(true);
        const text = squeeze(pdfText(await preview(detail.caseNumber, 'user-agreement')));
        expect(text).toContain(title);
        // The name the app used to build for every province ("浙江省政务服务网") is gone.
        if (province !== 'shanxi') expect(text).not.toContain(`${current.name}政务服务网`);
      }
    } finally {
      await call(harness.core, supervisor, 'settings:update', { profileId: 'shanxi' });
    }
  });

  it('prints the receipt with the hall phone, the next steps and a QR code of the case number', async () => {
    const { detail } = await filledCase(
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
    );
    const pdf = await preview(detail.caseNumber, 'receipt');
    const text = squeeze(pdfText(pdf));
    expect(text).toContain('0351-1234567');
    expect(text).toContain('太原市政务服务中心');
    expect(text).toContain('平台登录密码由申请人本人设置');
    // The QR code is drawn: the receipt page holds a dense block of dark modules.
    const page = renderPageGrey(pdf, 1, 72);
    const dark = page.pixels.filter((pixel) => pixel < 100).length;
    expect(dark / page.pixels.length).toBeGreaterThan(0.01);
  });

  it('never starts a line with a closing mark', async () => {
    const { detail } = await filledCase(
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '企业法人', delegated: false }),
    );
    const lines = pdfText(await preview(detail.caseNumber, 'user-agreement'))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line, line).not.toMatch(/^[，。、；：？！）》」』]/);
  });

  it('refuses a document the case type does not print', async () => {
    const { detail } = await filledCase(
      caseTypeKeyByNames(profile, { operation: '注册', subjectType: '自然人', delegated: false }),
    );
    const error = await callFails(harness.core, clerk, 'print:preview', {
      caseNumber: detail.caseNumber,
      kind: 'letter-legal',
    });
    expect(error.code).toBe('FORM_NOT_IN_CASE');
  });
});

describe('the look of each template', () => {
  // One page per template, rendered by poppler, against a committed reference picture.
  // Set UPDATE_PRINT_REFERENCES=1 to write new references after a deliberate change.
  const cases: [string, { operation: string; subjectType: string; delegated: boolean }][] = [
    ['letter-person', { operation: '注册', subjectType: '自然人', delegated: true }],
    ['letter-legal', { operation: '注册', subjectType: '企业法人', delegated: true }],
    ['letter-branch', { operation: '注册', subjectType: '分公司', delegated: true }],
    ['user-agreement', { operation: '注册', subjectType: '企业法人', delegated: false }],
    ['checklist', { operation: '注册', subjectType: '企业法人', delegated: true }],
    ['receipt', { operation: '注册', subjectType: '企业法人', delegated: true }],
  ];
  it.each(cases)('%s looks like its reference page', async (kind, names) => {
    const { detail } = await filledCase(caseTypeKeyByNames(profile, names));
    await recordAllMaterials(harness.core, clerk, detail);
    const pdf = await preview(detail.caseNumber, kind);
    writeFileSync(join(ARTEFACTS, `${kind}.pdf`), pdf);
    const page = renderPageGrey(pdf, 1);
    const referenceFile = join(REFERENCES, `${kind}.pgm.gz`);
    if (process.env.UPDATE_PRINT_REFERENCES === '1' || !existsSync(referenceFile)) {
      mkdirSync(REFERENCES, { recursive: true });
      writeFileSync(referenceFile, gzipSync(encodePgm(page)));
      if (process.env.UPDATE_PRINT_REFERENCES !== '1') {
        throw new Error(`no reference for ${kind}: wrote ${referenceFile}, check it and commit it`);
      }
    }
    const reference = parsePgm(gunzipSync(readFileSync(referenceFile)));
    // Case numbers, times and generated names differ from run to run: a few per cent of the
    // page may change; a missing block, a wrong font or boxes instead of glyphs change more.
    expect(differingShare(page, reference)).toBeLessThan(0.02);
  });
});
