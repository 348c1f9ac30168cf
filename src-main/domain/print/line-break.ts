/**
 * Line breaking for Chinese documents. A line never starts with a closing mark and
 * never ends with an opening one (the kinsoku rules of GB/T 15834 and W3C clreq §3.1.7);
 * Latin words and digit runs such as ID numbers stay whole; a fill-in field stays whole.
 */

/** Marks that may not begin a line. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉〗”’…—·%‰,.;:?!)]}']);
/** Marks that may not end a line. */
const NO_LINE_END = new Set([...'（《「『【〔〈〖“‘([{']);

/** A piece of text: plain, or a fill-in field drawn underlined. */
export interface TextRun {
  text: string;
  field?: boolean;
}

/** The smallest unit a line may break around. */
export interface Atom {
  text: string;
  field: boolean;
  width: number;
}

/** One laid-out line. */
export interface Line {
  atoms: Atom[];
  width: number;
}

const WORD_CHAR = /[A-Za-z0-9@._\-+/#]/;

/**
 * Splits runs into atoms: one per Chinese character, one per Latin word or digit run, one per
 * field. An empty field still takes `fieldMinWidth` so that it can be written in by hand. A
 * field wider than `maxFieldWidth` (a long reason, wider than the line) is split like text,
 * each piece still underlined, so it wraps instead of running past the edge.
 */
export function toAtoms(
  runs: readonly TextRun[],
  measure: (text: string) => number,
  fieldMinWidth: number,
  maxFieldWidth = Infinity,
): Atom[] {
  const atoms: Atom[] = [];
  for (const run of runs) {
    if (run.field) {
      const width = Math.max(measure(run.text) + measure(' ') * 2, fieldMinWidth);
      if (width <= maxFieldWidth) {
        atoms.push({ text: run.text, field: true, width });
        continue;
      }
      for (const atom of toAtoms([{ text: run.text }], measure, 0))
        atoms.push({ ...atom, field: true });
      continue;
    }
    let word = '';
    const flush = () => {
      if (word) atoms.push({ text: word, field: false, width: measure(word) });
      word = '';
    };
    for (const char of run.text) {
      if (WORD_CHAR.test(char)) {
        word += char;
      } else {
        flush();
        atoms.push({ text: char, field: false, width: measure(char) });
      }
    }
    flush();
  }
  return atoms;
}

function groupClusters(atoms: readonly Atom[]): Atom[][] {
  const clusters: Atom[][] = [];
  for (const atom of atoms) {
    const last = clusters.at(-1);
    const lastAtom = last?.at(-1);
    const gluesBack = !atom.field && NO_LINE_START.has(atom.text);
    const gluedForward =
      lastAtom !== undefined && !lastAtom.field && NO_LINE_END.has(lastAtom.text);
    if (last && (gluesBack || gluedForward)) last.push(atom);
    else clusters.push([atom]);
  }
  return clusters;
}

const widthOf = (atoms: readonly Atom[]) => atoms.reduce((sum, atom) => sum + atom.width, 0);

/**
 * Breaks atoms into lines no wider than `maxWidth` (the first line `firstIndent` narrower),
 * keeping each cluster of glued marks together. A cluster wider than a whole line is split
 * atom by atom, as a last resort.
 */
export function breakLines(atoms: readonly Atom[], maxWidth: number, firstIndent = 0): Line[] {
  const lines: Line[] = [];
  let current: Atom[] = [];
  let width = 0;
  const limit = () => maxWidth - (lines.length === 0 ? firstIndent : 0);
  const pushLine = () => {
    lines.push({ atoms: current, width });
    current = [];
    width = 0;
  };
  for (const cluster of groupClusters(atoms)) {
    const clusterWidth = widthOf(cluster);
    if (current.length > 0 && width + clusterWidth > limit()) pushLine();
    if (clusterWidth <= limit()) {
      current.push(...cluster);
      width += clusterWidth;
      continue;
    }
    for (const atom of cluster) {
      if (current.length > 0 && width + atom.width > limit()) pushLine();
      current.push(atom);
      width += atom.width;
    }
  }
  if (current.length > 0 || lines.length === 0) pushLine();
  return lines.map((line) => trimTrailingSpace(line));
}

function trimTrailingSpace(line: Line): Line {
  const atoms = [...line.atoms];
  while (atoms.length > 0 && atoms.at(-1)?.text === ' ' && !atoms.at(-1)?.field) atoms.pop();
  return { atoms, width: widthOf(atoms) };
}

/** Splits text with `{{key}}` placeholders into runs, filling fields from `lookup`. */
export function fillPlaceholders(text: string, lookup: (key: string) => string): TextRun[] {
  const runs: TextRun[] = [];
  const pattern = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index) });
    runs.push({ text: lookup(match[1] ?? ''), field: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}
