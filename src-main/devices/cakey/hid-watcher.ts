import type { CaKeyWatcher, PresentCaKey } from '../../domain/ports/ca-key';
import type { CaKeyUsbId } from './usb-ids';
import { parseCaKeyUsbId } from './usb-ids';
import { nodeHidPackage } from '../lazy-package';

/** The part of a node-hid device description the watcher reads. */
export interface UsbDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  interface?: number;
}

/** Lists the USB HID devices plugged in; node-hid by default, a fake list in tests. */
export type EnumerateDevices = () => Promise<UsbDeviceInfo[]>;

/** The timers the watcher polls with; tests pass their own. */
export interface WatchTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemTimers: WatchTimers = {
  // Unref'd: watching for keys never keeps a closing app (or a test run) alive.
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** node-hid's enumeration, as the watcher uses it. */
export const enumerateHid: EnumerateDevices = () => nodeHidPackage().devicesAsync();

/** The CA keys among the devices: one per key, whatever interfaces it shows. */
export function matchCaKeys(
  devices: UsbDeviceInfo[],
  table: readonly CaKeyUsbId[],
): PresentCaKey[] {
  const ids = table.flatMap((row) => {
    const id = parseCaKeyUsbId(row.usbId);
    return id ? [{ ...id, row }] : [];
  });
  const keys = new Map<string, PresentCaKey>();
  for (const device of devices) {
    const match = ids.find(
      (id) => id.vendorId === device.vendorId && id.productId === device.productId,
    );
    if (!match) continue;
    // A composite key lists several interfaces: the path up to the interface names the key.
    const path = (device.path ?? `${device.vendorId}:${device.productId}`).replace(
      /:\d+\.\d+$/,
      '',
    );
    if (!keys.has(path)) {
      keys.set(path, {
        path,
        vendorId: device.vendorId,
        productId: device.productId,
        vendor: match.row.vendor,
        model: match.row.model,
      });
    }
  }
  return [...keys.values()];
}

/**
 * Watches USB for CA keys by polling the HID enumeration (every second by default, so a key
 * shows or goes within 2 s: node-hid gives no hot-plug events). Keys that enumerate only as
 * CCID are matched the same way where the OS lists them as HID too.
 */
export class HidCaKeyWatcher implements CaKeyWatcher {
  private readonly listeners = new Set<(keys: PresentCaKey[]) => void>();
  private keys: PresentCaKey[] = [];
  private readonly timer: unknown;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly table: readonly CaKeyUsbId[],
    private readonly options: {
      enumerate?: EnumerateDevices;
      pollMs?: number;
      timers?: WatchTimers;
    } = {},
  ) {
    const timers = options.timers ?? systemTimers;
    this.timer = timers.setInterval(() => void this.poll(), options.pollMs ?? 1000);
    void this.poll();
  }

  present(): PresentCaKey[] {
    return this.keys;
  }

  subscribe(listener: (keys: PresentCaKey[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    (this.options.timers ?? systemTimers).clearInterval(this.timer);
    this.listeners.clear();
  }

  /** One look at the bus (joining one under way); listeners hear only of a changed set. */
  poll(): Promise<void> {
    this.inflight ??= this.look().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async look(): Promise<void> {
    try {
      const devices = await (this.options.enumerate ?? enumerateHid)();
      const next = matchCaKeys(devices, this.table);
      const before = this.keys.map((key) => key.path).join('|');
      if (next.map((key) => key.path).join('|') !== before) {
        this.keys = next;
        for (const listener of this.listeners) listener(next);
      }
    } catch {
      // An enumeration that fails (USB stack busy) is tried again on the next tick.
    }
  }
}
