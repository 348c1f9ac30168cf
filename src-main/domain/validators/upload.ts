import type { ProvinceProfile } from '../profile';
import type { FieldIssue } from './field-issue';
import { fieldError } from './field-issue';

type UploadType = ProvinceProfile['uploads']['copyTypes'][number];

const SIGNATURES: Record<UploadType, readonly number[][]> = {
  jpg: [[0xff, 0xd8, 0xff]],
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  pdf: [[0x25, 0x50, 0x44, 0x46]],
  // Legacy Office files are OLE compound documents; DOCX/XLSX are ZIP archives.
  doc: [
    [0xd0, 0xcf, 0x11, 0xe0],
    [0x50, 0x4b, 0x03, 0x04],
  ],
  xls: [
    [0xd0, 0xcf, 0x11, 0xe0],
    [0x50, 0x4b, 0x03, 0x04],
  ],
};

const EXTENSIONS: Record<UploadType, readonly string[]> = {
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  pdf: ['pdf'],
  doc: ['doc', 'docx'],
  xls: ['xls', 'xlsx'],
};

function typeOf(file: { name: string; firstBytes: Uint8Array }): UploadType | null {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  for (const type of Object.keys(SIGNATURES) as UploadType[]) {
    const bytesMatch = SIGNATURES[type].some((magic) =>
      magic.every((byte, index) => file.firstBytes[index] === byte),
    );
    if (bytesMatch && EXTENSIONS[type].includes(extension)) return type;
  }
  return null;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Checks a file before it is attached: its content must be one of the types the profile
 * allows for that kind of material (by its first bytes, not only its name), within the size.
 * Each refusal is one sentence: which file, what is wrong, what to do.
 */
export function uploadProblem(
  profile: ProvinceProfile,
  file: { name: string; size: number; firstBytes: Uint8Array },
  kind: 'copy' | 'letter',
  /** The material's own types, where the seed names them (an appeal's uploads). */
  only?: readonly UploadType[],
): FieldIssue | null {
  const allowed =
    only ?? (kind === 'letter' ? profile.uploads.letterTypes : profile.uploads.copyTypes);
  const names = allowed.map((type) => type.toUpperCase()).join('、');
  if (file.size === 0) return fieldError(`“${file.name}”是空文件，请重新扫描后再上传。`);
  const type = typeOf(file);
  if (!type || !allowed.includes(type)) {
    return fieldError(
      `“${file.name}”不是这项材料可用的 ${names} 文件，请用扫描仪或高拍仪另存为其中一种格式后再上传。`,
    );
  }
  if (file.size > profile.uploads.maxBytes) {
    return fieldError(
      `“${file.name}”有 ${formatMegabytes(file.size)}，超过 ${formatMegabytes(profile.uploads.maxBytes)} 的上限，请降低扫描分辨率后再上传。`,
    );
  }
  return null;
}
