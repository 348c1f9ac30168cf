/**
 * When the installed app looks for updates: shortly after start, every six hours, and soon
 * after the supervisor changes the address. electron-updater is loaded only then, in the
 * packaged app; a check never throws into the shell.
 */
import { app } from 'electron';
import { checkForSignedUpdate } from './updater';

const EVERY = 6 * 60 * 60 * 1000;
const SOON = 60 * 1000;
const FETCH_TIMEOUT = 15_000;

async function fetchBytes(url: URL): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT) });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
  return Buffer.from(await response.arrayBuffer());
}

export class UpdateSchedule {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly feedBaseUrl: () => Promise<string>,
    private readonly signedInWindows: () => number,
    private readonly beforeInstall: () => void,
    /** The release key pinned in this package, or null (every check is then refused). */
    private readonly publicKeyPem: string | null,
  ) {}

  start(): void {
    this.checkSoon();
    this.timer = setInterval(() => void this.check(), EVERY);
    this.timer.unref();
  }

  checkSoon(): void {
    if (this.soon) clearTimeout(this.soon);
    this.soon = setTimeout(() => void this.check(), SOON);
    this.soon.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
  }

  private async check(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const url = await this.feedBaseUrl();
      if (url === '') return;
      const { autoUpdater } = await import('electron-updater');
      const outcome = await checkForSignedUpdate({
        feedBaseUrl: url,
        currentVersion: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
        signedInWindows: this.signedInWindows,
        updater: autoUpdater,
        fetchBytes,
        beforeInstall: this.beforeInstall,
        publicKeyPem: this.publicKeyPem,
      });
      if (outcome.kind === 'refused') console.warn(`更新检查：${outcome.message}`);
    } catch (error) {
      console.warn(`更新检查失败：${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
