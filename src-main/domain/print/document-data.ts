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

/**
 * Everything a template may print for one case: the placeholder values (`company.name`,
 * `case.number`, `print.copy`...), the checklist rows and the receipt's next steps.
 */
export interface DocumentData {
  values: Readonly<Record<string, string>>;
  checklist: readonly ChecklistRow[];
  nextSteps: readonly string[];
}
