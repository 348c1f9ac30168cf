import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseStates, nextState, transitionProblem } from '../../../src-main/domain/case-state';
import { formatCaseNumber, parseCaseNumber } from '../../../src-main/domain/case-number';
import { materialsFor, missingMaterials } from '../../../src-main/domain/materials';
import type { ProvinceProfile } from '../../../src-main/domain/profile';
import { parseProvinceProfile } from '../../../src-main/domain/profile';
import { loadProfiles } from '../../../src-main/store/profile-files';

const PROFILES = join(import.meta.dirname, '..', '..', '..', 'resources', 'profiles');
const loaded = loadProfiles(PROFILES);
const shanxi = loaded.profiles.find((profile) => profile.id === 'shanxi') as ProvinceProfile;

function labels(subjectType: string, delegated: boolean, operation = 'register'): string[] {
  return materialsFor(shanxi, { operation, subjectType, delegated }).map((item) => item.label);
}

describe('province profiles', () => {
  it('loads the four provinces without a problem', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.profiles.map((profile) => profile.id).sort()).toEqual([
      'jiangsu',
      'jilin',
      'shanxi',
      'zhejiang',
    ]);
  });

  it('refuses a case type that lists a field twice, naming it', () => {
    const raw = JSON.parse(readFileSync(join(PROFILES, 'jilin.json'), 'utf8')) as {
      caseTypes: { fields: { key: string }[] }[];
    };
    const fields = raw.caseTypes[0]?.fields ?? [];
    fields.push({ ...(fields[0] ?? { key: 'x' }) });
    expect(() => parseProvinceProfile(raw)).toThrow(/出现了两次/);
  });

  it('names the path of a broken field in its message', () => {
    const json = JSON.parse(readFileSync(join(PROFILES, 'shanxi.json'), 'utf8')) as {
      caseTypes: { fields: { kind: string }[] }[];
    };
    const field = json.caseTypes[3]?.fields[0];
    if (field) field.kind = 'shoe-size';
    expect(() => parseProvinceProfile(json)).toThrow(/caseTypes\.3\.fields\.0\.kind/);
  });

  it('offers Zhejiang temporary projects and units outside mainland on the manual channel', () => {
    const zhejiang = loaded.profiles.find((profile) => profile.id === 'zhejiang');
    const manual = zhejiang?.subjectTypes.filter((type) => type.channel === 'manual-review');
    expect(manual?.map((type) => type.identifier).sort()).toEqual([
      'overseas-registration',
      'project-code',
    ]);
  });

  it("leaves Jilin's activation account to the applicant, and only there", () => {
    const jilin = loaded.profiles.find((profile) => profile.id === 'jilin');
    const applicantSet = loaded.profiles.flatMap((profile) =>
      profile.caseTypes.flatMap((caseType) =>
        caseType.fields
          .filter((field) => field.setBy === 'applicant')
          .map((field) => `${profile.id} ${caseType.key.operation} ${field.key}`),
      ),
    );
    const activations = jilin?.caseTypes.filter((type) => type.key.operation === 'activate');
    expect(activations?.length).toBeGreaterThan(0);
    expect(new Set(applicantSet)).toEqual(new Set(['jilin activate account.username']));
    expect(applicantSet).toHaveLength(activations?.length ?? -1);
  });

  it('refuses a field the applicant sets where the applicant screen has no step to set it', () => {
    const raw = JSON.parse(readFileSync(join(PROFILES, 'jilin.json'), 'utf8')) as {
      caseTypes: { key: { operation: string }; fields: { key: string; setBy?: string }[] }[];
    };
    const index = raw.caseTypes.findIndex((type) => type.key.operation === 'modify-phone');
    const field = raw.caseTypes[index]?.fields[0];
    if (field) field.setBy = 'applicant';
    expect(() => parseProvinceProfile(raw)).toThrow(
      new RegExp(`caseTypes\\.${index}\\.fields\\.0\\.setBy.*申请人无处填写`),
    );
  });

  it('keeps the Jilin rule that a legal-person login name starts with a letter', () => {
    const jilin = loaded.profiles.find((profile) => profile.id === 'jilin');
    expect(jilin?.usernameRule.minLength).toBe(8);
    expect(new RegExp(jilin?.usernameRule.pattern ?? '').test('1abcdefgh')).toBe(false);
  });
});

