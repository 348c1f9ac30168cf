import type { CaseMaterial } from '../../../src-main/contract';
import type { CaseState } from '../../../src-main/domain/case-state';
import { caseStateLabels } from '../../../src-main/domain/case-state';
import { missingPartLabels } from '../../../src-main/domain/materials';
import { missingCase } from '../../../src-main/domain/missing-case';
import type { PartyNames } from '../../../src-main/domain/parties';
import {
  defaultPartyNames,
  namedParty,
  partyName,
  partyTitle,
} from '../../../src-main/domain/parties';
import type { TagType } from './format';

/** The headings of the form's party groups the province profile does not name. */
const partyHeadings: Record<string, string> = {
  applicant: '申请人',
  company: '单位信息',
  legalRep: '法定代表人（负责人）',
  headOffice: '总公司',
  headOfficeLegalRep: '总公司法定代表人',
  account: '平台账号',
  // The parties of the operations beyond registration.
  newLegalRep: '新法定代表人（负责人）',
  letter: '委托书',
  appeal: '申诉',
  activation: '安全验证',
  legacy: '历史系统账户',
  admin: '单位管理员',
};

/**
 * The heading of a party's group. The principal (a delegated natural person) and the agent
 * carry the province's own name with the other names as a hint: 被授权人（即经办人、受托人）.
 */
export function partyHeading(
  names: PartyNames | undefined,
  party: string,
  delegated: boolean,
): string {
  const named = namedParty(party, delegated);
  if (named) return partyTitle((names ?? defaultPartyNames)[named]);
  return partyHeadings[party] ?? party;
}

/** The party's plain name for a sentence (请将被授权人的身份证…): the heading without its hint. */
export function partyWord(
  names: PartyNames | undefined,
  party: string,
  delegated: boolean,
): string {
  return partyName(names ?? defaultPartyNames, party, delegated) ?? partyHeadings[party] ?? party;
}

/** A state's word and tag colour. */
export function caseStateView(state: CaseState): { label: string; type: TagType } {
  const label = caseStateLabels[state];
  switch (state) {
    case 'draft':
    case 'collecting':
      return { label, type: 'info' };
    case 'ready':
    case 'submitted':
    case 'manual-review':
      return { label, type: 'primary' };
    case 'accepted':
    case 'archived':
      return { label, type: 'success' };
    case 'refused':
      return { label, type: 'danger' };
    case 'cancelled':
      return { label, type: 'warning' };
    default:
      return missingCase(state);
  }
}

/** What a material still lacks, in words. */
export function missingText(item: CaseMaterial): string {
  return item.missing.map((part) => missingPartLabels[part]).join('、');
}

/** The word for who signs or seals a material. */
export function attestationText(item: CaseMaterial): string {
  switch (item.attestation) {
    case 'none':
      return '';
    case 'signature':
      return `签字：${item.attestationBy}`;
    case 'seal':
      return `盖章：${item.attestationBy}`;
    case 'signature-and-seal':
      return `签字并盖章：${item.attestationBy}`;
    default:
      return missingCase(item.attestation);
  }
}

/** File sizes as a clerk reads them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
