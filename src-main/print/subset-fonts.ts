import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Color, PDFDocument, PDFOperator, PDFPage, PDFRef } from 'pdf-lib';
import {
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  showText,
} from 'pdf-lib';
import type { LoadedFont } from './font';
import { buildSubset } from './truetype-subset';

/** A font subset ready to embed: its bytes compressed once, its glyphs numbered 1..n. */
interface PreparedSubset {
  /** The CID each character is drawn with; the subset's glyph n is CID n. */
  cids: Map<string, number>;
  postscriptName: string;
  fontFile: Uint8Array;
  fontFileLength: number;
  toUnicode: Uint8Array;
  /** Advance widths in PDF text space (1/1000 em), index 0 being .notdef. */
  widths: number[];
}

/** The fixed wording of each template, prepared once per process and font. */
const baseSubsets = new WeakMap<LoadedFont, Map<string, PreparedSubset>>();
const MAX_BASE_SUBSETS = 64;

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function utf16Hex(char: string): string {
  let out = '';
  for (let index = 0; index < char.length; index += 1) out += hex4(char.charCodeAt(index));
  return out;
}

/** The ToUnicode CMap that gives pdftotext (and copy and paste) the Chinese back. */
function toUnicodeCmap(charsByCid: readonly string[]): string {
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000><ffff>',
    'endcodespacerange',
  ];
  const entries = charsByCid
    .map((char, cid) => (cid === 0 ? '' : `<${hex4(cid)}> <${utf16Hex(char)}>`))
    .filter(Boolean);
  // A bfchar block may hold at most 100 entries.
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100);
    lines.push(`${block.length} beginbfchar`, ...block, 'endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** A subset tag of six capitals (PDF 32000 9.6.4), the same for the same glyphs. */
function subsetTag(gids: readonly number[]): string {
  const digest = createHash('sha1').update(gids.join(',')).digest();
  let tag = '';
  for (let index = 0; index < 6; index += 1) {
    tag += String.fromCharCode(65 + ((digest[index] ?? 0) % 26));
  }
  return tag;
}

/** Builds and compresses the subset that draws `chars` (each one once, in this order). */
function prepareSubset(font: LoadedFont, chars: Iterable<string>): PreparedSubset {
  const cids = new Map<string, number>();
  const cidOfGlyph = new Map<number, number>();
  const gids: number[] = [];
  const charsByCid = [''];
  for (const char of chars) {
    if (cids.has(char)) continue;
    const { gid } = font.glyph(char);
    let cid = gid === 0 ? 0 : cidOfGlyph.get(gid);
    if (cid === undefined) {
      gids.push(gid);
      cid = gids.length;
      cidOfGlyph.set(gid, cid);
      charsByCid.push(char);
    }
    cids.set(char, cid);
  }
  const fontBytes = buildSubset(font.face, gids);
  const scale = 1000 / font.face.unitsPerEm;
  return {
    cids,
    postscriptName: `${subsetTag(gids)}+${font.postscriptName}`,
    fontFile: deflateSync(fontBytes, { level: 9 }),
    fontFileLength: fontBytes.byteLength,
    toUnicode: deflateSync(toUnicodeCmap(charsByCid), { level: 9 }),
    widths: [0, ...gids].map(
      (gid) => Math.round(font.face.metrics(gid).advance * scale * 100) / 100,
    ),
  };
}

function baseSubsetFor(font: LoadedFont, baseChars: string): PreparedSubset {
  let byChars = baseSubsets.get(font);
  if (!byChars) {
    byChars = new Map();
    baseSubsets.set(font, byChars);
  }
  let prepared = byChars.get(baseChars);
  if (!prepared) {
    if (byChars.size >= MAX_BASE_SUBSETS) byChars.clear();
    prepared = prepareSubset(font, baseChars);
    byChars.set(baseChars, prepared);
  }
  return prepared;
}

/** Writes one prepared subset's objects into the document under `fontRef`. */
function embedSubset(
  doc: PDFDocument,
  font: LoadedFont,
  subset: PreparedSubset,
  fontRef: PDFRef,
): void {
  const context = doc.context;
  const scale = 1000 / font.face.unitsPerEm;
  const [minX, minY, maxX, maxY] = font.descriptor.bbox;
  const fontFile = context.register(
    context.stream(subset.fontFile, { Filter: 'FlateDecode', Length1: subset.fontFileLength }),
  );
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: subset.postscriptName,
      Flags: font.descriptor.flags,
      FontBBox: [minX * scale, minY * scale, maxX * scale, maxY * scale],
      ItalicAngle: font.descriptor.italicAngle,
      Ascent: font.descriptor.ascent * scale,
      Descent: font.descriptor.descent * scale,
      CapHeight: font.descriptor.capHeight * scale,
      StemV: 0,
      FontFile2: fontFile,
    }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: subset.postscriptName,
      CIDSystemInfo: {
        Registry: PDFString.of('Adobe'),
        Ordering: PDFString.of('Identity'),
        Supplement: 0,
      },
      FontDescriptor: descriptor,
      CIDToGIDMap: 'Identity',
      W: [0, subset.widths],
    }),
  );
  const toUnicode = context.register(context.stream(subset.toUnicode, { Filter: 'FlateDecode' }));
  context.assign(
    fontRef,
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: subset.postscriptName,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
}

