import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeProblemMessages } from '../domain/store-problems';
import type { Clock } from '../domain/ports/clock';
import type { Printer } from '../domain/ports/printer';
import { systemClock } from '../domain/ports/clock';
import type { SecretStore } from '../domain/ports/secret-store';
import type { LibraryFolders } from '../devices/native-library-locations';
import { isSetupRequired } from '../services/staff/auth';
import { CaKeyDesk, storedWrongPinMemory } from '../services/cakey/cakey-desk';
import { HousekeepingDesk } from '../services/archive/housekeeping';
import { ExportDesk } from '../services/export/export';
import { IdCardDesk, storedReaderPortMemory } from '../services/idcard/idcard-desk';
import { errorKind, recordJobFailure } from '../services/shared/job-failure';
import { LoginGuard } from '../services/staff/login-guard';
import { createPrintDesk } from '../services/printing/printing';
import { getSettings } from '../services/shared/settings';
import type { SyncOptions } from '../services/sync/sync';
import { SyncDesk } from '../services/sync/sync';
import type { CentralPlatform } from '../domain/ports/central-platform';
import { AttachmentVault } from '../store/attachment-vault';
import { deriveKey, generateMasterKey } from '../store/crypto/key-hierarchy';
import { openDatabase, StoreOpenError } from '../store/open-database';
import type { LoadedProfiles } from '../store/profile-files';
import { loadProfiles } from '../store/profile-files';
import type { CallerSession, Core, ShellKind } from './core-types';
import type { CoreLogger } from './dispatcher';
import { bindScreen } from '../services/applicant/applicant';
import { closePinpad } from '../services/applicant/applicant-pinpad';
import { createDispatcher } from './dispatcher';
import { createHandlers } from './handlers';
import type { StartupState } from './startup-state';

/** How a shell starts the core. */
export interface CoreOptions {
  dataDir: string;
  /** The app's resources folder: province profiles (and later fonts, templates). */
  resourcesDir: string;
  /** The print templates, one folder per province profile; default: beside resources/. */
  templatesDir?: string;
  /** The operating system's printing; tests may pass another. */
  printer?: Printer;
  secretStore: SecretStore;
  shell: ShellKind;
  version: string;
  clock?: Clock;
  logger?: CoreLogger;
  /** Outbox tuning (tests shorten the backoff); the platform address is a setting. */
  sync?: SyncOptions;
  /** A platform to use instead of HTTP (tests of the worker's decisions only). */
  platform?: CentralPlatform;
  /** The sync desk to use, so a test can drain its outbox worker on a manual clock. */
  syncDesk?: SyncDesk;
  /** The housekeeping desk to use, so a test can run the daily batch on a manual clock. */
  housekeeping?: HousekeepingDesk;
  /** The folder the export screen offers first; default ~/办件导出. */
  exportFolder?: string;
  /** The built PDF render thread; default: pdf-worker.js beside the bundle, when there is one. */
  pdfWorkerScript?: string;
  /**
   * Where vendor libraries (reader SDKs, photo decoders, key drivers) are looked for; default:
   * the app's resources/vendor-libs and the system's library folders. Tests point it at a
   * folder of their own.
   */
  libraryFolders?: LibraryFolders;
  /**
   * The built XLSX index thread of the export; default: xlsx-worker.js beside the PDF render
   * thread's script (the build writes both into one folder), when there is one.
   */
  xlsxWorkerScript?: string;
  /** The SQLite native module built for Electron's ABI (`npm start` with Electron). */
  sqliteBinding?: string;
}

/**
 * The export's render thread script. The build writes it beside the shells' bundles; run
 * from source (tests) there is none and the export renders on the core's thread.
 */
function pdfWorker(options: CoreOptions): { script: string; threads: number } | undefined {
  const script =
    options.pdfWorkerScript ?? join(dirname(fileURLToPath(import.meta.url)), 'pdf-worker.js');
  // One render thread beside the core's own (which reads, indexes and zips): two cores busy.
  // A second render thread measured 380 MB peak RSS against the 300 MB goal (bench export).
  return existsSync(script) ? { script, threads: 1 } : undefined;
}

/** The export's index thread script, beside the render thread's; none when run from source. */
function indexWorker(options: CoreOptions): { script: string } | undefined {
  const script =
    options.xlsxWorkerScript ??
    join(
      options.pdfWorkerScript
        ? dirname(options.pdfWorkerScript)
        : dirname(fileURLToPath(import.meta.url)),
      'xlsx-worker.js',
    );
  return existsSync(script) ? { script } : undefined;
}

function masterKey(secretStore: SecretStore): Uint8Array {
  const existing = secretStore.loadMasterKey();
  if (existing) return existing;
  const created = generateMasterKey();
  secretStore.saveMasterKey(created);
  return created;
}

