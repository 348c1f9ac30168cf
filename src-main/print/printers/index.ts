import type { Printer } from '../../domain/ports/printer';
import { CupsPrinter } from './cups';
import { WindowsPrinter } from './windows';

/** The printing of this operating system: the spooler on Windows, CUPS everywhere else. */
export function systemPrinter(platform: NodeJS.Platform = process.platform): Printer {
  return platform === 'win32' ? new WindowsPrinter() : new CupsPrinter();
}
