import { FrameDecoder } from './frame';
import type { ByteLink } from './reader-client';

/**
 * Raw-USB readers (IDCARD.md §4.2): a vendor-class device, neither serial nor HID, that
 * carries the same SAM frames on a pair of bulk endpoints. They are reached through the
 * `usb` package (v3, WebUSB-shaped over nusb; no libusb needed). The types below are the
 * part of that package the link uses, so tests can put a simulated device behind it.
 */

/** The USB ids such readers enumerate with: the de-facto "SAM USB" id first. */
export const RAW_USB_READER_IDS = [
  { vendorId: 0x0400, productId: 0xc35a, label: '0400:C35A（通用 SAM USB 读卡器）' },
  { vendorId: 0x0483, productId: 0x5652, label: '0483:5652（部分安卓机具的备用标识）' },
] as const;

/** An endpoint as `usb` describes it. */
export interface UsbEndpointInfo {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

/** An interface of the active configuration. */
export interface UsbInterfaceInfo {
  interfaceNumber: number;
  alternate: { interfaceClass: number; endpoints: UsbEndpointInfo[] };
}

/** A transfer's outcome as `usb` reports it: 'stall' is a halted endpoint (libusb's PIPE). */
export interface UsbInResult {
  data?: DataView | undefined;
  status: 'ok' | 'stall' | 'babble';
}

/** The part of a `usb` device the link uses. */
export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  /** The package's stable name of the device on the bus. */
  readonly handle?: string;
  readonly configuration: { interfaces: UsbInterfaceInfo[] } | null | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number, timeout?: number): Promise<UsbInResult>;
  transferOut(
    endpointNumber: number,
    data: Uint8Array,
    timeout?: number,
  ): Promise<{ bytesWritten: number; status: 'ok' | 'stall' }>;
  clearHalt(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
}

/** The part of the `usb` package's bus object the connector uses. */
export interface UsbBusLike {
  getDevices(): Promise<UsbDeviceLike[]>;
  addEventListener(type: 'disconnect', listener: (event: { device: UsbDeviceLike }) => void): void;
  removeEventListener(
    type: 'disconnect',
    listener: (event: { device: UsbDeviceLike }) => void,
  ): void;
}

/** How a failed transfer reads: the device is gone, or the transfer ran out of time. */
export function usbErrorKind(error: unknown): 'gone' | 'timeout' | 'stall' | 'other' {
  const message = error instanceof Error ? error.message : String(error);
  if (/disconnect|no device|not found|NO_DEVICE/i.test(message)) return 'gone';
  // nusb cancels a transfer whose time is up; libusb said TIMEOUT / TIMED_OUT.
  if (/cancel|timed? ?out|TIMEOUT/i.test(message)) return 'timeout';
  if (/stall|PIPE/i.test(message)) return 'stall';
  return 'other';
}

/** How long one IN transfer waits; the read loop goes on for the longest command. */
const IN_TRANSFER_MS = 250;
const READ_WINDOW_MS = 3500;
const IN_REQUEST_BYTES = 4096;

/** A raw-USB reader: frames out on the bulk OUT endpoint, answers read from bulk IN. */
export class UsbLink implements ByteLink {
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private readonly lostListeners = new Set<() => void>();
  private readonly closeHooks: (() => void)[] = [];
  private reading = false;
  private readUntil = 0;
  private decoder = new FrameDecoder();
  private gone = false;
  private closed = false;

  private constructor(
    private readonly device: UsbDeviceLike,
    private readonly interfaceNumber: number,
    private readonly endpointIn: number,
    private readonly endpointOut: number,
    private readonly now: () => number,
  ) {}

  /**
   * Opens the device and claims the interface that has a bulk IN and a bulk OUT endpoint.
   * On Linux a kernel driver bound to it is detached first (there normally is none).
   */
  static async open(device: UsbDeviceLike, now: () => number = Date.now): Promise<UsbLink> {
    try {
      await device.open();
      if (!device.configuration) await device.selectConfiguration(1);
    } catch (error) {
      throw new Error(
        usbErrorKind(error) === 'gone'
          ? '读卡器已断开，请重新插好读卡器。'
          : '无法打开 USB 读卡器：没有访问权限或被其他程序占用。Linux 请按说明添加 udev 规则；Windows 请安装 WinUSB 驱动。',
      );
    }
    for (const iface of device.configuration?.interfaces ?? []) {
      const bulk = iface.alternate.endpoints.filter((endpoint) => endpoint.type === 'bulk');
      const endpointIn = bulk.find((endpoint) => endpoint.direction === 'in');
      const endpointOut = bulk.find((endpoint) => endpoint.direction === 'out');
      if (!endpointIn || !endpointOut) continue;
      await device.detachKernelDriver?.(iface.interfaceNumber).catch(() => undefined);
      try {
        await device.claimInterface(iface.interfaceNumber);
      } catch {
        await device.close().catch(() => undefined);
        throw new Error('USB 读卡器的接口被其他程序占用，请关闭读卡器厂商的程序后重试。');
      }
      return new UsbLink(
        device,
        iface.interfaceNumber,
        endpointIn.endpointNumber,
        endpointOut.endpointNumber,
        now,
      );
    }
    await device.close().catch(() => undefined);
    throw new Error('该 USB 设备没有批量传输端点，不是本程序支持的身份证读卡器。');
  }

