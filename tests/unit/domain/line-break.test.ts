import { describe, expect, it } from 'vitest';
import { breakLines, fillPlaceholders, toAtoms } from '../../../src-main/domain/print/line-break';

/** Every character 10 units wide: a line of 300 units holds 30 of them. */
const measure = (text: string) => [...text].length * 10;
const LINE = 300;

describe('a fill-in field longer than the line (例外审批 with a long reason)', () => {
  it('wraps within the line, each piece still underlined, instead of running past the edge', () => {
    const reason = `负责人王主任于2026年11月24日批准缺件提交，理由：${'申请人次日送回签字件'.repeat(6)}`;
    const runs = fillPlaceholders('例外审批：{{case.exception}}', (key) =>
      key === 'case.exception' ? reason : '',
    );
    const lines = breakLines(toAtoms(runs, measure, 60, LINE), LINE);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(LINE);
    const fieldText = lines
      .flatMap((line) => line.atoms.filter((atom) => atom.field).map((atom) => atom.text))
      .join('');
    expect(fieldText).toBe(reason);
  });

  it('keeps a short field whole', () => {
    const runs = fillPlaceholders('姓名：{{name}}', () => '张三');
    const atoms = toAtoms(runs, measure, 60, LINE);
    expect(atoms.filter((atom) => atom.field)).toHaveLength(1);
  });
});
