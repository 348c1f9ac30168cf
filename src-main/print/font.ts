import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { TrueTypeFace } from './truetype-subset';
import { readTrueType } from './truetype-subset';

/** Where a character is in the font and how far it advances, in font units. */
export interface GlyphInfo {
  gid: number;
  advance: number;
}

/** A TrueType font read and parsed once, shared by every document of the process. */
export interface LoadedFont {
  /** The font's PostScript name, for the PDF's font dictionaries. */
  readonly postscriptName: string;
  readonly face: TrueTypeFace;
  /** The values a PDF FontDescriptor needs, in font units. */
  readonly descriptor: {
    bbox: [number, number, number, number];
    ascent: number;
    descent: number;
    capHeight: number;
    italicAngle: number;
    flags: number;
  };
  /** The glyph of one character (one code point); glyph 0 when the font lacks it. */
  glyph(char: string): GlyphInfo;
}

const loaded = new Map<string, LoadedFont>();

/** PDF FontDescriptor flags (PDF 32000 9.8.2): symbolic, plus serif for a Song face. */
function descriptorFlags(familyClass: number, fixedPitch: boolean): number {
  const FIXED_PITCH = 1;
  const SERIF = 1 << 1;
  const SYMBOLIC = 1 << 2;
  let flags = SYMBOLIC;
  if (fixedPitch) flags |= FIXED_PITCH;
  if (familyClass >> 8 >= 1 && familyClass >> 8 <= 7) flags |= SERIF;
  return flags;
}

/**
 * Loads a font file on first use. Parsing the 5 MB Song face takes longer than laying out a
 * whole letter, so it happens once per process; fontkit is used only for the
 * character map, and each character's glyph is remembered after its first lookup.
 */
export function loadFont(path: string): LoadedFont {
  const existing = loaded.get(path);
  if (existing) return existing;
  const bytes = new Uint8Array(readFileSync(path));
  const parsed = fontkit.create(bytes);
  const face = readTrueType(bytes);
  const glyphs = new Map<string, GlyphInfo>();
  const font: LoadedFont = {
    postscriptName: (parsed.postscriptName ?? 'CounterDeskSong').replace(
      /[^\x21-\x7e]|[()<>[\]{}/%#]/g,
      '',
    ),
    face,
    descriptor: {
      bbox: [parsed.bbox.minX, parsed.bbox.minY, parsed.bbox.maxX, parsed.bbox.maxY],
      ascent: parsed.ascent,
      descent: parsed.descent,
      capHeight: parsed.capHeight || parsed.ascent,
      italicAngle: parsed.italicAngle,
      flags: descriptorFlags(parsed['OS/2'].sFamilyClass, Boolean(parsed.post.isFixedPitch)),
    },
    glyph(char) {
      let glyph = glyphs.get(char);
      if (!glyph) {
        const codePoint = char.codePointAt(0) ?? 0;
        const gid = parsed.hasGlyphForCodePoint(codePoint)
          ? parsed.glyphForCodePoint(codePoint).id
          : 0;
        glyph = { gid, advance: face.metrics(gid).advance };
        glyphs.set(char, glyph);
      }
      return glyph;
    },
  };
  loaded.set(path, font);
  return font;
}