function start(options: CoreOptions, clock: Clock, keys: { nameKey: Uint8Array }): StartupState {
  try {
    const master = masterKey(options.secretStore);
    keys.nameKey = deriveKey(master, 'audit-names');
    const db = openDatabase(options.dataDir, deriveKey(master, 'database'), options.sqliteBinding);
    const vault = new AttachmentVault(
      options.dataDir,
      deriveKey(master, 'attachments'),
      deriveKey(master, 'attachment-names'),
    );
    // A write killed between its temporary file and the rename left a sealed .tmp behind.
    vault.removeLeftovers();
    // Read on first use, not at start: the login screen needs no province rules.
    let profiles: LoadedProfiles | undefined;
    const profilesDir = join(options.resourcesDir, 'profiles');
    const libraryFolders = options.libraryFolders ?? {
      vendor: [join(options.resourcesDir, 'vendor-libs')],
    };
    const services = {
      db,
      clock,
      vault,
      idcard: new IdCardDesk(
        storedReaderPortMemory(db, () => clock.now().toISOString()),
        libraryFolders,
      ),
      printing: createPrintDesk(options),
      cakey: new CaKeyDesk({
        trainingDir: join(options.dataDir, 'training-cakey'),
        clock,
        pinCounts: storedWrongPinMemory(db, () => clock.now().toISOString()),
        libraryFolders,
      }),
      sync: options.syncDesk ?? new SyncDesk(options.sync, options.platform),
      housekeeping: options.housekeeping ?? new HousekeepingDesk(),
      exports: new ExportDesk({
        appVersion: options.version,
        defaultFolder: options.exportFolder ?? join(homedir(), '办件导出'),
        pdfWorker: pdfWorker(options),
        indexWorker: indexWorker(options),
        dataDir: options.dataDir,
      }),
      get profiles(): LoadedProfiles {
        profiles ??= loadProfiles(profilesDir);
        return profiles;
      },
    };
    // The outbox worker runs with the core: cases submitted offline go out once it is up.
    services.sync.start(services);
    services.housekeeping.start(services);
    const stop = (): void => {
      void services.idcard.close();
      void closePinpad(services);
      services.cakey.close();
      void services.sync.stop();
      services.housekeeping.stop();
      // A running export stops and deletes its partial file; never a half ZIP left behind.
      void services.exports.close();
      services.db.close();
    };
    return { kind: 'open', services, stop };
  } catch (error) {
    const problem = error instanceof StoreOpenError ? error.problem : 'io';
    return { kind: 'failed', problem, dataDir: options.dataDir };
  }
}

/**
 * Opens the store and returns the core the shells host. A store that cannot be opened does
 * not stop the app: `app:status` then explains the problem on a screen of its own.
 */
export function openCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? { error: (message: string) => console.error(message) };
  // Without a store nobody logs in; the throttle still needs a key, and a random one serves.
  const keys = { nameKey: new Uint8Array(randomBytes(32)) };
  const startup = start(options, clock, keys);
  const loginGuard = new LoginGuard(clock, keys.nameKey);

  const handlers = createHandlers((state) => {
    if (state.kind === 'failed') {
      return {
        state: 'store-error',
        shell: options.shell,
        version: options.version,
        hallName: '',
        kioskMode: false,
        updateUrl: '',
        storeError: {
          problem: state.problem,
          ...storeProblemMessages[state.problem],
          dataDir: state.dataDir,
        },
      };
    }
    return {
      state: isSetupRequired(state.services) ? 'setup-required' : 'ready',
      shell: options.shell,
      version: options.version,
      hallName: getSettings(state.services).hallName,
      kioskMode: getSettings(state.services).kioskMode,
      updateUrl: getSettings(state.services).updateUrl,
      storeError: null,
    };
  }, loginGuard);
  const { dispatch } = createDispatcher({ handlers, startup: () => startup, clock, logger });

  return {
    shell: options.shell,
    dataDir: options.dataDir,
    newSession(): CallerSession {
      return { id: randomUUID(), user: null, locked: false, lastActivityAt: clock.now().getTime() };
    },
    newApplicantScreenSession(): CallerSession {
      const session: CallerSession = {
        id: randomUUID(),
        user: null,
        locked: false,
        lastActivityAt: clock.now().getTime(),
        applicant: true,
      };
      if (startup.kind === 'open') bindScreen(startup.services, session.id);
      return session;
    },
    dispatch,
    recordUnexpected(source, error) {
      if (startup.kind === 'open') {
        recordJobFailure(startup.services, source, error, 'core.unexpected-error');
      } else {
        const { kind, code } = errorKind(error);
        logger.error(`[core] ${source}: ${kind}${code ? ` ${code}` : ''}`);
      }
    },
    close() {
      if (startup.kind === 'open') startup.stop();
    },
  };
}
