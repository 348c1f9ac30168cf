/** A case number's parts: hall code, local day YYYYMMDD, sequence within the day. */
export interface CaseNumberParts {
  hallCode: string;
  day: string;
  sequence: number;
}

const CASE_NUMBER = /^([0-9A-Z]{4,12})-(\d{8})-(\d{4,})$/;

/**
 * The number an applicant quotes at the counter or on the phone: hall code, the counter's
 * local date and a four-digit daily sequence, e.g. '0001-20261124-0007'.
 */
export function formatCaseNumber(hallCode: string, day: Date, sequence: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const date = `${day.getFullYear()}${pad(day.getMonth() + 1, 2)}${pad(day.getDate(), 2)}`;
  return `${hallCode}-${date}-${pad(sequence, 4)}`;
}

/** Reads a case number back into its parts, or null when it is not one. */
export function parseCaseNumber(text: string): CaseNumberParts | null {
  const match = CASE_NUMBER.exec(text.trim().toUpperCase());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { hallCode: match[1], day: match[2], sequence: Number(match[3]) };
}
