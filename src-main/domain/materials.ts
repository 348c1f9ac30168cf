import type { CaseTypeKey } from './case-type';
import { caseTypeKeyToString } from './case-type';
import type { MaterialRequirement, ProvinceProfile } from './profile';
import { findCaseType } from './profile';

/** What the clerk recorded for one material. */
export interface ItemRecord {
  originalSeen: boolean;
  copyArchived: boolean;
  attested: boolean;
  /** The signed original of a printed form is kept in the paper archive. */
  signedOriginalArchived?: boolean;
  attachmentCount: number;
}

/** A part of a material's rule that is not yet met. */
export type MissingPart =
  'original' | 'copy' | 'attestation' | 'signed-form' | 'original-kept' | 'upload';

/** The words for each missing part. */
export const missingPartLabels: Record<MissingPart, string> = {
  original: '原件未核验',
  copy: '复印件未存档',
  attestation: '未签字或盖章',
  'signed-form': '签字件未收回（上传扫描件或登记原件已存档）',
  'original-kept': '原件未存档（须收取签字原件，仅有扫描件不够）',
  upload: '未上传文件（平台须收到该文件）',
};

/** The materials the counter must collect for a case type (DOMAIN.md, Materials). */
export function materialsFor(profile: ProvinceProfile, key: CaseTypeKey): MaterialRequirement[] {
  const caseType = findCaseType(profile, key);
  if (!caseType) {
    throw new Error(`${profile.name}配置中没有办件事项 ${caseTypeKeyToString(key)}`);
  }
  return [...caseType.materials];
}

/** Which parts of one material's rule are still unmet. */
export function missingParts(
  requirement: MaterialRequirement,
  record: ItemRecord | undefined,
): MissingPart[] {
  const missing: MissingPart[] = [];
  if (requirement.originalSeen && !record?.originalSeen) missing.push('original');
  if (requirement.copyArchived && !record?.copyArchived) missing.push('copy');
  if (requirement.attestation !== 'none' && !record?.attested) missing.push('attestation');
  // A form the counter prints must come back signed: as a scan, or kept as the original.
  const signedBack = (record?.attachmentCount ?? 0) > 0 || record?.signedOriginalArchived === true;
  if (requirement.upload && (record?.attachmentCount ?? 0) === 0) missing.push('upload');
  if (requirement.form && !signedBack) missing.push('signed-form');
  // 附录1 is kept as the original: a scan alone does not satisfy it.
  else if (requirement.originalKept && record?.signedOriginalArchived !== true) {
    missing.push('original-kept');
  }
  return missing;
}

/** Every material with an unmet part, in the table's order. */
export function missingMaterials(
  requirements: readonly MaterialRequirement[],
  records: Readonly<Record<string, ItemRecord>>,
): { code: string; label: string; missing: MissingPart[] }[] {
  return requirements
    .map((requirement) => ({
      code: requirement.code,
      label: requirement.label,
      missing: missingParts(requirement, records[requirement.code]),
    }))
    .filter((item) => item.missing.length > 0);
}
