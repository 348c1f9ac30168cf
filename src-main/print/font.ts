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

interface LayoutSource {
  layout(text: string, ...options: unknown[]): unknown;
}

// Names and times rarely recur, labels always do: a small cache that starts again when full
// keeps the labels for a few hundred kilobytes.
const LAYOUT_CACHE_SIZE = 2_000;

/**
 * pdf-lib has fontkit lay out every string it draws, and a checklist's labels, times and
 * names recur across documents. A run of glyphs depends only on the font and the text, and
 * pdf-lib only reads it, so runs are kept per text when no OpenType features are asked for
 * (pdf-lib asks for none) (issue 8: the export draws 10,000 checklists).
 */
function memoiseLayout(font: LayoutSource): void {
  const layout = font.layout.bind(font);
  const runs = new Map<string, unknown>();
  font.layout = (text, ...options) => {
    if (options.some((option) => option !== undefined)) return layout(text, ...options);
    let run = runs.get(text);
    if (run === undefined) {
      if (runs.size >= LAYOUT_CACHE_SIZE) runs.clear();
      run = layout(text);
      runs.set(text, run);
    }
    return run;
  };
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
  memoiseLayout(parsed);
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
