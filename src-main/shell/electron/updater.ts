/**
 * The desktop shell's update check: fetch the hall's feed and its signature, verify them
 * (update-feed.ts), let electron-updater's generic provider offer exactly that release, then
 * install now or later. The updater is passed in, so the flow is tested without Electron.
 */
import type { Release, UpdateDecision } from './update-feed';
import { NO_UPDATE_KEY_MESSAGE } from './update-key';
import {
  feedFileName,
  isSignedRelease,
  updateDecision,
  UpdateFeedError,
  verifiedRelease,
} from './update-feed';

/** The parts of electron-updater's AppUpdater the check uses. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{
    updateInfo: { version: string; files: readonly { url: string; sha512: string }[] };
  } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateCheckDeps {
  /** The address the supervisor set (本柜台设置); empty: updates are off. */
  feedBaseUrl: string;
  currentVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Windows with a signed-in user: while any, a case may be in progress. */
  signedInWindows: () => number;
  updater: UpdaterPort;
  fetchBytes: (url: URL) => Promise<Buffer>;
  /** Called just before the app restarts into the new version (kiosk use lets go). */
  beforeInstall: () => void;
  /** The release key pinned in the package (update-key.ts); null: none, no update is taken. */
  publicKeyPem: string | null;
}

export type UpdateOutcome =
  | { kind: 'off' }
  | { kind: 'refused'; message: string }
  | (UpdateDecision & { kind: 'decided'; release: Release });

/** One check: verify, compare, download when newer, install now or on the next quit. */
export async function checkForSignedUpdate(deps: UpdateCheckDeps): Promise<UpdateOutcome> {
  if (deps.feedBaseUrl.trim() === '') return { kind: 'off' };
  // Without a pinned key nothing could vouch for a feed: nothing is fetched, nothing installed.
  if (deps.publicKeyPem === null) return { kind: 'refused', message: NO_UPDATE_KEY_MESSAGE };
  const publicKeyPem = deps.publicKeyPem;
  const base = new URL(deps.feedBaseUrl.endsWith('/') ? deps.feedBaseUrl : `${deps.feedBaseUrl}/`);
  const feedUrl = new URL(feedFileName(deps.platform, deps.arch), base);
  let release: Release;
  try {
    const [feed, signature] = await Promise.all([
      deps.fetchBytes(feedUrl),
      deps.fetchBytes(new URL(`${feedUrl.pathname.split('/').pop() ?? ''}.sig`, feedUrl)),
    ]);
    release = verifiedRelease(feed, signature.toString('utf8'), feedUrl, publicKeyPem);
  } catch (error) {
    const message =
      error instanceof UpdateFeedError ? error.message : '无法读取更新清单，请检查更新地址和网络。';
    return { kind: 'refused', message };
  }
  const decision = updateDecision({
    release,
    currentVersion: deps.currentVersion,
    signedInWindows: deps.signedInWindows(),
  });
  if (decision.action === 'none') return { kind: 'decided', release, ...decision };

  deps.updater.autoDownload = false;
  deps.updater.autoInstallOnAppQuit = false;
  deps.updater.setFeedURL({ provider: 'generic', url: base.href });
  const offered = await deps.updater.checkForUpdates();
  // The updater reads the feed again: it must be the very release that was signed.
  if (!offered || !isSignedRelease(release, offered.updateInfo)) {
    return { kind: 'refused', message: '更新服务器提供的版本与签名的清单不一致，已拒绝这次更新。' };
  }
  await deps.updater.downloadUpdate();
  // Decided again after the download: a clerk may have signed in meanwhile.
  const now = updateDecision({
    release,
    currentVersion: deps.currentVersion,
    signedInWindows: deps.signedInWindows(),
  });
  if (now.action === 'install-now') {
    deps.beforeInstall();
    deps.updater.quitAndInstall(true, true);
  } else {
    deps.updater.autoInstallOnAppQuit = true;
  }
  return { kind: 'decided', release, ...now };
}
