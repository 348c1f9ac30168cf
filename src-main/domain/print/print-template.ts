import { z } from 'zod';
import type { FormKind } from '../profile';
import { formKinds } from '../profile';

/**
 * A printable document as data: a hall replaces a template file to use its official
 * wording; the code only lays the blocks out. Text may hold `{{key}}` placeholders, which are
 * filled from the case and drawn as underlined fill-in fields.
 */

const textWithPlaceholders = z.string();

/** Documents about the counter rather than one case: the supervisor's daily report. */
export const reportKinds = ['daily-report'] as const;
/** A report document's kind. */
export type ReportKind = (typeof reportKinds)[number];
/** Every kind of template file: a case's forms and the counter's reports. */
export type TemplateKind = FormKind | ReportKind;

const fieldCellSchema = z.object({
  label: z.string(),
  /** A placeholder key such as `company.name`; its value is drawn above an underline. */
  value: z.string().min(1),
  /** Share of the row's width; cells of one row share it in proportion. */
  width: z.number().positive().default(1),
});

/** One block of a template, laid out top to bottom. */
export const templateBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: textWithPlaceholders }),
  z.object({ type: z.literal('subheading'), text: textWithPlaceholders }),
  z.object({
    type: z.literal('paragraph'),
    text: textWithPlaceholders,
    /** Two-character first-line indent, as Chinese official letters are set. */
    indent: z.boolean().default(true),
  }),
  z.object({ type: z.literal('fields'), rows: z.array(z.array(fieldCellSchema).min(1)).min(1) }),
  z.object({
    type: z.literal('signatures'),
    items: z
      .array(
        z.object({
          label: z.string().min(1),
          /** Draw a dashed box for a seal beside the signature line. */
          seal: z.boolean().default(false),
        }),
      )
      .min(1),
  }),
  z.object({
    type: z.literal('date-line'),
    label: z.string().min(1),
    /** The case field (YYYY-MM-DD) printed into the blanks when it is set, e.g. letter.date. */
    field: z.string().min(1).optional(),
  }),
  z.object({ type: z.literal('materials-table') }),
  /** A table the document's data supplies under this name (a report's figures). */
  z.object({ type: z.literal('table'), source: z.string().min(1) }),
  z.object({ type: z.literal('next-steps') }),
  z.object({
    type: z.literal('qr'),
    value: textWithPlaceholders,
    caption: textWithPlaceholders.default(''),
    sizeMm: z.number().min(15).max(60).default(28),
  }),
  z.object({ type: z.literal('spacer'), mm: z.number().min(0).max(100) }),
  /**
   * The signature the applicant drew on their own screen, where the case has one (nothing is
   * printed otherwise): the label, the image, and a caption under it.
   */
  z.object({
    type: z.literal('applicant-signature'),
    label: z.string().min(1).default('申请人签名'),
    caption: textWithPlaceholders.default(''),
    heightMm: z.number().min(10).max(40).default(18),
  }),
]);
export type TemplateBlock = z.infer<typeof templateBlockSchema>;

/** A whole template file. */
export const printTemplateSchema = z.object({
  kind: z.enum([...formKinds, ...reportKinds]),
  /** The document's name on screen and in the print queue. */
  title: z.string().min(1),
  page: z
    .object({
      size: z.literal('A4').default('A4'),
      marginsMm: z
        .object({
          top: z.number().min(5).max(60),
          right: z.number().min(5).max(60),
          bottom: z.number().min(5).max(60),
          left: z.number().min(5).max(60),
        })
        .default({ top: 25, right: 25, bottom: 25, left: 28 }),
    })
    .default({ size: 'A4', marginsMm: { top: 25, right: 25, bottom: 25, left: 28 } }),
  fontSizePt: z.number().min(8).max(20).default(12),
  blocks: z.array(templateBlockSchema).min(1),
  /** Printed at the foot of every page, e.g. the case number and the print count. */
  footer: textWithPlaceholders.default(''),
});
export type PrintTemplate = z.infer<typeof printTemplateSchema>;

/** A template set's `set.json`: a province may reuse another set and override single files. */
export const templateSetSchema = z.object({
  extends: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .optional(),
  description: z.string().default(''),
});
export type TemplateSet = z.infer<typeof templateSetSchema>;

/**
 * Parses a template file's JSON; a broken file fails with a Chinese message naming the path
 * of the first problem so that the hall's technician can fix it.
 */
export function parsePrintTemplate(json: unknown, fileName: string): PrintTemplate {
  const result = printTemplateSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') || '(根)';
    throw new Error(`打印模板 ${fileName} 第 ${path} 项有误：${issue?.message ?? '格式不正确'}`);
  }
  return result.data;
}
