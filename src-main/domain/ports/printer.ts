/** A printer the counter can send documents to, as the operating system reports it. */
export interface PrinterInfo {
  name: string;
  state: 'ready' | 'printing' | 'stopped' | 'unknown';
  isDefault: boolean;
  /** The system's own words about the state, e.g. why a queue was stopped. */
  detail: string;
}

/** Why a print did not reach the printer. */
export type PrintFailure = 'no-printer' | 'not-found' | 'stopped' | 'failed';

/** A refusal from the print system, with the reason the clerk can act on. */
export class PrintRefused extends Error {
  constructor(
    readonly reason: PrintFailure,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** The operating system's printing (CUPS on Linux, the spooler on Windows). */
export interface Printer {
  list(): Promise<PrinterInfo[]>;
  /** Sends one PDF; resolves with the system's job id, or rejects with PrintRefused. */
  print(printerName: string, pdf: Uint8Array, title: string): Promise<string>;
}
