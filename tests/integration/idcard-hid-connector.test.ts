import { describe, expect, it } from 'vitest';
import { hidConnector, parseUsbId } from '../../src-main/devices/idcard/connectors';

describe('connecting to an HID reader through node-hid', () => {
  it('reads a VID:PID in hex and refuses anything else', () => {
    expect(parseUsbId('2B8B:2721')).toEqual({ vendorId: 0x2b8b, productId: 0x2721 });
    expect(parseUsbId('2B8B-2721')).toBeNull();
  });

  it('says the reader is not plugged in when no HID device has its id', async () => {
    // USB id 0000:0000 belongs to no device: node-hid enumerates the real bus and finds none.
    await expect(hidConnector('0000:0000')()).rejects.toThrow('未找到 HID 身份证读卡器');
  });

  it('explains how to write a malformed USB id', async () => {
    await expect(hidConnector('reader')()).rejects.toThrow('VID:PID');
  });
});
