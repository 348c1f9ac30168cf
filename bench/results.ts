import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One measured figure. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/** Prints figures as `name: value unit` and merges them into bench/results.json. */
export function recordFigures(path: string, figures: readonly Figure[]): void {
  const existing: Record<string, { value: number; unit: string }> = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, { value: number; unit: string }>)
    : {};
  for (const figure of figures) {
    console.log(`${figure.name}: ${figure.value} ${figure.unit}`);
    existing[figure.name] = { value: figure.value, unit: figure.unit };
  }
  writeFileSync(path, `${JSON.stringify(existing, null, 2)}\n`);
}
