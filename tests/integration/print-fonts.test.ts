import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentData } from '../../src-main/domain/print/document-data';
import { parsePrintTemplate } from '../../src-main/domain/print/print-template';
import { loadFont } from '../../src-main/print/font';
import { renderPdf } from '../../src-main/print/render-pdf';
import { pdfPageCount, pdfText } from '../helpers/pdf-tools';

const ROOT = join(import.meta.dirname, '..', '..');
const template = parsePrintTemplate(
  JSON.parse(readFileSync(join(ROOT, 'templates', 'shanxi', 'letter-legal.json'), 'utf8')),
  'letter-legal.json',
);
const font = loadFont(join(ROOT, 'resources', 'fonts', 'gbsn00lp.ttf'));
const meta = { title: '法人授权委托书', createdAt: new Date('2026-11-24T09:30:00+08:00') };

function letterFor(values: Record<string, string>): Promise<Uint8Array> {
  const data: DocumentData = { values, checklist: [], nextSteps: [] };
  return renderPdf(template, data, font, meta);
}

/** pdffonts' table: one line per font, with embedded / subset / ToUnicode flags. */
function fontLines(pdf: Uint8Array): string[] {
  return execFileSync('pdffonts', ['-'], { input: pdf })
    .toString('utf8')
    .split('\n')
    .slice(2)
    .filter(Boolean);
}

const compact = (text: string) => text.replace(/\s+/g, '');

describe('the forms embed the Song face as subsets poppler reads', () => {
  it('gives back each copy its own names, though the wording is prepared once for all', async () => {
    const first = await letterFor({
      'company.name': '大同市云冈煤业有限公司',
      'agent.name': '褚卫东',
    });
    const second = await letterFor({
      'company.name': '晋城市沁水蓝焰股份公司',
      'agent.name': '龚雪',
    });

    const firstText = compact(pdfText(first));
    const secondText = compact(pdfText(second));
    expect(firstText).toContain('大同市云冈煤业有限公司');
    expect(firstText).toContain('褚卫东');
    expect(firstText).toContain('受委托人不得转委托他人办理。本委托书自委托之日起一个月内有效。');
    expect(secondText).toContain('晋城市沁水蓝焰股份公司');
    expect(secondText).toContain('龚雪');
    expect(secondText).not.toContain('褚卫东');
    for (const pdf of [first, second]) {
      expect(pdfPageCount(pdf)).toBe(1);
      const lines = fontLines(pdf);
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes yes yes/);
    }
  });

  it('keeps a value readable around a character the font does not have', async () => {
    // 𠀀 lies outside GB 2312, which the Song face covers.
    const pdf = await letterFor({ 'agent.name': '李𠀀明', 'agent.mobile': '13812345678' });

    const text = compact(pdfText(pdf));
    expect(text).toContain('李');
    expect(text).toContain('明');
    expect(text).toContain('13812345678');
  });

  it('needs no second font when every character of the values is in the wording', async () => {
    const pdf = await letterFor({ 'case.purpose': '用户注册', 'agent.name': '委托人' });

    expect(fontLines(pdf)).toHaveLength(1);
    expect(compact(pdfText(pdf))).toContain('用户注册');
  });
});
