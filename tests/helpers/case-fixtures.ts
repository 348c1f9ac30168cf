import { crc32 } from 'node:zlib';
import type { Core, CallerSession } from '../../src-main/api/core-types';
import type { CaseDetail } from '../../src-main/contract/case-schemas';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { call } from './core-harness';
import { creditCode, residentId } from './identity-fixtures';

/** The case type key of a profile found by the Chinese names a clerk picks in the wizard. */
export function caseTypeKeyByNames(
  profile: ProvinceProfile,
  names: { operation: string; subjectType: string; delegated: boolean },
): { operation: string; subjectType: string; delegated: boolean } {
  const operation = profile.operations.find((item) => item.name === names.operation);
  const subjectType = profile.subjectTypes.find((item) => item.name === names.subjectType);
  if (!operation || !subjectType) {
    throw new Error(`profile ${profile.id} has no ${names.operation} / ${names.subjectType}`);
  }
  return { operation: operation.code, subjectType: subjectType.code, delegated: names.delegated };
}

const PEOPLE = ['张伟', '王秀英', '李娜', '刘洋', '陈静', '杨军', '赵敏', '黄磊'];

/**
 * Values that pass every rule of the case's fields, each party a different person. A field
 * the applicant sets on their own screen is left out: the clerk's form cannot set it.
 */
export function validValuesFor(detail: CaseDetail, seed = 1): Record<string, string> {
  const parties = [...new Set(detail.fields.map((field) => field.party))];
  const values: Record<string, string> = {};
  for (const field of detail.fields.filter((each) => each.setBy !== 'applicant')) {
    const index = parties.indexOf(field.party) + seed * parties.length;
    const sequence = String(100 + (index % 800)).padStart(3, '0');
    const birth = `19${70 + (index % 25)}-0${1 + (index % 9)}-1${index % 9}`;
    switch (field.kind) {
      case 'person-name':
        values[field.key] = PEOPLE[index % PEOPLE.length] ?? '张伟';
        break;
      case 'resident-id':
      case 'id-document':
        // The chosen 证件类型 defaults to the resident ID card.
        values[field.key] = residentId('140105', birth, sequence);
        break;
      case 'id-type':
        values[field.key] = 'resident-id';
        break;
      case 'phone-intl':
        values[field.key] = `+852 9${String(1_000_000 + index * 7919).slice(-7)}`;
        break;
      case 'ethnicity':
        values[field.key] = '汉族';
        break;
      case 'uscc':
        values[field.key] = creditCode(
          `9114010${index % 10}MA0${String(1000 + index).slice(-4)}X0`,
        );
        break;
      case 'mobile':
        values[field.key] = `138${String(10_000_000 + index * 7919).slice(-8)}`;
        break;
      case 'username':
        values[field.key] = `user_${seed}${index}abc`;
        break;
      case 'email':
        values[field.key] = `user${index}@example.cn`;
        break;
      case 'id-valid-from':
        values[field.key] = '2020-01-01';
        break;
      case 'id-valid-to':
        values[field.key] = '长期';
        break;
      case 'date':
        values[field.key] = '2026-01-01';
        break;
      case 'letter-date':
        // The case starts with the day it was opened (the test's clock); tests that check
        // the one-month rule set their own.
        {
          const opened = detail.values[field.key];
          if (opened) values[field.key] = opened;
        }
        break;
      default:
        values[field.key] = field.party === 'company' ? '太原市晋阳科技有限公司' : '测试内容';
    }
  }
  return values;
}

/** Records every required part of every material of a case. */
export async function recordAllMaterials(
  core: Core,
  session: CallerSession,
  detail: CaseDetail,
): Promise<CaseDetail> {
  let current = detail;
  for (const item of detail.materials) {
    current = await call(core, session, 'case:recordMaterial', {
      caseNumber: detail.caseNumber,
      code: item.code,
      originalSeen: item.needsOriginal,
      copyArchived: item.needsCopy,
      attested: item.attestation !== 'none',
      signedOriginalArchived: item.form !== null,
    });
  }
  return current;
}

/**
 * A valid one-pixel PNG carrying `text` in a tEXt chunk before its end: scans whose bytes
 * (and so vault files) differ by the text. Bytes appended after the end would be refused as
 * a polyglot.
 */
export function pngWithText(text: string | Buffer): Buffer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(text)]);
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), length, typeAndData, crc, png.subarray(iend)]);
}
