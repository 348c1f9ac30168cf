import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CardDecodeError,
  decodeBaseInfo,
  encodeCardText,
} from '../../../src-main/devices/idcard/card-text';
import {
  encodeCommand,
  parseResponse,
  statusMessage,
} from '../../../src-main/devices/idcard/commands';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from '../../../src-main/devices/idcard/frame';
import { idCardToPersonValues, isExpired } from '../../../src-main/domain/id-card';

const hex = (text: string) => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)));
const show = (bytes: Uint8Array) =>
  [...bytes].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(' ');

describe('command frames (IDCARD.md §2.1)', () => {
  it.each([
    ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
    ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
    ['readBase', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readAdditionalAddress', 'AA AA AA 96 69 00 03 30 03 30'],
    ['readBaseWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ] as const)('encodes %s as the reference bytes', (command, frame) => {
    expect(show(encodeCommand(command))).toBe(frame);
  });
});

describe('the streaming frame decoder', () => {
  const findOk = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
  const statusOk = hex('AA AA AA 96 69 00 04 00 00 90 94');

  it('reads the reference responses, split anywhere', () => {
    const decoder = new FrameDecoder();
    const stream = Uint8Array.of(...findOk, ...statusOk);
    const frames = [...stream].flatMap((byte) => decoder.push(Uint8Array.of(byte)));
    expect(
      frames.map((frame) => (frame.kind === 'frame' ? parseResponse(frame.body) : frame)),
    ).toEqual([
      { status: 0x9f, data: hex('00 00 00 00') },
      { status: 0x90, data: new Uint8Array(0) },
    ]);
  });

  it('skips garbage before the preamble', () => {
    const frames = new FrameDecoder().push(Uint8Array.of(0x00, 0xaa, 0x13, 0x96, ...statusOk));
    expect(frames).toEqual([{ kind: 'frame', body: hex('00 00 90') }]);
  });

  it('reports a bad checksum and still reads the next frame', () => {
    const broken = Uint8Array.from(statusOk);
    broken[broken.length - 1] = 0x95;
    const frames = new FrameDecoder().push(Uint8Array.of(...broken, ...findOk));
    expect(frames[0]).toEqual({ kind: 'bad-checksum' });
    expect(frames[1]).toEqual({ kind: 'frame', body: hex('00 00 9F 00 00 00 00') });
  });

  it(`refuses a LEN that would make a frame over ${MAX_FRAME_BYTES} bytes`, () => {
    const frames = new FrameDecoder().push(hex('AA AA AA 96 69 10 00 00 00 90'));
    expect(frames[0]).toEqual({ kind: 'bad-length', length: 0x1000 });
  });

  it('waits for the rest of a truncated frame', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(statusOk.subarray(0, 8))).toEqual([]);
    expect(decoder.push(statusOk.subarray(8))).toHaveLength(1);
  });

  it('gives back any body it was given, however the stream is cut (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 3, maxLength: 300 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (bodies, cuts) => {
          const stream = Uint8Array.from(bodies.flatMap((body) => [...encodeFrame(body)]));
          const decoder = new FrameDecoder();
          const out: Uint8Array[] = [];
          let at = 0;
          for (let index = 0; at < stream.length; index += 1) {
            const size = cuts[index % cuts.length] ?? 1;
            for (const frame of decoder.push(stream.subarray(at, at + size))) {
              if (frame.kind === 'frame') out.push(frame.body);
            }
            at += size;
          }
          expect(out.map(show)).toEqual(bodies.map(show));
        },
      ),
    );
  });
});

function basePayload(text: Uint8Array): Uint8Array {
  const photo = new Uint8Array(1024).fill(0x57);
  return Uint8Array.of(0x01, 0x00, 0x04, 0x00, ...text, ...photo);
}

describe('decoding the basic-info payload (IDCARD.md §3)', () => {
  it('reads a resident ID card with nation and sex by name', () => {
    const card = decodeBaseInfo(
      basePayload(
        encodeCardText([
          [0, 30, '张三'],
          [30, 2, '1'],
          [32, 4, '01'],
          [36, 16, '19491231'],
          [52, 70, '北京市西城区某某街道1号'],
          [122, 36, '11010519491231002X'],
          [158, 30, '北京市公安局西城分局'],
          [188, 16, '20100101'],
          [204, 16, '长期'],
        ]),
      ),
    );
    expect(card).toMatchObject({
      kind: 'resident',
      name: '张三',
      sex: '男',
      nation: '汉',
      birthDate: '1949-12-31',
      idNumber: '11010519491231002X',
      validTo: '长期',
    });
    expect(card.photo).toHaveLength(1024);
    expect(idCardToPersonValues(card)).toMatchObject({
      name: '张三',
      nation: '汉',
      idIssuer: '北京市公安局西城分局',
      idValidFrom: '2010-01-01',
    });
    expect(isExpired(card, new Date('2026-11-24'))).toBe(false);
  });

  it('reads a HK/Macao/Taiwan residence permit (J) with its travel permit number', () => {
    const card = decodeBaseInfo(
      basePayload(
        encodeCardText([
          [0, 30, '陈大文'],
          [30, 2, '1'],
          [36, 16, '19800101'],
          [122, 36, '810000198001010012'],
          [188, 16, '20180901'],
          [204, 16, '20230901'],
          [220, 18, 'H12345678'],
          [238, 4, '01'],
          [248, 2, 'J'],
        ]),
      ),
    );
    expect(card).toMatchObject({ kind: 'hk-mo-tw-permit', travelPermitNumber: 'H12345678' });
    expect(isExpired(card, new Date('2026-11-24'))).toBe(true);
  });

  it('reads a foreigner permanent residence card (I) with English name and nationality', () => {
    const card = decodeBaseInfo(
      basePayload(
        encodeCardText([
          [0, 120, 'SMITH, JOHN'],
          [120, 2, '1'],
          [122, 30, 'USA110012345678'],
          [152, 6, 'USA'],
          [158, 30, '史密斯'],
          [188, 16, '20200101'],
          [204, 16, '20300101'],
          [220, 16, '19850505'],
          [248, 2, 'I'],
        ]),
      ),
    );
    expect(card).toMatchObject({
      kind: 'foreigner',
      englishName: 'SMITH, JOHN',
      nationality: 'USA',
      name: '史密斯',
      birthDate: '1985-05-05',
    });
  });

  it('refuses an unknown card type in words', () => {
    expect(() => decodeBaseInfo(basePayload(encodeCardText([[248, 2, 'Y']])))).toThrow(
      new CardDecodeError(
        '不支持的证件类型（Y），请使用居民身份证、港澳台居民居住证或外国人永久居留证（2017 版）。',
      ),
    );
  });

  it('refuses a payload shorter than its length fields', () => {
    expect(() => decodeBaseInfo(Uint8Array.of(0x01, 0x00, 0x04, 0x00, 1, 2, 3))).toThrow(
      CardDecodeError,
    );
  });
});

describe('reader status messages', () => {
  it('tells the clerk where to put the card when none is found', () => {
    expect(statusMessage(0x80)).toBe('未检测到身份证，请将身份证放在读卡器感应区。');
    expect(statusMessage(0x55)).toContain('0x55');
  });
});
