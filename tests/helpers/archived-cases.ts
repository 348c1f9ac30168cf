import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CaseTypeDefinition, ProvinceProfile } from '../../src-main/domain/profile';
import { caseDisplay, caseSearchKeys } from '../../src-main/services/shared/case-keys';
import { insertCaseItems, recordCaseItem } from '../../src-main/store/repositories/case-items';
import {
  insertCase,
  saveCaseValues,
  setCaseState,
  setPlatformAnswer,
} from '../../src-main/store/repositories/cases';
import { AttachmentVault } from '../../src-main/store/attachment-vault';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { DATABASE_FILE, unlockConnection } from '../../src-main/store/open-database';
import { creditCode, residentId } from './identity-fixtures';

const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '秀英', '娜', '洋', '静', '军', '敏', '磊', '晓明', '丽华'];
const COMPANIES = ['晋阳科技', '汾河商贸', '龙城物流', '并州建材', '迎泽餐饮'];

/** One seeded case as a test needs to find it again. */
export interface SeededCase {
  id: number;
  caseNumber: string;
  caseType: CaseTypeDefinition;
  values: Record<string, string>;
  createdAt: string;
}

/** A value of the field's kind that passes the app's validators, different per case. */
function valueFor(kind: string, party: string, index: number): string {
  const person = `${SURNAMES[index % 10] ?? '张'}${GIVEN[Math.floor(index / 10) % 10] ?? '伟'}`;
  switch (kind) {
    case 'person-name':
      return party === 'agent' ? `${person}代` : person;
    case 'resident-id': {
      const birth = `19${70 + (index % 25)}-0${1 + (index % 9)}-1${index % 9}`;
      return residentId('140105', birth, String(100 + (index % 800)).padStart(3, '0'));
    }
    case 'uscc':
      return creditCode(`91140105MA0${String(index).padStart(6, '0').slice(-6)}`);
    case 'mobile':
      return `139${String(10_000_000 + index).slice(-8)}`;
    case 'username':
      return `user_${index}a`;
    case 'email':
      return `u${index}@example.cn`;
    case 'id-valid-from':
      return '2020-01-01';
    case 'id-valid-to':
      return '长期';
    case 'date':
      return '2026-01-01';
    case 'org-name':
      return `太原市${COMPANIES[index % COMPANIES.length] ?? '晋阳科技'}有限公司${index}`;
    default:
      return '测试';
  }
}

/**
 * Seeds archived cases straight through the repositories, as the archive action (built by
 * another helper) would leave them: values saved, every material recorded, a platform
 * answer, state 'archived'. Days and times are spread from `firstDay` one minute apart.
 */
export function seedArchivedCases(
  db: Database,
  options: {
    profile: ProvinceProfile;
    clerk: { id: number; name: string };
    count: number;
    first?: Date;
    /** Leave out the signed form of every n-th case so the index shows a missing item. */
    missingEvery?: number;
    startIndex?: number;
  },
): SeededCase[] {
  const { profile, clerk } = options;
  const first = options.first ?? new Date('2026-11-02T09:00:00+08:00');
  const seeded: SeededCase[] = [];
  db.transaction(() => {
    for (let offset = 0; offset < options.count; offset += 1) {
      const index = (options.startIndex ?? 0) + offset;
      const caseType = profile.caseTypes[index % profile.caseTypes.length] as CaseTypeDefinition;
      const created = new Date(first.getTime() + offset * 60_000);
      const now = created.toISOString();
      const day = `${created.getFullYear()}${String(created.getMonth() + 1).padStart(2, '0')}${String(created.getDate()).padStart(2, '0')}`;
      const caseNumber = `0001-${day}-${String(index + 1).padStart(5, '0')}`;
      const id = insertCase(db, {
        caseNumber,
        hallCode: '0001',
        day,
        sequence: index + 1,
        profileId: profile.id,
        ruleVersion: profile.ruleVersion,
        operation: caseType.key.operation,
        subjectType: caseType.key.subjectType,
        delegated: caseType.key.delegated,
        title: caseType.title,
        state: 'collecting',
        materials: caseType.materials,
        forms: caseType.forms,
        clerkId: clerk.id,
        now,
      });
      const values = Object.fromEntries(
        caseType.fields.map((field) => [field.key, valueFor(field.kind, field.party, index)]),
      );
      saveCaseValues(db, id, {
        values,
        display: caseDisplay(values),
        keys: caseSearchKeys(values),
        now,
      });
      insertCaseItems(
        db,
        id,
        caseType.materials.map((item) => item.code),
      );
      const skipSigned = options.missingEvery !== undefined && index % options.missingEvery === 0;
      for (const item of caseType.materials) {
        recordCaseItem(db, id, {
          code: item.code,
          originalSeen: item.originalSeen,
          copyArchived: item.copyArchived,
          attested: item.attestation !== 'none',
          signedOriginalArchived: !skipSigned,
          userId: clerk.id,
          userName: clerk.name,
          now,
        });
      }
      setPlatformAnswer(db, id, { message: '平台已受理', nextStep: null });
      setCaseState(db, id, 'archived', now);
      seeded.push({ id, caseNumber, caseType, values, createdAt: now });
    }
  })();
  return seeded;
}

/** A second connection to a test core's encrypted store, for seeding behind the core's back. */
export function openSeedConnection(dataDir: string): Database {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('the core has not created its key yet');
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  unlockConnection(db, deriveKey(master, 'database'));
  return db;
}

/** The test core's attachment vault, to store a scan behind the core's back. */
export function openSeedVault(dataDir: string): AttachmentVault {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('the core has not created its key yet');
  return new AttachmentVault(dataDir, deriveKey(master, 'attachments'));
}
