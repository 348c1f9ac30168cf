import type {
  ForeignerCard,
  IdCard,
  ResidencePermitCard,
  ResidentIdCard,
} from '../../domain/id-card';
import { nationNames, sexNames } from '../../domain/id-card';

/** Why a payload could not become a card, in words for the clerk. */
export class CardDecodeError extends Error {}

const utf16 = new TextDecoder('utf-16le');

/** Characters [offset, offset + bytes) of the text block, trimmed of the space padding. */
function field(text: Uint8Array, offset: number, bytes: number): string {
  return utf16
    .decode(text.subarray(offset, offset + bytes))
    .replaceAll(String.fromCharCode(0), ' ')
    .trim();
}

/** YYYYMMDD -> YYYY-MM-DD; '长期' and anything else unparsable stay as they are. */
function date(value: string): string {
  return /^\d{8}$/.test(value)
    ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}`
    : value;
}

function residentFields(text: Uint8Array) {
  return {
    name: field(text, 0, 30),
    sex: sexNames[field(text, 30, 2)] ?? field(text, 30, 2),
    birthDate: date(field(text, 36, 16)),
    address: field(text, 52, 70),
    idNumber: field(text, 122, 36).toUpperCase(),
    issuer: field(text, 158, 30),
    validFrom: date(field(text, 188, 16)),
    validTo: date(field(text, 204, 16)),
  };
}

/**
 * Decodes a read-basic-info payload (IDCARD.md §3) by its length fields: text block, photo,
 * and, for 30/10, a fingerprint block. The card type is the UCS-2 character at text offset
 * 248: blank for the resident ID card, 'I' or 'J'; any other type is refused in words.
 */
export function decodeBaseInfo(data: Uint8Array, withFingerprint = false): IdCard {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const header = withFingerprint ? 6 : 4;
  if (data.length < header)
    throw new CardDecodeError('读卡器返回的证件信息不完整，请重新放置身份证。');
  const textLength = view.getUint16(0);
  const photoLength = view.getUint16(2);
  const fingerprintLength = withFingerprint ? view.getUint16(4) : 0;
  if (textLength < 256 || data.length < header + textLength + photoLength + fingerprintLength) {
    throw new CardDecodeError('读卡器返回的证件信息长度不对，请重新放置身份证。');
  }
  const text = data.subarray(header, header + textLength);
  const photo = data.slice(header + textLength, header + textLength + photoLength);
  const type = field(text, 248, 2);
  switch (type) {
    case '': {
      const card: ResidentIdCard = {
        kind: 'resident',
        ...residentFields(text),
        nation: nationNames[field(text, 32, 4)] ?? field(text, 32, 4),
        photo,
      };
      return card;
    }
    case 'J': {
      const card: ResidencePermitCard = {
        kind: 'hk-mo-tw-permit',
        ...residentFields(text),
        travelPermitNumber: field(text, 220, 18),
        issueCount: field(text, 238, 4),
        photo,
      };
      return card;
    }
    case 'I': {
      const card: ForeignerCard = {
        kind: 'foreigner',
        englishName: field(text, 0, 120),
        sex: sexNames[field(text, 120, 2)] ?? field(text, 120, 2),
        idNumber: field(text, 122, 30).toUpperCase(),
        nationality: field(text, 152, 6),
        name: field(text, 158, 30),
        validFrom: date(field(text, 188, 16)),
        validTo: date(field(text, 204, 16)),
        birthDate: date(field(text, 220, 16)),
        cardVersion: field(text, 236, 4),
        authorityCode: field(text, 240, 8),
        photo,
      };
      return card;
    }
    default:
      throw new CardDecodeError(
        `不支持的证件类型（${type}），请使用居民身份证、港澳台居民居住证或外国人永久居留证（2017 版）。`,
      );
  }
}

/** The text block of a card, as the simulator and tests build it (the inverse of decoding). */
export function encodeCardText(
  fields: readonly [offset: number, bytes: number, value: string][],
): Uint8Array {
  const text = new Uint8Array(256);
  const view = new DataView(text.buffer);
  for (let index = 0; index < 128; index += 1) view.setUint16(index * 2, 0x20, true);
  for (const [offset, bytes, value] of fields) {
    const chars = [...value].slice(0, bytes / 2);
    chars.forEach((char, index) => view.setUint16(offset + index * 2, char.charCodeAt(0), true));
  }
  return text;
}
