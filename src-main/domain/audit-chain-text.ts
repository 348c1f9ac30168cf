/** What a chain check found, in the words of the audit screen and the CSV export's head. */
export interface ChainFindings {
  intact: boolean;
  rowsChecked: number;
  problems: readonly { id: number; reason: string }[];
  problemCount: number;
  gaps: readonly { fromId: number; toId: number }[];
  legacyIllFormedIds: readonly number[];
}

const LISTED = 20;

function gapText(gap: { fromId: number; toId: number }): string {
  return gap.fromId === gap.toId ? `第 ${gap.fromId} 条` : `第 ${gap.fromId}–${gap.toId} 条`;
}

/**
 * One line per finding: every broken row with its reason and every run of missing ids
 * (the first 20 of each; the counts say how many there are in all).
 */
export function chainFindingLines(findings: ChainFindings): string[] {
  const lines: string[] = [];
  if (findings.gaps.length > 0) {
    const listed = findings.gaps.slice(0, LISTED).map(gapText).join('、');
    const more = findings.gaps.length > LISTED ? ` 等 ${findings.gaps.length} 处` : '';
    lines.push(`缺失记录：${listed}${more}`);
  }
  for (const problem of findings.problems.slice(0, LISTED)) {
    lines.push(`第 ${problem.id} 条：${problem.reason}`);
  }
  if (findings.problemCount > LISTED) {
    lines.push(`另有 ${findings.problemCount - LISTED} 条异常记录未列出。`);
  }
  if (findings.legacyIllFormedIds.length > 0) {
    const ids = findings.legacyIllFormedIds.slice(0, LISTED).join('、');
    lines.push(
      `第 ${ids} 条由旧版本写入，含不完整字符（显示为 �）；按存储的原始字节校验与哈希相符，不是改动。`,
    );
  }
  return lines;
}

/** The chain check in one line: intact with the count, or every break. */
export function chainSummary(findings: ChainFindings): string {
  if (findings.intact) return `完整（共校验 ${findings.rowsChecked} 条）`;
  return `异常（共 ${findings.problemCount} 条异常记录）：${chainFindingLines(findings).join('；')}`;
}
