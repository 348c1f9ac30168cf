/** One TrueType face read once: where its tables are, and each glyph's outline and metrics. */
export interface TrueTypeFace {
  readonly bytes: Uint8Array;
  readonly numGlyphs: number;
  readonly unitsPerEm: number;
  /** Byte range of glyph `gid` inside the glyf table (empty for blank glyphs). */
  glyphBytes(gid: number): Uint8Array;
  /** Advance width and left side bearing of glyph `gid`, in font units. */
  metrics(gid: number): { advance: number; leftSideBearing: number };
  /** The raw bytes of one table, or null when the font has none. */
  table(tag: string): Uint8Array | null;
}

interface TableRecord {
  offset: number;
  length: number;
}

/** The tables a PDF viewer needs to draw a CIDFontType2 subset (PDF 32000 9.9). */
const COPIED_TABLES = ['cvt ', 'fpgm', 'prep'] as const;

function readTables(view: DataView): Map<string, TableRecord> {
  const tables = new Map<string, TableRecord>();
  const count = view.getUint16(4);
  for (let index = 0; index < count; index += 1) {
    const at = 12 + index * 16;
    const tag = String.fromCharCode(
      view.getUint8(at),
      view.getUint8(at + 1),
      view.getUint8(at + 2),
      view.getUint8(at + 3),
    );
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return tables;
}

function requireTable(tables: Map<string, TableRecord>, tag: string): TableRecord {
  const table = tables.get(tag);
  if (!table) throw new Error(`字体文件缺少 ${tag} 表，不是可用的 TrueType 字体。`);
  return table;
}

/** Reads the table directory, head, maxp, hhea, hmtx and loca of a TrueType font. */
export function readTrueType(bytes: Uint8Array): TrueTypeFace {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = readTables(view);
  const head = requireTable(tables, 'head');
  const maxp = requireTable(tables, 'maxp');
  const hhea = requireTable(tables, 'hhea');
  const hmtx = requireTable(tables, 'hmtx');
  const loca = requireTable(tables, 'loca');
  const glyf = requireTable(tables, 'glyf');

  const unitsPerEm = view.getUint16(head.offset + 18);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(maxp.offset + 4);
  const hMetricCount = view.getUint16(hhea.offset + 34);

  const locaAt = (gid: number) =>
    longLoca ? view.getUint32(loca.offset + gid * 4) : view.getUint16(loca.offset + gid * 2) * 2;

  return {
    bytes,
    numGlyphs,
    unitsPerEm,
    glyphBytes(gid) {
      if (gid < 0 || gid >= numGlyphs) return new Uint8Array(0);
      const start = glyf.offset + locaAt(gid);
      return bytes.subarray(start, glyf.offset + locaAt(gid + 1));
    },
    metrics(gid) {
      const metric = Math.min(gid, hMetricCount - 1);
      const advance = view.getUint16(hmtx.offset + metric * 4);
      const leftSideBearing =
        gid < hMetricCount
          ? view.getInt16(hmtx.offset + gid * 4 + 2)
          : view.getInt16(hmtx.offset + hMetricCount * 4 + (gid - hMetricCount) * 2);
      return { advance, leftSideBearing };
    },
    table(tag) {
      const table = tables.get(tag);
      return table ? bytes.subarray(table.offset, table.offset + table.length) : null;
    },
  };
}

const padded = (length: number) => (length + 3) & ~3;

function checksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  const whole = bytes.byteLength & ~3;
  for (let at = 0; at < whole; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  let tail = 0;
  for (let at = whole; at < bytes.byteLength; at += 1) {
    tail |= (bytes[at] ?? 0) << (24 - (at - whole) * 8);
  }
  return (sum + tail) >>> 0;
}

/**
 * Writes a TrueType font holding only the given glyphs, renumbered in the order given after
 * .notdef (new glyph 1 is `glyphs[0]`). Outlines and hinting are copied byte for byte, so
 * the subset draws exactly as the full face does. Composite glyphs would need their parts
 * renumbered too; the shipped Song face has none, and another face that has them is refused.
 */
export function buildSubset(face: TrueTypeFace, glyphs: readonly number[]): Uint8Array {
  const order = [0, ...glyphs];
  const outlines = order.map((gid) => face.glyphBytes(gid));
  for (const outline of outlines) {
    if (outline.byteLength >= 2 && ((outline[0] ?? 0) & 0x80) !== 0) {
      throw new Error('字体含有组合字形，当前的子集化不支持，请换用不含组合字形的字体。');
    }
  }

  const glyf = new Uint8Array(outlines.reduce((sum, outline) => sum + padded(outline.length), 0));
  const loca = new Uint8Array((order.length + 1) * 4);
  const locaView = new DataView(loca.buffer);
  const hmtx = new Uint8Array(order.length * 4);
  const hmtxView = new DataView(hmtx.buffer);
  let offset = 0;
  order.forEach((gid, index) => {
    const outline = outlines[index] ?? new Uint8Array(0);
    locaView.setUint32(index * 4, offset);
    glyf.set(outline, offset);
    offset += padded(outline.length);
    const { advance, leftSideBearing } = face.metrics(gid);
    hmtxView.setUint16(index * 4, advance);
    hmtxView.setInt16(index * 4 + 2, leftSideBearing);
  });
  locaView.setUint32(order.length * 4, offset);

  const copy = (tag: string) => {
    const source = face.table(tag);
    if (!source) throw new Error(`字体文件缺少 ${tag} 表，不是可用的 TrueType 字体。`);
    return new Uint8Array(source);
  };
  const head = copy('head');
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, 1);
  const hhea = copy('hhea');
  new DataView(hhea.buffer).setUint16(34, order.length);
  const maxp = copy('maxp');
  new DataView(maxp.buffer).setUint16(4, order.length);

  const tables = new Map<string, Uint8Array>([
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
  ]);
  for (const tag of COPIED_TABLES) {
    const source = face.table(tag);
    if (source) tables.set(tag, source);
  }
  return assembleFont(tables, head);
}

function assembleFont(tables: Map<string, Uint8Array>, head: Uint8Array): Uint8Array {
  const tags = [...tables.keys()].sort();
  const directoryLength = 12 + tags.length * 16;
  const total = tags.reduce(
    (sum, tag) => sum + padded(tables.get(tag)?.byteLength ?? 0),
    directoryLength,
  );
  const font = new Uint8Array(total);
  const view = new DataView(font.buffer);
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tags.length * 16 - searchRange);

  let offset = directoryLength;
  let headOffset = 0;
  tags.forEach((tag, index) => {
    const table = tables.get(tag) ?? new Uint8Array(0);
    const at = 12 + index * 16;
    for (let char = 0; char < 4; char += 1) view.setUint8(at + char, tag.charCodeAt(char));
    view.setUint32(at + 4, checksum(table));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, table.byteLength);
    font.set(table, offset);
    if (table === head) headOffset = offset;
    offset += padded(table.byteLength);
  });
  // The whole font must sum to the magic number; head carries the difference.
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}
