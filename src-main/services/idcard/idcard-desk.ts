import type { TrainingCard } from '../../contract/idcard-channels';
import type { DeviceStatus } from '../../contract/schemas';
import { hidConnector, serialConnector, trainingConnector } from '../../devices/idcard/connectors';
import { ReaderService } from '../../devices/idcard/reader-service';
import { ReaderSimulator } from '../../devices/idcard/simulator/reader-simulator';
import { trainingSampleCard } from '../../devices/idcard/simulator/sample-cards';
import type { CardWait, IdCardDeskPort, ReaderSettings } from '../shared/service-context';

interface ActiveReader {
  key: string;
  service: ReaderService | null;
  simulator: ReaderSimulator | null;
  state: DeviceStatus['state'];
  detail: string;
}

const LABEL = '身份证读卡器';

/**
 * The counter's ID card reader as the settings describe it: none, a serial reader (a fixed
 * port or found by probing), or the training reader. Changing the settings replaces it.
 */
export class IdCardDesk implements IdCardDeskPort {
  private active: ActiveReader | null = null;
  /** Ends the one wait in progress, if any. */
  private endWait: ((outcome: CardWait) => void) | null = null;

  private configure(settings: ReaderSettings): ActiveReader {
    const key = `${settings.idcardReader}|${settings.idcardPort}|${settings.idcardBaudRate}`;
    if (this.active?.key === key) return this.active;
    void this.active?.service?.close();
    const simulator = settings.idcardReader === 'training' ? new ReaderSimulator() : null;
    const connect = {
      none: null,
      serial: serialConnector({ path: settings.idcardPort, baudRate: settings.idcardBaudRate }),
      hid: hidConnector(settings.idcardPort),
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
      }
    });
    this.active = active;
    return active;
  }

  /** The reader's line in the device status area. */
  status(settings: ReaderSettings): DeviceStatus {
    const active = this.configure(settings);
    return { kind: 'idcard-reader', label: LABEL, state: active.state, detail: active.detail };
  }

  /** Whether a reader is configured at all. */
  isConfigured(settings: ReaderSettings): boolean {
    return this.configure(settings).service !== null;
  }

  /**
   * Polls for a card until one is read, a read fails, or the time is up. Only one wait runs
   * at a time: a new one ends the previous wait as superseded, so a card fills one person.
   */
  waitForCard(settings: ReaderSettings, timeoutMs: number): Promise<CardWait> {
    const service = this.configure(settings).service;
    if (!service) return Promise.resolve({ kind: 'failed', message: '未启用身份证读卡器。' });
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
        if (event.kind === 'read-failed') finish({ kind: 'failed', message: event.message });
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
