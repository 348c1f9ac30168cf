import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { ReaderLibraries, TrainingCard } from '../../contract/idcard-channels';
import type { DeviceStatus } from '../../contract/schemas';
import type { ReaderPortMemory } from '../../devices/idcard/connectors';
import {
  hidConnector,
  sdkConnector,
  serialConnector,
  trainingConnector,
  usbConnector,
} from '../../devices/idcard/connectors';
import type { PhotoDecoder } from '../../devices/idcard/photo-decoder';
import { loadWltDecoder } from '../../devices/idcard/photo-decoder';
import { ReaderService } from '../../devices/idcard/reader-service';
import { SDT_USB_PORT } from '../../devices/idcard/sdt-library';
import { ReaderSimulator } from '../../devices/idcard/simulator/reader-simulator';
import { trainingSampleCard } from '../../devices/idcard/simulator/sample-cards';
import type { LibraryFolders } from '../../devices/native-library-locations';
import {
  detectLibraries,
  findLibraries,
  isAllowedLibrary,
  libraryFolderSummary,
} from '../../devices/native-library-locations';
import { readSetting, writeSetting } from '../../store/repositories/settings';
import type { CardWait, IdCardDeskPort, ReaderSettings } from '../shared/service-context';

interface ActiveReader {
  key: string;
  service: ReaderService | null;
  simulator: ReaderSimulator | null;
  state: DeviceStatus['state'];
  detail: string;
}

const LABEL = '身份证读卡器';
const FOUND_PORT_KEY = 'idcard-found-port';

/** Remembers the serial reader's port and rate in the store's settings table. */
export function storedReaderPortMemory(db: Database, now: () => string): ReaderPortMemory {
  return {
    load() {
      const value = readSetting(db, FOUND_PORT_KEY);
      const parsed = foundPortSchema.safeParse(value);
      return parsed.success ? parsed.data : null;
    },
    save(found) {
      writeSetting(db, FOUND_PORT_KEY, found, now());
    },
  };
}

const foundPortSchema = z.object({
  path: z.string().min(1).max(200),
  baudRate: z.number().int().positive(),
});

/**
 * The counter's ID card reader as the settings describe it: none, a serial reader (a fixed
 * port or found by probing), or the training reader. Changing the settings replaces it.
 */
export class IdCardDesk implements IdCardDeskPort {
  private active: ActiveReader | null = null;
  /** Ends the one wait in progress, if any. */
  private endWait: ((outcome: CardWait) => void) | null = null;

  /** The loaded decoders by path (a library is loaded once). */
  private readonly decoders = new Map<string, Promise<PhotoDecoder | null>>();
  /** The photo decoder the settings chose, as last seen (for callers without settings). */
  private decoderChoice = '';
  /** The first photo decoder detected, looked for once (and again at each detection). */
  private firstDecoder: string | null | undefined;

  constructor(
    private readonly memory?: ReaderPortMemory,
    /** Where vendor libraries (SDT SDK, WLT photo decoder) may be loaded from. */
    private readonly libraryFolders: LibraryFolders = { vendor: [] },
  ) {}

  /** The SDT SDK libraries and photo decoders found now, and where they were looked for. */
  detectLibraries(): ReaderLibraries {
    const photoDecoder = detectLibraries('wlt', this.libraryFolders);
    this.firstDecoder = photoDecoder[0]?.path ?? null;
    return {
      sdk: detectLibraries('sdt', this.libraryFolders),
      photoDecoder,
      searchedFolders: libraryFolderSummary(this.libraryFolders),
    };
  }

  /**
   * The photo decoder library to use: the one chosen in the settings (saved only from the
   * detected ones) while it still passes the same check, or the first one detected when none
   * is chosen; null when none is installed or the chosen one may no longer be loaded.
   */
  private photoDecoderLibrary(choice: string): string | null {
    if (choice) return isAllowedLibrary(choice, this.libraryFolders) ? choice : null;
    this.firstDecoder ??= findLibraries('wlt', this.libraryFolders)[0] ?? null;
    return this.firstDecoder;
  }

  /** The decoder itself, loaded through koffi on first use; null when there is none. */
  photoDecoder(
    settings?: Pick<ReaderSettings, 'idcardPhotoDecoder'>,
  ): Promise<PhotoDecoder | null> {
    if (settings) this.decoderChoice = settings.idcardPhotoDecoder;
    const path = this.photoDecoderLibrary(this.decoderChoice);
    if (!path) return Promise.resolve(null);
    let decoder = this.decoders.get(path);
    if (!decoder) {
      decoder = import('koffi')
        .then((koffi) =>
          loadWltDecoder(
            { load: (file) => ({ func: (definition) => koffi.load(file).func(definition) }) },
            path,
          ),
        )
        .catch(() => null);
      this.decoders.set(path, decoder);
    }
    return decoder;
  }

