import ExcelJS from 'exceljs';

/** One row of the export's index: a case and its checklist summary, already masked or not. */
export interface ExportIndexRow {
  caseNumber: string;
  caseType: string;
  state: string;
  clerk: string;
  subject: string;
  subjectKey: string;
  createdAt: string;
  updatedAt: string;
  materials: number;
  originalsSeen: number;
  copiesArchived: number;
  signed: number;
  missing: string;
  exception: string;
  platformAnswer: string;
  checklistPdf: string;
  /** The applicant's evaluation (好差评), or '未评价'. */
  rating: string;
}

/** The index's columns, in order, with the Chinese headers a supervisor reads. */
export const EXPORT_INDEX_COLUMNS: readonly {
  key: keyof ExportIndexRow;
  header: string;
  width: number;
}[] = [
  { key: 'caseNumber', header: '办件编号', width: 22 },
  { key: 'caseType', header: '办理事项', width: 30 },
  { key: 'state', header: '状态', width: 10 },
  { key: 'clerk', header: '受理柜员', width: 12 },
  { key: 'subject', header: '申请主体', width: 28 },
  { key: 'subjectKey', header: '证件号码/统一社会信用代码', width: 24 },
  { key: 'createdAt', header: '受理时间', width: 20 },
  { key: 'updatedAt', header: '最后变更时间', width: 20 },
  { key: 'materials', header: '应收材料', width: 10 },
  { key: 'originalsSeen', header: '原件已核验', width: 10 },
  { key: 'copiesArchived', header: '复印件已存档', width: 12 },
  { key: 'signed', header: '已签字·盖章', width: 12 },
  { key: 'missing', header: '缺件情况', width: 40 },
  { key: 'exception', header: '例外审批', width: 30 },
  { key: 'platformAnswer', header: '平台答复', width: 30 },
  { key: 'checklistPdf', header: '核验清单文件', width: 36 },
  { key: 'rating', header: '服务评价', width: 12 },
];

/**
 * The XLSX index written row by row with exceljs's streaming writer: each committed row goes
 * to disk at once, so 10,000 cases never sit in memory as a workbook.
 */
export class XlsxIndexWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(filename: string, title: string) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.creator = '柜台办件台';
    this.workbook.title = title;
    this.sheet = this.workbook.addWorksheet('办件清单', {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    this.sheet.columns = EXPORT_INDEX_COLUMNS.map((column) => ({
      header: column.header,
      key: column.key,
      width: column.width,
    }));
    this.sheet.getRow(1).font = { bold: true };
    this.sheet.getRow(1).commit();
  }

  /** Writes one case's row. */
  add(row: ExportIndexRow): void {
    this.sheet.addRow(EXPORT_INDEX_COLUMNS.map((column) => row[column.key])).commit();
  }

  /** Finishes the workbook file. */
  async finish(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }

  /** Nothing to let go of on this thread. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
