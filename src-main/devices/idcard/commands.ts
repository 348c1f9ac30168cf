import { encodeFrame } from './frame';

/** The commands the counter sends (IDCARD.md §2.1): CMD and PARA bytes. */
export const readerCommands = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readBase: [0x30, 0x01],
  readAdditionalAddress: [0x30, 0x03],
  readBaseWithFingerprint: [0x30, 0x10],
} as const;

/** A command's name. */
export type ReaderCommand = keyof typeof readerCommands;

/** How long each command may take before the reader counts as silent (IDCARD.md §1). */
export const commandTimeoutMs: Record<ReaderCommand, number> = {
  resetSam: 300,
  samStatus: 300,
  samId: 300,
  findCard: 100,
  selectCard: 100,
  readBase: 2000,
  readAdditionalAddress: 1500,
  readBaseWithFingerprint: 3000,
};

/** The status byte a command answers on success: find-card has its own (0x9F). */
export function successStatus(command: ReaderCommand): number {
  return command === 'findCard' ? 0x9f : 0x90;
}

/** The frame of a command, e.g. find card = AA AA AA 96 69 00 03 20 01 22. */
export function encodeCommand(
  command: ReaderCommand,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const [cmd, para] = readerCommands[command];
  return encodeFrame(Uint8Array.of(cmd, para, ...data));
}

/** A response body split into its status (SW3) and data. */
export interface ReaderResponse {
  status: number;
  data: Uint8Array;
}

/** Splits a checked response body: SW1 SW2 SW3 then data (SW3 carries the status). */
export function parseResponse(body: Uint8Array): ReaderResponse | null {
  if (body.length < 3) return null;
  return { status: body[2] ?? 0, data: body.slice(3) };
}

/**
 * What the clerk reads for each status a reader can answer (§2.2), with the next step.
 * Codes not listed are shown with their number, so support can look them up.
 */
const statusMessages: Readonly<Record<number, string>> = {
  0x91: '证件中没有该项内容。',
  0x10: '读卡器收到的数据校验错误，请重新放置身份证再读一次。',
  0x11: '读卡器收到的数据长度错误，请重新放置身份证再读一次。',
  0x21: '读卡器不认可该命令，请重新插拔读卡器后重试。',
  0x23: '读卡器拒绝了该操作（越权），请联系技术支持检查读卡器型号。',
  0x24: '读卡器发生无法识别的错误，请重新插拔读卡器后重试。',
  0x31: '证件与读卡器安全模块互认失败，请确认是真实的二代身份证后重新放置。',
  0x32: '读卡器安全模块认证证件失败，请确认是真实的二代身份证后重新放置。',
  0x33: '证件信息验证错误，请重新放置身份证再读一次。',
  0x37: '指纹信息验证错误，请重新放置身份证再读一次。',
  0x3f: '证件信息长度错误，请重新放置身份证再读一次。',
  0x40: '无法识别的证件类型，请放置居民身份证、港澳台居民居住证或外国人永久居留证。',
  0x41: '读取身份证失败，请将身份证平放在感应区中央，不要移动，再读一次。',
  0x47: '读卡器取随机数失败，请重新插拔读卡器后重试。',
  0x60: '读卡器安全模块自检失败，请重新插拔读卡器；仍不行请更换读卡器。',
  0x66: '读卡器安全模块未经授权，无法使用，请联系读卡器供应商。',
  0x80: '未检测到身份证，请将身份证放在读卡器感应区。',
  0x81: '选取身份证失败，请拿起身份证后重新放置。',
};

/** The Chinese message for a reader status. */
export function statusMessage(status: number): string {
  return (
    statusMessages[status] ??
    `读卡器返回未知状态（0x${status.toString(16).padStart(2, '0').toUpperCase()}），请重试或联系技术支持。`
  );
}
