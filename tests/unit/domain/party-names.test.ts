import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartyNames } from '../../../src-main/domain/parties';
import { fillPlaceholders } from '../../../src-main/domain/print/line-break';
import type { TemplateKind } from '../../../src-main/domain/print/print-template';
import type { CaseTypeDefinition, ProvinceProfile } from '../../../src-main/domain/profile';
import { parseProvinceProfile } from '../../../src-main/domain/profile';
import { validateCaseFields } from '../../../src-main/domain/validators';
import { TemplateLibrary } from '../../../src-main/print/template-files';
import { buildDocumentData } from '../../../src-main/services/printing/print-data';
import type { CaseRecord } from '../../../src-main/store/repositories/cases';
import { partyHeading } from '../../../src-renderer/src/lib/case-labels';
import { partyWordsIn } from '../../helpers/party-words';

// One name for each person of a delegated case: the form's headings and labels, the
// checklist's materials, the case page's groups and the printed checklist call a party by the
// province profile's one name. The letters keep the seed's fixed wording, so every party word
// a letter prints must be that name or one of the hints the form shows beside it.

const ROOT = join(import.meta.dirname, '..', '..', '..');
const templates = new TemplateLibrary(join(ROOT, 'templates'));

function profile(id: string): ProvinceProfile {
  const text = readFileSync(join(ROOT, 'resources', 'profiles', `${id}.json`), 'utf8');
  return parseProvinceProfile(JSON.parse(text));
}

/** Which person a word means in this profile: its name or one of its hints. */
function whoIs(names: PartyNames, word: string): 'principal' | 'agent' | null {
  for (const who of ['principal', 'agent'] as const) {
    if (names[who].name === word || names[who].alsoCalled.includes(word)) return who;
  }
  return null;
}

const partyOf = (caseType: CaseTypeDefinition, party: string) =>
  party === 'applicant' && caseType.key.delegated ? 'principal' : party;

function templateText(setId: string, kind: TemplateKind): string {
  return JSON.stringify(templates.template(setId, kind).blocks);
}

describe.each([
  ['shanxi', '授权人', '被授权人'],
  ['zhejiang', '委托人', '经办人'],
  ['jiangsu', '委托人', '经办人'],
  ['jilin', '委托人', '经办人'],
] as const)('the %s profile names each person once', (id, principal, agent) => {
  const p = profile(id);

  it('says which names its forms use, with the other names as hints', () => {
    expect(p.parties.principal.name).toBe(principal);
    expect(p.parties.agent.name).toBe(agent);
    expect(p.parties.agent.alsoCalled.length).toBeGreaterThan(0);
  });

  it('heads the form and the case page with the name and the hint', () => {
    const agentHeading = partyHeading(p.parties, 'agent', true);
    expect(agentHeading.startsWith(`${agent}（即`)).toBe(true);
    for (const other of p.parties.agent.alsoCalled) expect(agentHeading).toContain(other);
    expect(partyHeading(p.parties, 'applicant', true).startsWith(`${principal}（即`)).toBe(true);
    expect(partyHeading(p.parties, 'applicant', false)).toBe('申请人');
  });

  it('labels every field of a person with that person’s name only', () => {
    let seen = 0;
    for (const caseType of p.caseTypes) {
      for (const field of caseType.fields) {
        const who = partyOf(caseType, field.party);
        if (who === 'agent' || who === 'principal') {
          // Under the person's heading a label may leave the name out (证件类型), never use
          // another one.
          const words = partyWordsIn(field.label);
          expect(
            words.every((word) => word === p.parties[who].name),
            field.label,
          ).toBe(true);
          if (words.length > 0) seen += 1;
        }
        for (const word of partyWordsIn(field.label)) {
          expect([principal, agent], `${caseType.title}: ${field.label}`).toContain(word);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('names the persons in the checklist’s materials by the same names', () => {
    for (const caseType of p.caseTypes) {
      for (const material of caseType.materials) {
        for (const word of partyWordsIn(`${material.label}${material.attestationBy}`)) {
          expect([principal, agent], `${caseType.title}: ${material.label}`).toContain(word);
        }
        if (material.party === 'agent' && material.label.includes('身份证复印件')) {
          expect(material.label.startsWith(agent), material.label).toBe(true);
        }
      }
    }
  });

  it('says the same names when the two persons are one', () => {
    const delegated = p.caseTypes.find(
      (c) => c.key.delegated && c.fields.some((f) => f.key === 'applicant.idNumber'),
    );
    if (!delegated) return;
    const issues = validateCaseFields(
      p,
      delegated,
      { 'applicant.idNumber': '11010519491231002X', 'agent.idNumber': '11010519491231002X' },
      new Date('2026-11-24T00:00:00Z'),
    );
    expect(issues['agent.idNumber']?.message).toBe(
      `${agent}不能是${principal}本人；本人办理请选择“本人办理”`,
    );
  });

  it('prints the checklist with the same name for the person at the counter', () => {
    const caseType = p.caseTypes.find((c) => c.key.delegated && c.forms.includes('checklist'));
    if (!caseType) throw new Error(`${id} has no delegated case with a checklist`);
    const record = {
      caseNumber: '0001-20261124-0001',
      operation: caseType.key.operation,
      subjectType: caseType.key.subjectType,
      delegated: true,
      title: caseType.title,
      displayName: '示例',
      values: {},
      exception: null,
      ruleVersion: p.ruleVersion,
      clerkName: '柜员',
      createdAt: '2026-11-24T01:00:00.000Z',
    } satisfies Partial<CaseRecord> as unknown as CaseRecord;
    const data = buildDocumentData(p, record, [], {
      hallName: '政务服务大厅',
      hallPhone: '',
      printedAt: new Date('2026-11-24T02:00:00Z'),
      copyNumber: 1,
    });
    const checklist = templates.template(id, 'checklist');
    const signatures = checklist.blocks
      .flatMap((block) => (block.type === 'signatures' ? block.items : []))
      .map((item) =>
        fillPlaceholders(item.label, (key) => data.values[key] ?? '')
          .map((run) => run.text)
          .join(''),
      );
    expect(signatures).toContain(`申请人或${agent}（签字）`);
    for (const word of partyWordsIn(signatures.join('')))
      expect([principal, agent]).toContain(word);
  });

  it('prints letters whose every name for a person is the form’s name or its hint', () => {
    const letters = p.caseTypes.flatMap((c) =>
      c.forms.filter((form) => form.startsWith('letter-') || form === 'appeal-letter'),
    );
    expect(letters.length).toBeGreaterThan(0);
    for (const kind of new Set(letters)) {
      const words = partyWordsIn(templateText(id, kind));
      for (const word of words) {
        expect(whoIs(p.parties, word), `${kind}: ${word}`).not.toBeNull();
      }
    }
  });
});
