import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PurgePreview, PurgeProgress } from '../../contract/archive-channels';
import type { ExportJob } from '../../contract/export-channels';
import type { ReaderLibraries, TrainingCard } from '../../contract/idcard-channels';
import type { DeviceStatus, Settings } from '../../contract/schemas';
import type { IdCard } from '../../domain/id-card';
import type { CaKeyModule, CaKeyToken } from '../../domain/ports/ca-key';
import type { AccountDirectory } from '../../domain/ports/account-directory';
import type { AuditAnchorPlatform, CentralPlatform } from '../../domain/ports/central-platform';
import type { Clock } from '../../domain/ports/clock';
import type { ReaderFault } from '../../domain/ports/id-card-reader';
import type { Printer } from '../../domain/ports/printer';
import type { DocumentData } from '../../domain/print/document-data';
import type { PrintTemplate } from '../../domain/print/print-template';
import type { RenderMeta } from '../../print/render-pdf';
import type { TemplateLibrary } from '../../print/template-files';
import type { AttachmentVault } from '../../store/attachment-vault';
import type { LoadedProfiles } from '../../store/profile-files';
import type { PhotoDecoder } from '../../devices/idcard/photo-decoder';
import type { OutboxWorker } from '../../sync/outbox-worker';
import type { RequestSigner } from '../../sync/request-signer';

// The desks below are what use cases need of the long-lived parts of a core. They are
// declared here, beneath every feature, so that a feature depends on the shape of a desk and
// never on the module that builds it: the modules that build them import the use cases.

/** The ID card reader's settings, as the reader desk reads them. */
export type ReaderSettings = Pick<
  Settings,
  'idcardReader' | 'idcardPort' | 'idcardBaudRate' | 'idcardSdkLibrary' | 'idcardPhotoDecoder'
>;

/** What waiting for a card ended in. */
export type CardWait =
  | { kind: 'card'; card: IdCard }
  | { kind: 'failed'; fault: ReaderFault; message: string }
  | { kind: 'timeout' }
  /** Another wait started, or the clerk cancelled: one card must never fill two people. */
  | { kind: 'superseded' };

/** The counter's ID card reader. */
export interface IdCardDeskPort {
  status(settings: ReaderSettings): DeviceStatus;
  isConfigured(settings: ReaderSettings): boolean;
  waitForCard(settings: ReaderSettings, timeoutMs: number): Promise<CardWait>;
  placeTrainingCard(settings: ReaderSettings, which?: TrainingCard): boolean;
  /** Ends the wait under way, if any, as superseded. */
  cancelWait(): void;
  /**
   * The vendor's WLT photo decoder: the one the settings chose, or the first one detected;
   * null where none is installed. Without settings, the choice last seen.
   */
  photoDecoder(settings?: Pick<ReaderSettings, 'idcardPhotoDecoder'>): Promise<PhotoDecoder | null>;
  /** The SDT SDK libraries and photo decoders found in the allowed folders. */
  detectLibraries(): ReaderLibraries;
}

/** The CA key's settings, as the key desk reads them. */
export type CaKeySettings = Pick<Settings, 'cakeyMode' | 'cakeyModules' | 'cakeyUsbIds'>;

/** The counter's CA key: presence, one module operation at a time, wrong-PIN counts. */
export interface CaKeyDeskPort {
  status(settings: CaKeySettings): DeviceStatus;
  isTraining(settings: CaKeySettings): boolean;
  withModule<T>(
    settings: CaKeySettings,
    operation: (module: CaKeyModule, keyModel: string) => Promise<T>,
  ): Promise<T>;
  countWrongPin(token: CaKeyToken): number;
  clearWrongPins(token: CaKeyToken): void;
}

/** What the core prints with: the OS printer, the template files and the embedded font. */
export interface PrintDesk {
  printer: Printer;
  templates: TemplateLibrary;
  /** Fills one template into PDF bytes, in the shipped Song face. */
  render(template: PrintTemplate, data: DocumentData, meta: RenderMeta): Promise<Uint8Array>;
  /** The font file, for render threads that parse it themselves (the export's pool). */
  fontPath: string;
  /**
   * Loads the renderer and the font soon, in the background, so the clerk's first preview
   * does not wait for them; the case's documents ask for it when the case page opens.
   */
  warm(): void;
}

/** The line to the central platform: the outbox worker and the platform client. */
export interface SyncDeskPort {
  outboxWorker(): OutboxWorker | null;
  kick(): void;
  reconfigure(): void;
  registrationPlatform(ctx: ServiceContext, url: string): CentralPlatform;
  /** The platform's account directory (查找账号), or null while the line is not set up. */
  accountDirectory(): AccountDirectory | null;
  /** The platform to call now, or null while no address is set or the counter not registered. */
  currentPlatform(): CentralPlatform | null;
  /** Where audit checkpoints go and who signs them, or null while the counter is not registered. */
  anchorTarget(): { platform: AuditAnchorPlatform; signer: RequestSigner } | null;
  /** Queues a checkpoint if the log grew, and sends what is queued. */
  anchorTick(): Promise<void>;
}

/** The daily archive batch and the retention purge. */
export interface HousekeepingDeskPort {
  preview(ctx: ServiceContext): Promise<PurgePreview>;
  startPurge(ctx: ServiceContext, actor: Actor | null, previewId: string): Promise<unknown>;
  currentProgress(): PurgeProgress;
}

/** An export job while it runs, in memory only. */
export interface RunningExport {
  job: ExportJob;
  cancelRequested: boolean;
  finished: Promise<void>;
}

/** The supervisor's export jobs. */
export interface ExportDeskPort {
  readonly options: {
    appVersion: string;
    defaultFolder: string;
    pdfWorker?: { script: string; threads: number };
    indexWorker?: { script: string };
    dataDir: string;
  };
  /** True while a start lists its cases (one export at a time). */
  starting: boolean;
  find(jobId: string): RunningExport | undefined;
  running(): RunningExport | undefined;
  add(entry: RunningExport): void;
}

/** What every use case gets: the database, the clock, the profiles, the file vault, the devices, sync. */
export interface ServiceContext {
  db: Database;
  clock: Clock;
  profiles: LoadedProfiles;
  vault: AttachmentVault;
  idcard: IdCardDeskPort;
  printing: PrintDesk;
  cakey: CaKeyDeskPort;
  sync: SyncDeskPort;
  housekeeping: HousekeepingDeskPort;
  exports: ExportDeskPort;
}

/** The acting user, as recorded in the audit log. */
export interface Actor {
  id: number;
  displayName: string;
}

/** The time now as stored: ISO-8601 UTC. */
export function nowIso(ctx: Pick<ServiceContext, 'clock'>): string {
  return ctx.clock.now().toISOString();
}

/** Midnight of the counter's local day, as ISO-8601 UTC, for "today" counts. */
export function startOfToday(ctx: Pick<ServiceContext, 'clock'>): string {
  const now = ctx.clock.now();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}