  /** Sends a frame on bulk OUT, then reads bulk IN until its answer is whole. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.gone || this.closed) throw new Error('读卡器已断开');
    try {
      const result = await this.device.transferOut(this.endpointOut, bytes, 1000);
      if (result.status === 'stall') {
        await this.device.clearHalt('out', this.endpointOut).catch(() => undefined);
        throw new Error('endpoint stalled');
      }
    } catch (error) {
      if (usbErrorKind(error) === 'gone') this.markGone();
      throw error instanceof Error ? error : new Error(String(error));
    }
    this.decoder = new FrameDecoder();
    this.readUntil = this.now() + READ_WINDOW_MS;
    if (!this.reading) void this.readLoop();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls back once when the device goes away (unplugged, or a transfer says so). */
  onLost(listener: () => void): void {
    this.lostListeners.add(listener);
  }

  /** The same, for the command in flight; returns the unsubscribe function. */
  onGone(listener: () => void): () => void {
    if (this.gone) {
      queueMicrotask(listener);
      return () => undefined;
    }
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** The bus saw this device leave. */
  markGone(): void {
    if (this.gone) return;
    this.gone = true;
    const listeners = [...this.lostListeners];
    this.lostListeners.clear();
    for (const listener of listeners) listener();
  }

  /** Runs once when the link is closed. */
  onClosed(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  /** Releases the interface and closes the device. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const hook of this.closeHooks.splice(0)) hook();
    if (this.gone) return;
    await this.device.releaseInterface(this.interfaceNumber).catch(() => undefined);
    await this.device.close().catch(() => undefined);
  }

  /**
   * One IN transfer at a time (the package allows one pending per endpoint), each short,
   * until a frame is whole or the window of the longest command has passed. A halted
   * endpoint is cleared and read again; a gone device ends the link.
   */
  private async readLoop(): Promise<void> {
    this.reading = true;
    try {
      while (!this.gone && !this.closed && this.now() < this.readUntil) {
        let result: UsbInResult;
        try {
          result = await this.device.transferIn(this.endpointIn, IN_REQUEST_BYTES, IN_TRANSFER_MS);
        } catch (error) {
          const kind = usbErrorKind(error);
          if (kind === 'gone') this.markGone();
          if (kind === 'timeout') continue;
          if (kind === 'stall') {
            await this.device.clearHalt('in', this.endpointIn).catch(() => undefined);
            continue;
          }
          return;
        }
        if (result.status === 'stall') {
          await this.device.clearHalt('in', this.endpointIn).catch(() => undefined);
          continue;
        }
        const view = result.data;
        if (!view || view.byteLength === 0) continue;
        const chunk = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
        for (const listener of this.listeners) listener(chunk);
        if (this.decoder.push(chunk).length > 0) this.readUntil = 0;
      }
    } finally {
      this.reading = false;
    }
  }
}

/**
 * Finds a raw-USB reader by the id table (or the one id the settings name), opens it, and
 * watches the bus for its removal.
 */
export async function openUsbReader(
  bus: UsbBusLike,
  ids: readonly { vendorId: number; productId: number }[],
  now: () => number = Date.now,
): Promise<UsbLink> {
  let devices: UsbDeviceLike[];
  try {
    devices = await bus.getDevices();
  } catch {
    throw new Error(
      '无法读取本机的 USB 设备列表，请检查 USB 访问权限（Linux 需按说明添加 udev 规则）。',
    );
  }
  const device = devices.find((candidate) =>
    ids.some((id) => id.vendorId === candidate.vendorId && id.productId === candidate.productId),
  );
  if (!device) throw new Error('未找到 USB 身份证读卡器，请检查读卡器是否插好。');
  const link = await UsbLink.open(device, now);
  const onDisconnect = (event: { device: UsbDeviceLike }) => {
    const same =
      event.device === device || (!!device.handle && event.device.handle === device.handle);
    if (same) link.markGone();
  };
  bus.addEventListener('disconnect', onDisconnect);
  const stopWatching = () => bus.removeEventListener('disconnect', onDisconnect);
  link.onLost(stopWatching);
  link.onClosed(stopWatching);
  return link;
}
