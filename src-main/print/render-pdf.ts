import type { Color, PDFPage } from 'pdf-lib';
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { DocumentData, DocumentTable } from '../domain/print/document-data';
import type { Atom, TextRun } from '../domain/print/line-break';
import { breakLines, fillPlaceholders, toAtoms } from '../domain/print/line-break';
import type { PrintTemplate, TemplateBlock } from '../domain/print/print-template';
import { missingCase } from '../domain/missing-case';
import type { LoadedFont } from './font';
import { SubsetFonts } from './subset-fonts';

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const INK = rgb(0, 0, 0);
const GREY = rgb(0.45, 0.45, 0.45);
const SEAL_HINT = '盖章处';
const CHECKLIST_COLUMNS = [
  { title: '序号', share: 0.07 },
  { title: '材料', share: 0.33 },
  { title: '要求', share: 0.22 },
  { title: '核验记录', share: 0.2 },
  { title: '登记人 / 时间', share: 0.18 },
] as const;

/** Document facts that are not in the template: shown in the PDF's properties. */
export interface RenderMeta {
  title: string;
  createdAt: Date;
}

/** Lays out one page after another; the cursor is the baseline area's top, in points. */
class Layout {
  readonly doc: PDFDocument;
  readonly fonts: SubsetFonts;
  readonly size: number;
  readonly left: number;
  readonly right: number;
  private readonly top: number;
  private readonly bottom: number;
  page!: PDFPage;
  y = 0;
  /** Images placed by the layout, embedded once it is done. */
  readonly images: PendingImage[] = [];

  constructor(doc: PDFDocument, fonts: SubsetFonts, template: PrintTemplate) {
    this.doc = doc;
    this.fonts = fonts;
    this.size = template.fontSizePt;
    const margins = template.page.marginsMm;
    this.left = margins.left * MM;
    this.right = A4.width - margins.right * MM;
    this.top = A4.height - margins.top * MM;
    this.bottom = margins.bottom * MM;
    this.newPage();
  }

  get width(): number {
    return this.right - this.left;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = this.top;
  }

  /** Makes room for `height` points, starting a new page when the block would not fit. */
  need(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  measure(text: string, size = this.size): number {
    return this.fonts.measure(text, size);
  }

  text(text: string, x: number, baseline: number, size = this.size, color: Color = INK): void {
    this.fonts.draw(this.page, text, x, baseline, size, color);
  }

  underline(x: number, baseline: number, width: number): void {
    const y = baseline - this.size * 0.25;
    this.page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness: 0.6, color: INK });
  }

  /** Draws wrapped runs; fields are underlined. Returns nothing: the cursor moves down. */
  runs(
    runs: readonly TextRun[],
    options: { indent?: number; size?: number; x?: number; width?: number } = {},
  ): void {
    const size = options.size ?? this.size;
    const x0 = options.x ?? this.left;
    const width = options.width ?? this.width;
    const lineHeight = size * 1.9;
    const atoms = toAtoms(
      runs,
      (text) => this.measure(text, size),
      size * 6,
      width - (options.indent ?? 0),
    );
    breakLines(atoms, width, options.indent ?? 0).forEach((line, index) => {
      this.need(lineHeight);
      const baseline = this.y - size * 1.3;
      this.drawAtoms(line.atoms, x0 + (index === 0 ? (options.indent ?? 0) : 0), baseline, size);
      this.y -= lineHeight;
    });
  }

  /** Plain atoms in one call per stretch; a field's value centred over its underline. */
  private drawAtoms(atoms: readonly Atom[], x: number, baseline: number, size: number): void {
    let stretch = '';
    let stretchX = x;
    for (const atom of atoms) {
      if (!atom.field) {
        if (!stretch) stretchX = x;
        stretch += atom.text;
      } else {
        this.text(stretch, stretchX, baseline, size);
        stretch = '';
        const textWidth = this.measure(atom.text, size);
        this.text(atom.text, x + (atom.width - textWidth) / 2, baseline, size);
        this.underline(x, baseline, atom.width);
      }
      x += atom.width;
    }
    this.text(stretch, stretchX, baseline, size);
  }
}

