import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentData } from '../../src-main/domain/print/document-data';
import { parsePrintTemplate } from '../../src-main/domain/print/print-template';
import { loadFont } from '../../src-main/print/font';
import { renderPdf } from '../../src-main/print/render-pdf';
import { launchChromium } from '../../tests/helpers/chromium';
import type { Figure } from '../results';
import { measurePreviewFirstMs } from './print-preview';

const ROOT = join(import.meta.dirname, '..', '..');
/** Runs measured once warm; the renderer first runs WARM_UP times so V8 has optimised it. */
const WARM_RUNS = 100;
const WARM_UP = 30;
const CHROMIUM_RUNS = 20;

const values: Record<string, string> = {
  'company.name': '太原市晋阳科技有限公司',
  'company.creditCode': '91140104MA0H5D6E7X',
  'legalRep.name': '李秀英',
  'legalRep.idNumber': '140100196803020425',
  'legalRep.mobile': '13912345678',
  'agent.name': '赵敏',
  'agent.idNumber': '140106199011080241',
  'agent.mobile': '13812345678',
  'portal.name': '山西省政务服务网',
  'case.purpose': '用户注册',
  'case.number': '0001-20261124-0007',
  'print.copy': '首次打印',
};

const data: DocumentData = { values, checklist: [], nextSteps: [] };

/** The same 附录2 as HTML, set the way the template sets it, for Chromium's print-to-PDF. */
function letterHtml(): string {
  const v = (key: string) => `<u>&nbsp;${values[key] ?? ''}&nbsp;</u>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    @page { size: A4; margin: 25mm 25mm 25mm 28mm; }
    body { font-family: 'AR PL SungtiL GB', serif; font-size: 12pt; line-height: 1.9; }
    h1 { text-align: center; font-size: 19pt; font-weight: normal; }
    p.indent { text-indent: 2em; } .field { border-bottom: 0.6pt solid #000; }
    .sign { margin-left: 42%; } footer { text-align: center; font-size: 9pt; color: #777; }
  </style></head><body>
  <h1>法人授权委托书</h1>
  <p class="field">委托单位：${values['company.name']}</p>
  <p class="field">统一社会信用代码：${values['company.creditCode']}</p>
  <p class="field">法定代表人：${values['legalRep.name']}</p>
  <p class="field">身份证号码：${values['legalRep.idNumber']} 电话：${values['legalRep.mobile']}</p>
  <p class="field">受委托人姓名：${values['agent.name']}</p>
  <p class="field">身份证号码：${values['agent.idNumber']} 电话：${values['agent.mobile']}</p>
  <p class="indent">我${v('legalRep.name')}（姓名）是${v('company.name')}（委托单位名称）的法定代表人，现授权上述受委托人代我单位办理在${v('portal.name')}的${v('case.purpose')}事项（用户注册、用户登录、用户修改）。受委托人在办理过程中处理的相关事务，我单位均予承认。</p>
  <p class="indent">受委托人不得转委托他人办理。本委托书自委托之日起一个月内有效。</p>
  <p class="indent">特此委托。</p>
  <p class="sign">委托单位名称（公章）：＿＿＿＿＿＿</p>
  <p class="sign">法定代表人（签字）：＿＿＿＿＿＿</p>
  <p class="sign">委托日期：  年  月  日</p>
  <footer>办件编号 ${values['case.number']} 首次打印 第 1 页，共 1 页</footer>
  </body></html>`;
}

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Suite `print`: one-page 附录2 through the app's renderer (first document after start, then
 * warm) and through headless Chromium's print-to-PDF on equivalent HTML, browser warm; and
 * the clerk's first print preview in the browser shell.
 */
export async function runPrintSuite(): Promise<Figure[]> {
  const template = parsePrintTemplate(
    JSON.parse(readFileSync(join(ROOT, 'templates', 'shanxi', 'letter-legal.json'), 'utf8')),
    'letter-legal.json',
  );
  const fontPath = join(ROOT, 'resources', 'fonts', 'gbsn00lp.ttf');
  const meta = { title: '法人授权委托书', createdAt: new Date('2026-11-24T09:30:00+08:00') };

  // First document of the process: the font is read and parsed, the code is cold.
  const firstStart = performance.now();
  const first = await renderPdf(template, data, loadFont(fontPath), meta);
  const firstMs = performance.now() - firstStart;

  const ours: number[] = [];
  let oursBytes = first.length;
  for (let run = 0; run < WARM_UP + WARM_RUNS; run += 1) {
    const start = performance.now();
    const pdf = await renderPdf(template, data, loadFont(fontPath), meta);
    if (run >= WARM_UP) ours.push(performance.now() - start);
    oursBytes = pdf.length;
  }

  const browser = await launchChromium();
  const chromium: number[] = [];
  let chromiumBytes = 0;
  try {
    const page = await browser.newPage();
    await page.setContent(letterHtml());
    for (let run = 0; run < CHROMIUM_RUNS + 3; run += 1) {
      const start = performance.now();
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      if (run >= 3) chromium.push(performance.now() - start);
      chromiumBytes = pdf.length;
    }
  } finally {
    await browser.close();
  }

  const previewFirstMs = await measurePreviewFirstMs();
  const oursWarm = median(ours);
  const chromiumWarm = median(chromium);
  return [
    { name: 'pdf_letter_warm_ms', value: Number(oursWarm.toFixed(2)), unit: 'ms' },
    { name: 'chromium_letter_warm_ms', value: Number(chromiumWarm.toFixed(2)), unit: 'ms' },
    {
      name: 'pdf_speedup_vs_chromium',
      value: Number((chromiumWarm / oursWarm).toFixed(1)),
      unit: 'x',
    },
    { name: 'pdf_first_ms', value: Number(firstMs.toFixed(1)), unit: 'ms' },
    // From the click on 预览 to the first page drawn by pdf.js in Chromium; goal <= 800.
    { name: 'preview_first_ms', value: previewFirstMs, unit: 'ms' },
    {
      name: 'pdf_bytes_vs_chromium_ratio',
      value: Number((oursBytes / chromiumBytes).toFixed(2)),
      unit: 'ratio',
    },
  ];
}
