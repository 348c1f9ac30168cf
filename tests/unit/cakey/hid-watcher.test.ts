import { describe, expect, it } from 'vitest';
import type { PresentCaKey } from '../../../src-main/domain/ports/ca-key';
import type { UsbDeviceInfo, WatchTimers } from '../../../src-main/devices/cakey/hid-watcher';
import { HidCaKeyWatcher, matchCaKeys } from '../../../src-main/devices/cakey/hid-watcher';
import { DEFAULT_CA_KEY_USB_IDS } from '../../../src-main/devices/cakey/usb-ids';

const EPASS = { vendorId: 0x096e, productId: 0x0807, path: '/dev/hidraw3' };
const WATCHDATA = { vendorId: 0x163c, productId: 0x0407, path: '1-2:1.0' };
const MOUSE = { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw0' };

/** Timers that run only when the test says a second has passed. */
function manualTimers(): WatchTimers & { tick: () => void; intervalMs: number } {
  let callback: (() => void) | null = null;
  const timers = {
    intervalMs: 0,
    setInterval: (run: () => void, ms: number) => {
      callback = run;
      timers.intervalMs = ms;
      return 1;
    },
    clearInterval: () => {
      callback = null;
    },
    tick: () => callback?.(),
  };
  return timers;
}

describe('CA key presence on USB', () => {
  it('lists only devices whose VID:PID is in the CA key table', () => {
    const keys = matchCaKeys([MOUSE, EPASS, WATCHDATA], DEFAULT_CA_KEY_USB_IDS);
    expect(keys.map((key) => [key.vendor, key.model])).toEqual([
      ['feitian', '飞天 ePass2003'],
      ['watchdata', '握奇 USB Key'],
    ]);
  });

  it('counts a key with several HID interfaces once', () => {
    const keys = matchCaKeys(
      [
        { ...EPASS, path: '1-4:1.0' },
        { ...EPASS, path: '1-4:1.1' },
      ],
      DEFAULT_CA_KEY_USB_IDS,
    );
    expect(keys).toHaveLength(1);
  });

  it('sees a key plugged in and pulled out at the next poll, a second apart', async () => {
    let bus: UsbDeviceInfo[] = [MOUSE];
    const timers = manualTimers();
    const watcher = new HidCaKeyWatcher(DEFAULT_CA_KEY_USB_IDS, {
      enumerate: () => Promise.resolve(bus),
      timers,
    });
    const seen: PresentCaKey[][] = [];
    watcher.subscribe((keys) => seen.push(keys));
    await watcher.poll();
    expect(timers.intervalMs).toBeLessThanOrEqual(1000);
    expect(watcher.present()).toEqual([]);

    bus = [MOUSE, EPASS];
    timers.tick();
    await watcher.poll();
    expect(watcher.present().map((key) => key.model)).toEqual(['飞天 ePass2003']);

    bus = [MOUSE];
    await watcher.poll();
    expect(watcher.present()).toEqual([]);
    expect(seen.map((keys) => keys.length)).toEqual([1, 0]);
    watcher.close();
  });

  it('uses an id the hall added to the table', () => {
    const keys = matchCaKeys(
      [{ vendorId: 0x1234, productId: 0xabcd, path: 'x' }],
      [...DEFAULT_CA_KEY_USB_IDS, { usbId: '1234:ABCD', vendor: 'longmai', model: '龙脉 mToken' }],
    );
    expect(keys.map((key) => key.vendor)).toEqual(['longmai']);
  });

  it('keeps the last known keys when an enumeration fails', async () => {
    let fail = false;
    const watcher = new HidCaKeyWatcher(DEFAULT_CA_KEY_USB_IDS, {
      enumerate: () => (fail ? Promise.reject(new Error('busy')) : Promise.resolve([EPASS])),
      timers: manualTimers(),
    });
    await watcher.poll();
    fail = true;
    await watcher.poll();
    expect(watcher.present()).toHaveLength(1);
    watcher.close();
  });
});