const BASE_FONT = PDFName.of('CdBase');
const EXTRA_FONT = PDFName.of('CdExtra');

/**
 * The text of one PDF document, set in one TrueType face split into two subsets: the
 * template's fixed wording, built and compressed once per process because every copy of a
 * form repeats it, and the few characters of this case's values that the wording lacks,
 * built per document. Embedding a whole subset per document cost more than the rest of a
 * letter together (the speed goal).
 */
export class SubsetFonts {
  private readonly base: PreparedSubset;
  private readonly extraChars = new Map<string, number>();
  private readonly extraGlyphCids = new Map<number, number>();
  private baseUsed = false;
  private readonly baseRef: PDFRef;
  private readonly extraRef: PDFRef;
  private readonly scale: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: LoadedFont,
    /** Every character of the template's fixed wording, each once, in a stable order. */
    baseChars: string,
  ) {
    this.base = baseSubsetFor(font, baseChars);
    this.baseRef = doc.context.nextRef();
    this.extraRef = doc.context.nextRef();
    this.scale = 1 / font.face.unitsPerEm;
  }

  /** The width of `text` at `size` points. */
  measure(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.font.glyph(char).advance;
    return units * this.scale * size;
  }

  /** Draws one line of text with its left end of the baseline at (x, y). */
  draw(page: PDFPage, text: string, x: number, y: number, size: number, color: Color): void {
    if (!text) return;
    const operators: PDFOperator[] = [
      pushGraphicsState(),
      beginText(),
      setFillingColor(color),
      moveText(x, y),
    ];
    let current: PDFName | null = null;
    let run = '';
    const flush = () => {
      if (run && current) operators.push(showText(PDFHexString.of(run)));
      run = '';
    };
    for (const char of text) {
      const baseCid = this.base.cids.get(char);
      const fontName = baseCid === undefined ? EXTRA_FONT : BASE_FONT;
      const cid = baseCid ?? this.extraCid(char);
      if (fontName !== current) {
        flush();
        current = fontName;
        if (fontName === BASE_FONT) this.baseUsed = true;
        operators.push(setFontAndSize(fontName, size));
        page.node.setFontDictionary(
          fontName,
          fontName === BASE_FONT ? this.baseRef : this.extraRef,
        );
      }
      run += hex4(cid);
    }
    flush();
    operators.push(endText(), popGraphicsState());
    page.pushOperators(...operators);
  }

  /** Writes the fonts the pages use; call once, after the last draw and before saving. */
  embed(): void {
    if (this.baseUsed) embedSubset(this.doc, this.font, this.base, this.baseRef);
    if (this.extraChars.size > 0) {
      embedSubset(
        this.doc,
        this.font,
        prepareSubset(this.font, this.extraChars.keys()),
        this.extraRef,
      );
    }
  }

  private extraCid(char: string): number {
    let cid = this.extraChars.get(char);
    if (cid === undefined) {
      // Numbered by first use of each glyph, exactly as prepareSubset numbers them.
      const gid = this.font.glyph(char).gid;
      cid = gid === 0 ? 0 : (this.extraGlyphCids.get(gid) ?? this.extraGlyphCids.size + 1);
      if (gid !== 0) this.extraGlyphCids.set(gid, cid);
      this.extraChars.set(char, cid);
    }
    return cid;
  }
}