function drawBlock(layout: Layout, block: TemplateBlock, data: DocumentData): void {
  const lookup = (key: string) => data.values[key] ?? '';
  const fill = (text: string) => fillPlaceholders(text, lookup);
  const plain = (text: string) =>
    fill(text)
      .map((run) => run.text)
      .join('');
  const size = layout.size;
  switch (block.type) {
    case 'heading': {
      const headingSize = size * 1.6;
      const text = plain(block.text);
      layout.need(headingSize * 2.6);
      const width = layout.measure(text, headingSize);
      layout.text(
        text,
        layout.left + (layout.width - width) / 2,
        layout.y - headingSize * 1.3,
        headingSize,
      );
      layout.y -= headingSize * 2.6;
      return;
    }
    case 'subheading':
      layout.y -= size * 0.4;
      layout.runs(fill(block.text), { size: size * 1.1 });
      return;
    case 'paragraph':
      layout.runs(fill(block.text), { indent: block.indent ? layout.measure('中中') : 0 });
      return;
    case 'fields':
      for (const row of block.rows) drawFieldRow(layout, row, lookup);
      return;
    case 'signatures':
      // A label may name a party by the profile's word: 申请人或{{party.agent}}（签字）.
      drawSignatures(
        layout,
        block.items.map((item) => ({ ...item, label: plain(item.label) })),
      );
      return;
    case 'date-line': {
      const lineHeight = size * 2.4;
      layout.need(lineHeight);
      // Pre-filled from the case where it has the date (委托日期), else blanks for the pen.
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(block.field ? lookup(block.field) : '');
      const blanks = date
        ? `${block.label}：  ${date[1]} 年  ${Number(date[2])}  月  ${Number(date[3])}  日`
        : `${block.label}：        年      月      日`;
      const width = layout.measure(blanks);
      layout.text(blanks, layout.right - width - size * 2, layout.y - size * 1.3);
      layout.y -= lineHeight;
      return;
    }
    case 'materials-table':
      drawChecklist(layout, data);
      return;
    case 'table': {
      const table = data.tables?.[block.source];
      // A hall's template may name a table this document does not have: leave it out.
      if (table) drawTable(layout, table);
      return;
    }
    case 'next-steps':
      data.nextSteps.forEach((step, index) => layout.runs([{ text: `${index + 1}. ${step}` }]));
      return;
    case 'qr':
      drawQr(layout, plain(block.value), plain(block.caption), block.sizeMm * MM);
      return;
    case 'spacer':
      layout.y -= block.mm * MM;
      return;
    case 'applicant-signature':
      // Only a case the applicant signed on the screen prints it; the paper stays the record.
      if (data.applicantSignature) {
        layout.images.push({
          page: layout.page,
          ...drawSignatureFrame(layout, block.label, plain(block.caption), block.heightMm * MM),
          png: data.applicantSignature,
        });
      }
      return;
    default:
      missingCase(block);
  }
}

/** A signature image waiting for its PNG to be embedded (pdf-lib embeds asynchronously). */
interface PendingImage {
  page: PDFPage;
  x: number;
  y: number;
  width: number;
  height: number;
  png: Uint8Array;
}

/** The label, the caption and the room for the image; returns where the image goes. */
function drawSignatureFrame(
  layout: Layout,
  label: string,
  caption: string,
  height: number,
): { x: number; y: number; width: number; height: number } {
  const size = layout.size;
  const captionHeight = caption ? size * 1.6 : 0;
  layout.need(height + captionHeight + size);
  const text = `${label}：`;
  const top = layout.y - size * 0.5;
  layout.text(text, layout.left, top - size * 1.3);
  const x = layout.left + layout.measure(text) + size * 0.5;
  // The pad's image is 3:1; keep it so a name is never squeezed.
  const width = height * 3;
  if (caption) layout.text(caption, x, top - height - size * 1.1, size * 0.75, GREY);
  layout.y = top - height - captionHeight - size * 0.5;
  return { x, y: top - height, width, height };
}

