import type {
  UsbBusLike,
  UsbDeviceLike,
  UsbInResult,
  UsbInterfaceInfo,
} from '../../src-main/devices/idcard/usb-link';
import type { ReaderSimulator } from '../../src-main/devices/idcard/simulator/reader-simulator';

/**
 * The `usb` package's bus and device, as far as the raw-USB link uses them, with the reader
 * simulator at the far end of the bulk endpoints. It behaves as the package does over a
 * real device: one pending IN transfer per endpoint ("a transfer is already pending"), an
 * IN transfer that finds nothing before its timeout is cancelled ("transfer was
 * cancelled"), a halted endpoint answers status 'stall' until cleared (libusb's PIPE), and
 * an unplugged device fails every call with "device disconnected" (NO_DEVICE) after the
 * bus has sent its 'disconnect' event.
 */
export class FakeUsbDevice implements UsbDeviceLike {
  readonly handle: string;
  opened = false;
  claimed: number | null = null;
  private configured = false;
  private unplugged = false;
  private inHalted = false;
  private pendingIn = false;
  private readonly queue: Uint8Array[] = [];
  private waiter: (() => void) | null = null;
  readonly written: Uint8Array[] = [];

  constructor(
    readonly simulator: ReaderSimulator,
    readonly vendorId = 0x0400,
    readonly productId = 0xc35a,
    private readonly interfaces: UsbInterfaceInfo[] = [
      {
        interfaceNumber: 0,
        alternate: {
          interfaceClass: 0xff,
          endpoints: [
            { endpointNumber: 1, direction: 'in', type: 'bulk', packetSize: 64 },
            { endpointNumber: 2, direction: 'out', type: 'bulk', packetSize: 64 },
          ],
        },
      },
    ],
  ) {
    this.handle = `fake-${vendorId.toString(16)}-${Math.random().toString(16).slice(2)}`;
  }

  get configuration(): { interfaces: UsbInterfaceInfo[] } | null {
    return this.configured ? { interfaces: this.interfaces } : null;
  }

  private check(): void {
    if (this.unplugged) throw new Error('device disconnected');
  }

  open(): Promise<void> {
    this.check();
    this.opened = true;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.opened = false;
    return Promise.resolve();
  }

  selectConfiguration(): Promise<void> {
    this.check();
    this.configured = true;
    return Promise.resolve();
  }

  claimInterface(interfaceNumber: number): Promise<void> {
    this.check();
    if (!this.opened) return Promise.reject(new Error('claimInterface error: invalid state'));
    this.claimed = interfaceNumber;
    return Promise.resolve();
  }

  releaseInterface(): Promise<void> {
    this.claimed = null;
    return Promise.resolve();
  }

  async transferOut(
    endpointNumber: number,
    data: Uint8Array,
  ): Promise<{ bytesWritten: number; status: 'ok' | 'stall' }> {
    this.check();
    if (endpointNumber !== 2) throw new Error('transferOut error: endpoint not found');
    this.written.push(Uint8Array.from(data));
    for (const reply of this.simulator.receive(data)) {
      const deliver = () => {
        if (this.unplugged) return;
        // A bulk IN endpoint hands the answer over in packets of at most 512 bytes here.
        for (let offset = 0; offset < reply.bytes.length; offset += 512) {
          this.queue.push(reply.bytes.slice(offset, offset + 512));
        }
        this.waiter?.();
        if (reply.thenUnplug) this.unplug();
      };
      if (reply.delayMs > 0) setTimeout(deliver, reply.delayMs);
      else queueMicrotask(deliver);
    }
    return Promise.resolve({ bytesWritten: data.length, status: 'ok' });
  }

  async transferIn(endpointNumber: number, length: number, timeout = 1000): Promise<UsbInResult> {
    this.check();
    if (endpointNumber !== 1) throw new Error('transferIn error: endpoint not found');
    if (this.pendingIn) throw new Error('a transfer is already pending');
    if (this.inHalted) return { status: 'stall' };
    this.pendingIn = true;
    try {
      if (this.queue.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.waiter = null;
            resolve();
          }, timeout);
          this.waiter = () => {
            clearTimeout(timer);
            this.waiter = null;
            resolve();
          };
        });
      }
      this.check();
      const next = this.queue.shift();
      if (!next) throw new Error('transfer was cancelled');
      const chunk = next.slice(0, length);
      if (next.length > length) this.queue.unshift(next.slice(length));
      return { status: 'ok', data: new DataView(chunk.buffer) };
    } finally {
      this.pendingIn = false;
    }
  }

  clearHalt(direction: 'in' | 'out'): Promise<void> {
    this.check();
    if (direction === 'in') this.inHalted = false;
    return Promise.resolve();
  }

  /** The IN endpoint halts (stalls) until the host clears it. */
  haltIn(): void {
    this.inHalted = true;
  }

  /** Pulls the device out: calls fail and the bus says 'disconnect'. */
  unplug(): void {
    if (this.unplugged) return;
    this.unplugged = true;
    this.queue.length = 0;
    this.waiter?.();
    this.onUnplug?.(this);
  }

  onUnplug: ((device: FakeUsbDevice) => void) | null = null;
}

/** The bus: lists plugged devices and tells listeners when one leaves. */
export class FakeUsbBus implements UsbBusLike {
  readonly devices: FakeUsbDevice[] = [];
  private readonly listeners = new Set<(event: { device: UsbDeviceLike }) => void>();

  plug(device: FakeUsbDevice): FakeUsbDevice {
    this.devices.push(device);
    device.onUnplug = (gone) => {
      this.devices.splice(this.devices.indexOf(gone), 1);
      for (const listener of this.listeners) listener({ device: gone });
    };
    return device;
  }

  getDevices(): Promise<UsbDeviceLike[]> {
    return Promise.resolve([...this.devices]);
  }

  addEventListener(
    _type: 'disconnect',
    listener: (event: { device: UsbDeviceLike }) => void,
  ): void {
    this.listeners.add(listener);
  }

  removeEventListener(
    _type: 'disconnect',
    listener: (event: { device: UsbDeviceLike }) => void,
  ): void {
    this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
