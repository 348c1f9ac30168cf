import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** A TrueType font read and parsed once, shared by every document of the process. */
export interface LoadedFont {
  bytes: Uint8Array;
  /** Hands pdf-lib the already parsed font instead of parsing 5 MB per document. */
  fontkit: Fontkit;
}

const loaded = new Map<string, LoadedFont>();

interface DecodableGlyph {
  _decode(): unknown;
}

interface GlyphSource {
  getGlyph(id: number, codePoints?: number[]): DecodableGlyph;
}

/**
 * fontkit keeps one glyph object per glyph of a parsed font but decodes its outline again
 * every time a subset is built, i.e. for every document. The font never changes, so each
 * glyph's decoded outline is kept on first use: an export of 10,000 checklists decodes the
 * same few hundred glyphs once instead of 10,000 times (issue 8).
 */
function memoiseGlyphOutlines(font: GlyphSource): void {
  const getGlyph = font.getGlyph.bind(font);
  const memoised = new WeakSet<DecodableGlyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!memoised.has(glyph)) {
      memoised.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let outline: { value: unknown } | null = null;
      glyph._decode = () => (outline ??= { value: decode() }).value;
    }
    return glyph;
  };
}

/**
 * Loads a font file on first use. pdf-lib asks its fontkit to parse the bytes on every
 * embed; parsing the Song face takes longer than laying out a whole letter, so the parsed
 * font is cached and returned for those same bytes (issue 5: parse once, not per document).
 */
export function loadFont(path: string): LoadedFont {
  const existing = loaded.get(path);
  if (existing) return existing;
  const bytes = new Uint8Array(readFileSync(path));
  const parsed = fontkit.create(bytes);
  memoiseGlyphOutlines(parsed as unknown as GlyphSource);
  const font: LoadedFont = {
    bytes,
    fontkit: {
      create: (data: Uint8Array, postscriptName?: string) =>
        data === bytes ? parsed : fontkit.create(data, postscriptName),
    },
  };
  loaded.set(path, font);
  return font;
}
