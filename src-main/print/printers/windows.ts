import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Printer, PrinterInfo } from '../../domain/ports/printer';
import { PrintRefused } from '../../domain/ports/printer';
import { runCommand } from './run-command';

interface Win32Printer {
  Name: string;
  Default: boolean;
  WorkOffline: boolean;
  PrinterStatus: number;
}

const powershell = (script: string) =>
  runCommand('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);

/**
 * The Windows spooler, through PowerShell: printers from Win32_Printer, and the PDF handed
 * to the registered PDF application's PrintTo verb (which feeds the spooler). Not testable
 * on the Linux build machine; README says what a Windows counter needs.
 */
export class WindowsPrinter implements Printer {
  async list(): Promise<PrinterInfo[]> {
    const result = await powershell(
      'Get-CimInstance Win32_Printer | Select-Object Name,Default,WorkOffline,PrinterStatus | ConvertTo-Json',
    );
    if (result.code !== 0) throw new PrintRefused('failed', result.stderr.trim());
    const parsed = JSON.parse(result.stdout || '[]') as Win32Printer | Win32Printer[];
    return (Array.isArray(parsed) ? parsed : [parsed]).map((printer) => ({
      name: printer.Name,
      // Win32_Printer.PrinterStatus: 3 idle, 4 printing, 7 offline.
      state:
        printer.WorkOffline || printer.PrinterStatus === 7
          ? 'stopped'
          : printer.PrinterStatus === 4
            ? 'printing'
            : 'ready',
      isDefault: printer.Default,
      detail: printer.WorkOffline ? '脱机' : '',
    }));
  }

  async print(printerName: string, pdf: Uint8Array, title: string): Promise<string> {
    const printer = (await this.list()).find((candidate) => candidate.name === printerName);
    if (!printer) throw new PrintRefused('not-found', printerName);
    if (printer.state === 'stopped') throw new PrintRefused('stopped', printer.detail);
    // The PrintTo verb needs a file; it lives in a private folder only for the call.
    const dir = mkdtempSync(join(tmpdir(), 'counter-print-'));
    const file = join(dir, `${title.replace(/[\\/:*?"<>|]/g, '_')}.pdf`);
    try {
      writeFileSync(file, pdf, { mode: 0o600 });
      const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
      const result = await powershell(
        `Start-Process -FilePath ${quoted(file)} -Verb PrintTo -ArgumentList ${quoted(`"${printerName}"`)} -Wait`,
      );
      if (result.code !== 0) throw new PrintRefused('failed', result.stderr.trim());
      return `${printerName}:${Date.now()}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
