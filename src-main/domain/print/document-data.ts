/** One row of the printed materials checklist. */
export interface ChecklistRow {
  label: string;
  /** What the rule asks: original inspected, copy archived, signed or sealed by whom. */
  required: string;
  /** What the clerk recorded, in words. */
  recorded: string;
  /** Who recorded it and when, or empty. */
  recordedBy: string;
}

/** A table of a report: column titles with their share of the width, then rows of text. */
export interface DocumentTable {
  columns: readonly { title: string; share: number }[];
  rows: readonly (readonly string[])[];
}

/**
 * Everything a template may print for one case: the placeholder values (`company.name`,
 * `case.number`, `print.copy`...), the checklist rows and the receipt's next steps.
 */
export interface DocumentData {
  values: Readonly<Record<string, string>>;
  checklist: readonly ChecklistRow[];
  nextSteps: readonly string[];
  /** The tables a `table` block names (reports); absent for a case's forms. */
  tables?: Readonly<Record<string, DocumentTable>>;
  /** The PNG the applicant signed on their screen, where the document prints it. */
  applicantSignature?: Uint8Array | null;
}
