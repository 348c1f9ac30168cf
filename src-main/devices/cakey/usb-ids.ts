/** One row of the CA key USB id table: a VID:PID, the vendor key and the device's name. */
export interface CaKeyUsbId {
  /** 'VID:PID' in hex, e.g. '096E:0807'. */
  usbId: string;
  /** Picks the PKCS#11 module in the settings, e.g. 'feitian'. */
  vendor: string;
  model: string;
}

/**
 * The CA key ids known from IDCARD.md §6.2 (CCID-class keys). Feitian card readers and FIDO
 * keys are left out: they are no CA keys. Domestic vendors without a published id (Longmai,
 * HaiTai, Tendyron...) are added by the hall in the settings.
 */
export const DEFAULT_CA_KEY_USB_IDS: readonly CaKeyUsbId[] = [
  { usbId: '096E:0807', vendor: 'feitian', model: '飞天 ePass2003' },
  { usbId: '096E:080A', vendor: 'feitian', model: '飞天 ePass2003Auto' },
  { usbId: '096E:080F', vendor: 'feitian', model: '飞天 eJAVA Token' },
  { usbId: '163C:0407', vendor: 'watchdata', model: '握奇 USB Key' },
  { usbId: '163C:0417', vendor: 'watchdata', model: '握奇 USB Key' },
  { usbId: '163C:0418', vendor: 'watchdata', model: '握奇 USB Key' },
  { usbId: '163C:0A03', vendor: 'watchdata', model: '握奇 W5181' },
  { usbId: '163C:0406', vendor: 'watchdata', model: '握奇 WatchCNPC USB CCID Key' },
  { usbId: 'A625:0801', vendor: 'tianyu', model: '天喻 CCID Key' },
];

/** The Linux PKCS#11 modules named in IDCARD.md §6.1, as a starting point for the settings. */
export const DEFAULT_CA_KEY_MODULES: Readonly<Record<string, string>> = {
  feitian: '/usr/lib/libcastle.so',
  watchdata: '/usr/lib/libwdpkcs.so',
  tianyu: '',
};

/** Reads 'VID:PID' in hex into numbers, or null for anything else. */
export function parseCaKeyUsbId(text: string): { vendorId: number; productId: number } | null {
  const match = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  return { vendorId: parseInt(match[1], 16), productId: parseInt(match[2], 16) };
}
