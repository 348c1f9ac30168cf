/**
 * The manifest of a supervisor's export: every file of the ZIP with its size and
 * SHA-256, so that anyone can later prove the export is the one the counter wrote.
 */

/** The format tag a verifier checks before trusting the rest of the manifest. */
export const EXPORT_MANIFEST_FORMAT = 'counter-desk-export/1';

/** The manifest's own name inside the ZIP. */
export const EXPORT_MANIFEST_NAME = 'manifest.json';

/** One file of an export as the manifest lists it. */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** What an export was asked for, as recorded in its manifest and the audit log. */
export interface ExportFilterRecord {
  from: string | null;
  to: string | null;
  clerkId: number | null;
  clerkName: string | null;
  caseType: string | null;
  states: string[];
}

/** The manifest.json of an export. */
export interface ExportManifest {
  format: typeof EXPORT_MANIFEST_FORMAT;
  app: { name: string; version: string };
  createdAt: string;
  supervisor: { id: number; name: string };
  filter: ExportFilterRecord;
  /** Whether personal data is in clear (audited with the reason) or masked. */
  fullData: boolean;
  reason: string | null;
  includeAttachments: boolean;
  caseCount: number;
  /** Attachments that could not be exported (purged by retention, missing from the vault). */
  omittedAttachments: { caseNumber: string; fileName: string; why: string }[];
  files: ManifestFile[];
}

/** One way a file differs from what the manifest says. */
export type ManifestMismatch =
  | { path: string; problem: 'missing' }
  | { path: string; problem: 'unlisted' }
  | { path: string; problem: 'unreadable'; detail: string }
  | { path: string; problem: 'size'; expected: number; actual: number }
  | { path: string; problem: 'sha256'; expected: string; actual: string };

/**
 * Compares the files found in a ZIP with the manifest's list: every listed file must be
 * there with the same size and hash, and no other file may be there (but the manifest).
 */
export function compareWithManifest(
  listed: readonly ManifestFile[],
  found: readonly ManifestFile[],
): ManifestMismatch[] {
  const mismatches: ManifestMismatch[] = [];
  const byPath = new Map(found.map((file) => [file.path, file]));
  for (const expected of listed) {
    const actual = byPath.get(expected.path);
    if (!actual) mismatches.push({ path: expected.path, problem: 'missing' });
    else if (actual.size !== expected.size)
      mismatches.push({
        path: expected.path,
        problem: 'size',
        expected: expected.size,
        actual: actual.size,
      });
    else if (actual.sha256 !== expected.sha256)
      mismatches.push({
        path: expected.path,
        problem: 'sha256',
        expected: expected.sha256,
        actual: actual.sha256,
      });
  }
  const listedPaths = new Set(listed.map((file) => file.path));
  for (const file of found) {
    if (file.path !== EXPORT_MANIFEST_NAME && !listedPaths.has(file.path))
      mismatches.push({ path: file.path, problem: 'unlisted' });
  }
  return mismatches;
}

/** A mismatch in the supervisor's words. */
export function describeMismatch(mismatch: ManifestMismatch): string {
  switch (mismatch.problem) {
    case 'missing':
      return `${mismatch.path}：清单中有此文件，压缩包中缺失`;
    case 'unlisted':
      return `${mismatch.path}：压缩包中多出清单未列的文件`;
    case 'unreadable':
      return `${mismatch.path}：无法读取（${mismatch.detail}）`;
    case 'size':
      return `${mismatch.path}：大小不符（清单 ${mismatch.expected} 字节，实际 ${mismatch.actual} 字节）`;
    case 'sha256':
      return `${mismatch.path}：内容已被改动（SHA-256 不符）`;
  }
}
