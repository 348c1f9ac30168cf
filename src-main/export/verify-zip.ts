import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import type { ExportManifest, ManifestFile, ManifestMismatch } from '../domain/export-manifest';
import {
  compareWithManifest,
  EXPORT_MANIFEST_FORMAT,
  EXPORT_MANIFEST_NAME,
} from '../domain/export-manifest';

/** The outcome of checking an export ZIP against its own manifest. */
export type ZipVerification =
  | { kind: 'unreadable'; detail: string }
  | { kind: 'no-manifest' }
  | {
      kind: 'checked';
      manifest: ExportManifest;
      manifestSha256: string;
      filesChecked: number;
      mismatches: ManifestMismatch[];
    };

function isManifest(value: unknown): value is ExportManifest {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === EXPORT_MANIFEST_FORMAT &&
    Array.isArray((value as { files?: unknown }).files)
  );
}

/**
 * Reads every entry of an export ZIP, hashing each as it streams by, and compares the result
 * with manifest.json. Nothing is unpacked to disk.
 */
export async function verifyExportZip(path: string): Promise<ZipVerification> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, validateEntrySizes: false });
  } catch (error) {
    return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  const found: ManifestFile[] = [];
  const broken: ManifestMismatch[] = [];
  let manifestBytes: Buffer | null = null;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      try {
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        const keep = entry.fileName === EXPORT_MANIFEST_NAME;
        for await (const chunk of (await zip.openReadStreamPromise(
          entry,
        )) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          if (keep) chunks.push(chunk);
        }
        if (keep) manifestBytes = Buffer.concat(chunks);
        found.push({ path: entry.fileName, size, sha256: hash.digest('hex') });
      } catch (error) {
        broken.push({
          path: entry.fileName,
          problem: 'unreadable',
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    }
  } catch (error) {
    return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    zip.close();
  }
  if (!manifestBytes) return { kind: 'no-manifest' };
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    return { kind: 'no-manifest' };
  }
  if (!isManifest(manifest)) return { kind: 'no-manifest' };
  const brokenPaths = new Set(broken.map((item) => item.path));
  return {
    kind: 'checked',
    manifest,
    manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
    filesChecked: found.length,
    mismatches: [
      ...broken,
      ...compareWithManifest(manifest.files, found).filter(
        (item) => !(item.problem === 'missing' && brokenPaths.has(item.path)),
      ),
    ],
  };
}
