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