  private configure(settings: ReaderSettings): ActiveReader {
    this.decoderChoice = settings.idcardPhotoDecoder;
    const key = [
      settings.idcardReader,
      settings.idcardPort,
      settings.idcardBaudRate,
      settings.idcardReader === 'sdk' ? settings.idcardSdkLibrary : '',
    ].join('|');
    if (this.active?.key === key) return this.active;
    void this.active?.service?.close();
    const simulator = settings.idcardReader === 'training' ? new ReaderSimulator() : null;
    const connect = {
      none: null,
      serial: serialConnector({
        path: settings.idcardPort,
        baudRate: settings.idcardBaudRate,
        ...(this.memory ? { memory: this.memory } : {}),
      }),
      hid: hidConnector(settings.idcardPort),
      usb: usbConnector(settings.idcardPort),
      sdk: sdkConnector(settings.idcardSdkLibrary, SDT_USB_PORT, this.libraryFolders),
      training: simulator ? trainingConnector(simulator) : null,
    }[settings.idcardReader];
    const active: ActiveReader = {
      key,
      simulator,
      service: connect ? new ReaderService(connect, { pollMs: 400, reconnectMs: 2000 }) : null,
      // The training reader lives in the core: ready from the start, not after a first read.
      state: simulator ? 'ready' : connect ? 'absent' : 'not-configured',
      detail: simulator
        ? '培训读卡器（模拟）已就绪'
        : connect
          ? '等待连接读卡器'
          : '未启用读卡器（可在本柜台设置中选择）',
    };
    active.service?.subscribe((event) => {
      if (event.kind === 'reader-connected') {
        active.state = 'ready';
        active.detail = simulator ? '培训读卡器（模拟）已就绪' : '读卡器已连接';
      } else if (event.kind === 'reader-lost') {
        active.state = 'absent';
        active.detail = event.message;
      } else if (event.kind === 'read-failed' && event.fault === 'not-found') {
        active.state = 'absent';
        active.detail = event.message;
      } else if (event.kind === 'read-failed' && event.fault !== 'card-refused') {
        active.detail = `读卡器故障：${event.message}`;
      } else if (event.kind === 'card-read') {
        active.detail = simulator ? '培训读卡器（模拟）已就绪' : '读卡器已连接';
      }
    });
    this.active = active;
    return active;
  }

  /** The reader's line in the device status area. */
  status(settings: ReaderSettings): DeviceStatus {
    const active = this.configure(settings);
    if (!active.service) {
      return { kind: 'idcard-reader', label: LABEL, state: active.state, detail: active.detail };
    }
    const decoder = this.photoDecoderLibrary(settings.idcardPhotoDecoder);
    const photo = decoder
      ? `照片解码库：${decoder}`
      : settings.idcardPhotoDecoder
        ? `设置中选择的照片解码库不能使用（${settings.idcardPhotoDecoder}）：证件照片随办件加密保存，但不能显示，请负责人在本柜台设置中重新选择`
        : '未安装读卡器厂商的照片解码库：证件照片随办件加密保存，但不能显示';
    return {
      kind: 'idcard-reader',
      label: LABEL,
      state: active.state,
      detail: `${active.detail.replace(/。$/, '')}。${photo}`,
    };
  }

  /** Whether a reader is configured at all. */
  isConfigured(settings: ReaderSettings): boolean {
    return this.configure(settings).service !== null;
  }

  /**
   * Polls for a card until one is read, something goes wrong, or the time is up. Every
   * fault ends the wait at once with its own words (the screen shows it and waits again),
   * so a clerk never waits out the timeout in front of a broken reader. Only one wait runs
   * at a time: a new one ends the previous wait as superseded, so a card fills one person.
   */
  waitForCard(settings: ReaderSettings, timeoutMs: number): Promise<CardWait> {
    const service = this.configure(settings).service;
    if (!service) {
      return Promise.resolve({
        kind: 'failed',
        fault: 'not-found',
        message: '未启用身份证读卡器。',
      });
    }
    this.cancelWait();
    return new Promise((resolve) => {
      const finish = (outcome: CardWait) => {
        clearTimeout(timer);
        unsubscribe();
        release();
        if (this.endWait === finish) this.endWait = null;
        resolve(outcome);
      };
      this.endWait = finish;
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const unsubscribe = service.subscribe((event) => {
        if (event.kind === 'card-read') finish({ kind: 'card', card: event.card });
        if (event.kind === 'read-failed') {
          finish({ kind: 'failed', fault: event.fault, message: event.message });
        }
        if (event.kind === 'reader-lost') {
          finish({ kind: 'failed', fault: 'disconnected', message: event.message });
        }
      });
      const release = service.want();
    });
  }

  /** Ends the wait in progress (the clerk cancelled it, or another person's wait began). */
  cancelWait(): void {
    this.endWait?.({ kind: 'superseded' });
  }

  /** Training only: puts a sample card on the simulated reader (a fresh placement). */
  placeTrainingCard(settings: ReaderSettings, which: TrainingCard = 'delegator'): boolean {
    const simulator = this.configure(settings).simulator;
    if (!simulator) return false;
    simulator.liftCard();
    simulator.placeCard(trainingSampleCard(which));
    return true;
  }

  /** Stops polling and closes the port. */
  async close(): Promise<void> {
    await this.active?.service?.close();
    this.active = null;
  }
}
