import type { Printer, PrinterInfo } from '../../domain/ports/printer';
import { PrintRefused } from '../../domain/ports/printer';
import { runCommand } from './run-command';

/** Reads `lpstat -p -d` (C locale) into printers and their states. */
export function parseLpstat(output: string): PrinterInfo[] {
  const defaultName = /^system default destination: (\S+)/m.exec(output)?.[1] ?? null;
  const printers: PrinterInfo[] = [];
  for (const line of output.split('\n')) {
    const match = /^printer (\S+) (?:is )?(idle|now printing|disabled)/.exec(line);
    if (!match?.[1]) {
      const last = printers.at(-1);
      if (last && /^\s+\S/.test(line)) last.detail = `${last.detail} ${line.trim()}`.trim();
      continue;
    }
    const word = match[2];
    printers.push({
      name: match[1],
      state: word === 'idle' ? 'ready' : word === 'disabled' ? 'stopped' : 'printing',
      isDefault: match[1] === defaultName,
      detail: '',
    });
  }
  return printers;
}

/**
 * CUPS through its command-line tools (Linux: UOS, Kylin, Debian). The PDF goes to `lp` on
 * standard input, so no copy of a form with personal data is left in a temporary file.
 */
export class CupsPrinter implements Printer {
  async list(): Promise<PrinterInfo[]> {
    const result = await runCommand('lpstat', ['-p', '-d']);
    if (result.code === 127) throw new PrintRefused('no-printer', '本机未安装 CUPS 打印服务');
    return parseLpstat(result.stdout);
  }

  async print(printerName: string, pdf: Uint8Array, title: string): Promise<string> {
    const printers = await this.list().catch(() => []);
    const printer = printers.find((candidate) => candidate.name === printerName);
    if (!printer) throw new PrintRefused('not-found', printerName);
    // A job sent to a stopped queue would wait there and print unexpectedly later, next to
    // the reprint the clerk makes meanwhile: refuse it instead, the case keeps the attempt.
    if (printer.state === 'stopped') throw new PrintRefused('stopped', printer.detail);
    const result = await runCommand('lp', ['-d', printerName, '-t', title, '-'], pdf);
    const jobId = /request id is (\S+)/.exec(result.stdout)?.[1];
    if (result.code !== 0 || !jobId) {
      const message = (result.stderr || result.stdout).trim();
      if (/does not exist/i.test(message)) throw new PrintRefused('not-found', printerName);
      if (/not accepting jobs/i.test(message)) throw new PrintRefused('stopped', message);
      throw new PrintRefused('failed', message);
    }
    return jobId;
  }
}