describe('the Shanxi materials table (用户注册和信息修改材料要求), row by row', () => {
  it('自然人, self: signed ID copy with original, signed agreement', () => {
    expect(labels('person', false)).toEqual([
      '身份证复印件（本人签字），原件备查',
      '山西省政务服务网用户协议（本人签字，附录4）',
    ]);
  });

  it('自然人, delegated: both ID copies, the agent original, letter 附录1, agreement', () => {
    expect(labels('person', true)).toEqual([
      '授权人身份证复印件（授权人签字）',
      '被授权人身份证复印件（被授权人签字），被授权人身份证原件备查',
      '自然人授权委托书原件（附录1）',
      '山西省政务服务网用户协议（本人签字，附录4）',
    ]);
  });

  it('企业法人, self: licence and legal rep ID with seal and originals, sealed agreement', () => {
    expect(labels('enterprise', false)).toEqual([
      '营业执照复印件（加盖公章），原件备查',
      '法人代表身份证复印件（加盖公章），原件备查',
      '山西省政务服务网用户协议（加盖公章，附录4）',
    ]);
  });

  it('企业法人, delegated: adds the agent ID and letter 附录2', () => {
    expect(labels('enterprise', true)).toEqual([
      '营业执照复印件（加盖公章），原件备查',
      '法人代表身份证复印件（加盖公章）',
      '被授权人身份证复印件（被授权人签字并加盖公章），原件备查',
      '法人授权委托书（附录2）',
      '山西省政务服务网用户协议（加盖公章，附录4）',
    ]);
  });

  it('分公司, self: five items with branch and head-office seals', () => {
    expect(labels('branch', false)).toEqual([
      '分公司营业执照复印件（加盖分公司公章），原件备查',
      '分公司负责人身份证复印件（加盖分公司公章），原件备查',
      '总公司营业执照复印件（加盖总公司公章）',
      '总公司法人代表身份证复印件（加盖总公司公章）',
      '山西省政务服务网用户协议（加盖分公司公章，附录4）',
    ]);
  });

  it('分公司, delegated: exactly seven items, licence sealed by the head office, 附录3', () => {
    expect(labels('branch', true)).toEqual([
      '分公司营业执照复印件（加盖总公司公章），原件备查',
      '分公司负责人身份证复印件（加盖分公司公章），原件备查',
      '总公司营业执照复印件（加盖总公司公章）',
      '总公司法人代表身份证复印件（加盖总公司公章）',
      '被授权人身份证复印件（被授权人签字并加盖分公司公章），原件备查',
      '负责人授权委托书（附录3）',
      '山西省政务服务网用户协议（加盖分公司公章，附录4）',
    ]);
  });

  it('机关事业单位, self and delegated', () => {
    expect(labels('institution', false)).toEqual([
      '事业单位法人证书复印件（加盖公章），原件备查',
      '法人代表身份证复印件（加盖公章），原件备查',
      '山西省政务服务网用户协议（加盖公章，附录4）',
    ]);
    expect(labels('institution', true)).toEqual([
      '事业单位法人证书复印件（加盖公章），原件备查',
      '法人代表身份证复印件（加盖公章）',
      '被授权人身份证复印件（被授权人签字并加盖公章），原件备查',
      '法人授权委托书（附录2）',
      '山西省政务服务网用户协议（加盖公章，附录4）',
    ]);
  });

  it('民办非企业, self and delegated', () => {
    expect(labels('private-non-enterprise', false)).toEqual([
      '民办非企业法人证书复印件（加盖公章），原件备查',
      '法人代表身份证复印件（加盖公章），原件备查',
      '山西省政务服务网用户协议（加盖公章，附录4）',
    ]);
    expect(labels('private-non-enterprise', true)).toHaveLength(5);
  });

  it('applies the same table to information changes', () => {
    for (const subject of [
      'person',
      'enterprise',
      'branch',
      'institution',
      'private-non-enterprise',
    ]) {
      for (const delegated of [false, true]) {
        expect(labels(subject, delegated, 'modify')).toEqual(labels(subject, delegated));
      }
    }
  });

  it('lists what is still missing of each material', () => {
    const requirements = materialsFor(shanxi, {
      operation: 'register',
      subjectType: 'branch',
      delegated: true,
    });
    const records = Object.fromEntries(
      requirements.map((item) => [
        item.code,
        {
          originalSeen: true,
          copyArchived: true,
          attested: true,
          signedOriginalArchived: item.form !== undefined,
          attachmentCount: 0,
        },
      ]),
    );
    expect(missingMaterials(requirements, records)).toEqual([]);
    const first = requirements[0]?.code ?? '';
    records[first] = {
      originalSeen: false,
      copyArchived: true,
      attested: false,
      signedOriginalArchived: false,
      attachmentCount: 0,
    };
    expect(missingMaterials(requirements, records)).toEqual([
      { code: first, label: requirements[0]?.label, missing: ['original', 'attestation'] },
    ]);
  });
});

describe('the case state machine', () => {
  it('goes draft -> collecting -> ready -> submitted -> accepted -> archived', () => {
    expect(nextState('draft', 'start-collecting')).toBe('collecting');
    expect(nextState('collecting', 'mark-ready')).toBe('ready');
    expect(nextState('ready', 'submit')).toBe('submitted');
    expect(nextState('submitted', 'await-review')).toBe('manual-review');
    expect(nextState('manual-review', 'accept')).toBe('accepted');
    expect(nextState('accepted', 'archive')).toBe('archived');
  });

  it('reopens a refused case for a fix and a new attempt', () => {
    expect(nextState('submitted', 'refuse')).toBe('refused');
    expect(nextState('refused', 'reopen')).toBe('collecting');
  });

  it('refuses to submit a draft or cancel a submitted case, in words', () => {
    expect(nextState('draft', 'submit')).toBeNull();
    expect(transitionProblem('submitted', 'cancel')).toBe('办件当前为“已提交”，不能执行“撤销”。');
  });

  it('lets nothing leave archived or cancelled', () => {
    for (const state of ['archived', 'cancelled'] as const) {
      for (const event of ['start-collecting', 'submit', 'reopen', 'cancel', 'archive'] as const) {
        expect(nextState(state, event)).toBeNull();
      }
    }
    expect(caseStates).toHaveLength(9);
  });
});

describe('case numbers', () => {
  it('reads back what it writes', () => {
    const number = formatCaseNumber('0001', new Date(2026, 10, 24), 7);
    expect(number).toBe('0001-20261124-0007');
    expect(parseCaseNumber(number)).toEqual({ hallCode: '0001', day: '20261124', sequence: 7 });
    expect(parseCaseNumber('0001-2026-7')).toBeNull();
  });
});