function drawFieldRow(
  layout: Layout,
  row: readonly { label: string; value: string; width: number }[],
  lookup: (key: string) => string,
): void {
  const size = layout.size;
  const lineHeight = size * 2.2;
  const total = row.reduce((sum, cell) => sum + cell.width, 0);
  const gap = size;
  const usable = layout.width - gap * (row.length - 1);
  // A long value (a company name) may need a smaller size to stay on its line.
  layout.need(lineHeight);
  const baseline = layout.y - size * 1.4;
  let x = layout.left;
  for (const cell of row) {
    const cellWidth = (usable * cell.width) / total;
    const label = `${cell.label}：`;
    const labelWidth = layout.measure(label);
    layout.text(label, x, baseline);
    const fieldWidth = cellWidth - labelWidth;
    const value = lookup(cell.value);
    let valueSize = size;
    while (valueSize > 7 && layout.measure(value, valueSize) > fieldWidth - 4) valueSize -= 0.5;
    layout.text(value, x + labelWidth + 2, baseline, valueSize);
    layout.underline(x + labelWidth, baseline, fieldWidth);
    x += cellWidth + gap;
  }
  layout.y -= lineHeight;
}

function drawSignatures(layout: Layout, items: readonly { label: string; seal: boolean }[]): void {
  const size = layout.size;
  for (const item of items) {
    const sealSize = 38 * MM;
    const height = item.seal ? sealSize + size : size * 3;
    layout.need(height);
    const baseline = layout.y - size * 2;
    const label = `${item.label}：`;
    const x = layout.left + layout.width * 0.42;
    layout.text(label, x, baseline);
    layout.underline(x + layout.measure(label), baseline, layout.right - x - layout.measure(label));
    if (item.seal) {
      const boxX = layout.right - sealSize;
      const boxY = layout.y - sealSize - size * 0.5;
      layout.page.drawRectangle({
        x: boxX,
        y: boxY,
        width: sealSize,
        height: sealSize,
        borderColor: GREY,
        borderWidth: 0.5,
        borderDashArray: [3, 3],
      });
      layout.text(
        SEAL_HINT,
        boxX + (sealSize - layout.measure(SEAL_HINT, size * 0.8)) / 2,
        boxY + sealSize / 2,
        size * 0.8,
        GREY,
      );
    }
    layout.y -= height;
  }
}

function drawChecklist(layout: Layout, data: DocumentData): void {
  drawTable(layout, {
    columns: CHECKLIST_COLUMNS,
    rows: data.checklist.map((row, index) => [
      String(index + 1),
      row.label,
      row.required,
      row.recorded,
      row.recordedBy,
    ]),
  });
}

/** A ruled table: a title row, then one row per entry, cells wrapped within their column. */
function drawTable(layout: Layout, table: DocumentTable): void {
  const size = layout.size * 0.85;
  const widths = table.columns.map((column) => column.share * layout.width);
  const padding = 3;
  const lineHeight = size * 1.5;
  const rows = [table.columns.map((column) => column.title), ...table.rows];
  for (const cells of rows) {
    const wrapped = cells.map((cell, index) =>
      breakLines(
        toAtoms([{ text: cell }], (text) => layout.measure(text, size), 0),
        (widths[index] ?? 0) - padding * 2,
      ),
    );
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + padding * 2;
    layout.need(height);
    let x = layout.left;
    wrapped.forEach((lines, index) => {
      const width = widths[index] ?? 0;
      layout.page.drawRectangle({
        x,
        y: layout.y - height,
        width,
        height,
        borderColor: INK,
        borderWidth: 0.5,
      });
      lines.forEach((line, lineIndex) => {
        const text = line.atoms.map((atom) => atom.text).join('');
        layout.text(
          text,
          x + padding,
          layout.y - padding - lineHeight * lineIndex - size * 1.1,
          size,
        );
      });
      x += width;
    });
    layout.y -= height;
  }
  layout.y -= layout.size;
}

