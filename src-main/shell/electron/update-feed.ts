/**
 * Updates inside the hall's network: what the desktop shell checks before electron-updater
 * may download anything. electron-updater's generic provider compares only checksums from a
 * feed it trusts blindly; here the feed itself must carry an ed25519 signature by the pinned
 * release key, and what the updater then offers must be exactly the signed release.
 * No `electron` import: the rules are tested in plain Node.
 */
import { createPublicKey, verify } from 'node:crypto';
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider';
import { z } from 'zod';

/** Why an update was not taken, in words for the supervisor. */
export class UpdateFeedError extends Error {}

/** The feed file electron-builder writes for each package kind, as the updater reads it. */
export function feedFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'linux') return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
  return 'latest-mac.yml';
}

const updateFileSchema = z.object({
  url: z.string().min(1),
  sha512: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  size: z.number().int().positive().optional(),
});

/** The parts of a release feed the decision uses, checked after the updater's YAML parse. */
export const releaseSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, '版本号应为 x.y.z'),
  files: z.array(updateFileSchema).min(1),
  releaseDate: z.string().optional(),
});
export type Release = z.infer<typeof releaseSchema>;

/**
 * Verifies the feed's detached signature (base64 ed25519 over the exact bytes) against the
 * release key pinned in the package (update-key.ts), then parses it as electron-updater does.
 * Throws UpdateFeedError otherwise.
 */
export function verifiedRelease(
  feed: Buffer,
  signatureBase64: string,
  feedUrl: URL,
  publicKeyPem: string,
): Release {
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  let valid = false;
  try {
    valid = verify(null, feed, createPublicKey(publicKeyPem), signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new UpdateFeedError('更新清单的签名不符，已拒绝这次更新。');
  const parsed = releaseSchema.safeParse(
    parseUpdateInfo(feed.toString('utf8'), feedUrl.pathname, feedUrl),
  );
  if (!parsed.success) throw new UpdateFeedError('更新清单的内容不完整，已拒绝这次更新。');
  return parsed.data;
}

/** Whether what the updater offers is the signed release, file for file. */
export function isSignedRelease(
  signed: Release,
  offered: { version: string; files: readonly { url: string; sha512: string }[] },
): boolean {
  const key = (files: readonly { url: string; sha512: string }[]) =>
    files
      .map((file) => `${file.url} ${file.sha512}`)
      .sort()
      .join('\n');
  return signed.version === offered.version && key(signed.files) === key(offered.files);
}

function versionParts(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** Whether `candidate` is newer than `current` (x.y.z, numerically). */
export function isNewer(candidate: string, current: string): boolean {
  const a = versionParts(candidate);
  const b = versionParts(current);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return false;
}

/** What to do with a verified release. */
export type UpdateDecision =
  | { action: 'none'; reason: string }
  | { action: 'install-now' }
  | { action: 'later'; reason: string };

/**
 * Now or later: a newer signed release installs (a restart) only while nobody is signed in,
 * so no case is in progress; otherwise it waits for that moment or for the app's next quit.
 */
export function updateDecision(input: {
  release: Release;
  currentVersion: string;
  signedInWindows: number;
}): UpdateDecision {
  if (!isNewer(input.release.version, input.currentVersion)) {
    return { action: 'none', reason: `已是最新版本（${input.currentVersion}）` };
  }
  if (input.signedInWindows > 0) {
    return {
      action: 'later',
      reason: `新版本 ${input.release.version} 已就绪，将在柜员全部退出登录或关闭程序后安装`,
    };
  }
  return { action: 'install-now' };
}
