import type { IdCard } from '../../domain/id-card';
import { decodeBaseInfo } from './card-text';
import { statusMessage } from './commands';
import type { ReaderErrorReason } from './reader-client';
import { COMMAND_ATTEMPTS, LINK_FAULT_MESSAGES, ReaderError } from './reader-client';

/**
 * Readers whose only interface is the vendor's SDK (the common SDT API of IDCARD.md §2, as
 * sdtapi.dll / termb.dll / libsdtapi.so), called through koffi. The library is chosen from
 * those found in the allowed folders (native-library-locations), never from a typed path.
 * Its return codes are the reader's status bytes, or the SDK's host codes below 0x10, and
 * reach the clerk as the same messages as the other readers'.
 */

/** The SDK's port numbers: 1-16 are COM1-16, 1001-1016 the USB readers (IDCARD.md §4.1). */
export const SDT_USB_PORT = 1001;

/** The part of koffi the client uses (its functions are untyped; results are checked). */
export interface KoffiLike {
  load(path: string): {
    func(definition: string): {
      async: (...args: unknown[]) => void;
    };
    unload(): void;
  };
}

/** What a host code (below 0x10) means on the wire. */
const HOST_CODES: Readonly<Record<number, Exclude<ReaderErrorReason, 'status'>>> = {
  0x01: 'closed', // port open failed
  0x02: 'timeout', // PC receive timeout
  0x03: 'checksum', // data transfer error
  0x05: 'closed', // SAM serial port unusable
  0x09: 'closed', // file open failed
};

/** The SDK's answer as the counter's error: a wire fault, an unplugged reader, or a status. */
export function sdtError(code: number): ReaderError {
  const reason = HOST_CODES[code];
  if (reason) return new ReaderError(LINK_FAULT_MESSAGES[reason], reason);
  return new ReaderError(statusMessage(code), 'status', code);
}

/** A reader behind the vendor's SDK library. */
export class SdtLibraryClient {
  private busy: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly library: ReturnType<KoffiLike['load']>,
    private readonly port: number,
    private readonly fns: Record<
      'open' | 'close' | 'status' | 'find' | 'select' | 'read',
      { async: (...args: unknown[]) => void } | null
    >,
  ) {}

  /** Loads the library and opens the port; refuses in words when either fails. */
  static async open(koffi: KoffiLike, path: string, port: number): Promise<SdtLibraryClient> {
    let library: ReturnType<KoffiLike['load']>;
    try {
      library = koffi.load(path);
    } catch {
      throw new Error(`无法加载读卡器厂商的接口库 ${path}，请重新安装读卡器驱动。`);
    }
    const declare = (definition: string) => {
      try {
        return library.func(definition);
      } catch {
        return null;
      }
    };
    const stdcall = process.platform === 'win32' ? '__stdcall ' : '';
    const fns = {
      open: declare(`int ${stdcall}SDT_OpenPort(int iPort)`),
      close: declare(`int ${stdcall}SDT_ClosePort(int iPort)`),
      status: declare(`int ${stdcall}SDT_GetSAMStatus(int iPort, int iIfOpen)`),
      find: declare(
        `int ${stdcall}SDT_StartFindIDCard(int iPort, _Out_ uint8_t *pucManaInfo, int iIfOpen)`,
      ),
      select: declare(
        `int ${stdcall}SDT_SelectIDCard(int iPort, _Out_ uint8_t *pucManaMsg, int iIfOpen)`,
      ),
      read: declare(
        `int ${stdcall}SDT_ReadBaseMsg(int iPort, _Out_ uint8_t *pucCHMsg, _Out_ uint32_t *puiCHMsgLen, _Out_ uint8_t *pucPHMsg, _Out_ uint32_t *puiPHMsgLen, int iIfOpen)`,
      ),
    };
    if (!fns.open || !fns.find || !fns.select || !fns.read) {
      library.unload();
      throw new Error(`${path} 不是 SDT 身份证读卡器接口库（缺少 SDT_ 函数），请在设置中另选。`);
    }
    const client = new SdtLibraryClient(library, port, fns);
    const opened = await client.call('open', port);
    if (opened !== 0x90) {
      library.unload();
      throw new Error(
        opened === 0x02
          ? '读卡器无响应，请检查读卡器连接线后重试。'
          : `读卡器厂商接口库无法打开端口 ${port}（返回 0x${opened.toString(16)}），请检查读卡器是否插好、是否被其他程序占用。`,
      );
    }
    return client;
  }

  /** One library call at a time, off the main thread (koffi's async calls). */
  private call(name: keyof SdtLibraryClient['fns'], ...args: unknown[]): Promise<number> {
    const fn = this.fns[name];
    if (!fn) return Promise.resolve(0x90);
    const run = this.busy.then(
      () =>
        new Promise<number>((resolve, reject) => {
          fn.async(...args, (error: unknown, result: unknown) => {
            if (error) reject(new ReaderError(LINK_FAULT_MESSAGES.closed, 'closed'));
            else resolve(typeof result === 'number' ? result : 0x03);
          });
        }),
    );
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Find and select are sent again after a wire fault, as the serial client does. */
  private async expect(
    name: 'find' | 'select',
    success: number,
    buffer: Uint8Array,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const code = await this.call(name, this.port, buffer, 0);
      if (code === success) return;
      const error = sdtError(code);
      if (!error.isLinkFault || attempt >= COMMAND_ATTEMPTS) throw error;
    }
  }

  /** Whether the reader's security module answers. */
  async probe(): Promise<boolean> {
    if (!this.fns.status) return true;
    for (let attempt = 1; attempt <= COMMAND_ATTEMPTS; attempt += 1) {
      if ((await this.call('status', this.port, 0)) === 0x90) return true;
    }
    return false;
  }

  /** Find, select and read through the SDK; the card decodes as from any other reader. */
  async readCard(): Promise<IdCard> {
    await this.expect('find', 0x9f, new Uint8Array(8));
    await this.expect('select', 0x90, new Uint8Array(16));
    const text = new Uint8Array(256);
    const photo = new Uint8Array(1024);
    const textLength = new Uint32Array(1);
    const photoLength = new Uint32Array(1);
    const code = await this.call('read', this.port, text, textLength, photo, photoLength, 0);
    if (code !== 0x90) throw sdtError(code);
    const t = Math.min(textLength[0] ?? 0, 256);
    const p = Math.min(photoLength[0] ?? 0, 1024);
    const payload = new Uint8Array(4 + t + p);
    new DataView(payload.buffer).setUint16(0, t);
    new DataView(payload.buffer).setUint16(2, p);
    payload.set(text.subarray(0, t), 4);
    payload.set(photo.subarray(0, p), 4 + t);
    return decodeBaseInfo(payload);
  }

  /** Closes the port and unloads the library. */
  async close(): Promise<void> {
    await this.call('close', this.port).catch(() => undefined);
    this.library.unload();
  }
}