function drawQr(layout: Layout, value: string, caption: string, side: number): void {
  const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = side / count;
  const captionHeight = caption ? layout.size * 1.8 : 0;
  layout.need(side + captionHeight + layout.size);
  const x0 = layout.left;
  const top = layout.y - layout.size * 0.5;
  for (let row = 0; row < count; row += 1) {
    // One rectangle per horizontal run of dark modules keeps the page small.
    let start = -1;
    for (let col = 0; col <= count; col += 1) {
      const dark = col < count && qr.modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        layout.page.drawRectangle({
          x: x0 + start * cell,
          y: top - (row + 1) * cell,
          width: (col - start) * cell,
          height: cell,
          color: INK,
        });
        start = -1;
      }
    }
  }
  if (caption) layout.text(caption, x0, top - side - layout.size * 1.4, layout.size * 0.85, GREY);
  layout.y = top - side - captionHeight - layout.size * 0.5;
}

function drawFooters(layout: Layout, footer: string, data: DocumentData): void {
  const pages = layout.doc.getPages();
  const size = layout.size * 0.75;
  const text = fillPlaceholders(footer, (key) => data.values[key] ?? '')
    .map((run) => run.text)
    .join('');
  pages.forEach((page, index) => {
    const line = `${text}${text ? '　' : ''}第 ${index + 1} 页，共 ${pages.length} 页`;
    const width = layout.measure(line, size);
    layout.fonts.draw(page, line, (A4.width - width) / 2, 12 * MM, size, GREY);
  });
}

const fixedWording = new WeakMap<PrintTemplate, string>();
const withoutPlaceholders = (text: string) => text.replace(/\{\{[^}]*\}\}/g, '');

/** What each block prints whatever the case's values are. */
function blockWording(block: TemplateBlock): string {
  switch (block.type) {
    case 'heading':
    case 'subheading':
    case 'paragraph':
      return withoutPlaceholders(block.text);
    case 'fields':
      return block.rows
        .flat()
        .map((cell) => `${cell.label}：`)
        .join('');
    case 'signatures':
      return block.items
        .map((item) => `${withoutPlaceholders(item.label)}：${item.seal ? SEAL_HINT : ''}`)
        .join('');
    case 'date-line':
      return `${block.label}： 年月日`;
    case 'materials-table':
      return CHECKLIST_COLUMNS.map((column) => column.title).join('');
    case 'table':
      // A report's tables come with the data: their words are the document's own.
      return '';
    case 'next-steps':
      return '0123456789. ';
    case 'qr':
      return withoutPlaceholders(block.caption);
    case 'spacer':
      return '';
    case 'applicant-signature':
      return `${block.label}：${withoutPlaceholders(block.caption)}`;
    default:
      return missingCase(block);
  }
}

/**
 * Every character a template prints whatever the case: its wording, the renderer's own
 * words for its blocks, and the footer's page count. Each once, in order of first use.
 */
function fixedWordingOf(template: PrintTemplate): string {
  let chars = fixedWording.get(template);
  if (chars === undefined) {
    const wording = template.blocks.map(blockWording).join('');
    const footer = `${withoutPlaceholders(template.footer)}\u3000第 0123456789 页，共`;
    chars = [...new Set(wording + footer)].join('');
    fixedWording.set(template, chars);
  }
  return chars;
}

/**
 * Renders one template filled with one case's data into PDF bytes. The font is embedded as
 * a subset, so the text stays extractable (pdftotext gives the Chinese back) and the file
 * stays small.
 */
export async function renderPdf(
  template: PrintTemplate,
  data: DocumentData,
  font: LoadedFont,
  meta: RenderMeta,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(meta.title);
  doc.setCreator('柜台办件台');
  doc.setProducer('柜台办件台');
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  const fonts = new SubsetFonts(doc, font, fixedWordingOf(template));
  const layout = new Layout(doc, fonts, template);
  for (const block of template.blocks) drawBlock(layout, block, data);
  // Embedded after the layout (embedPng is asynchronous, the layout is not).
  for (const image of layout.images) {
    const embedded = await doc.embedPng(image.png);
    image.page.drawImage(embedded, {
      x: image.x,
      y: image.y,
      width: image.width,
      height: image.height,
    });
  }
  drawFooters(layout, template.footer, data);
  fonts.embed();
  return doc.save({ useObjectStreams: true, objectsPerTick: Infinity });
}
