import { describe, expect, it } from 'vitest';
import {
  dailyRunDue,
  localDayKey,
  maskPersonalText,
  purgeCaseValues,
  retentionPeriodProblem,
} from '../../../src-main/domain/retention';

describe('daily run', () => {
  const at = (hh: number, day = 24) => new Date(2026, 10, day, hh, 5);

  it('waits for the set hour, then runs once that day', () => {
    expect(dailyRunDue(null, at(17), 18)).toBe(false);
    expect(dailyRunDue(null, at(18), 18)).toBe(true);
    expect(dailyRunDue(localDayKey(at(18)), at(23), 18)).toBe(false);
  });

  it('runs the next day again, and late when the counter was off at the hour', () => {
    expect(dailyRunDue(localDayKey(at(18)), at(20, 25), 18)).toBe(true);
    expect(dailyRunDue(localDayKey(at(18)), at(9, 25), 18)).toBe(false);
  });
});

describe('purged values', () => {
  it('masks every personal value for good and keeps the company registry data', () => {
    const purged = purgeCaseValues({
      'applicant.name': '欧阳小明',
      'applicant.idNumber': '11010519491231002X',
      'applicant.mobile': '13812345678',
      'applicant.address': '山西省太原市小店区某街道1号',
      'applicant.username': 'ouyang_2026',
      'company.name': '太原市晋阳科技有限公司',
      'company.creditCode': '91140100MA0L1234X0',
      'legalRep.name': '张伟',
    });
    expect(purged).toEqual({
      'applicant.name': '欧**明',
      'applicant.idNumber': '110***********002X',
      'applicant.mobile': '138****5678',
      'applicant.address': '山西省太原市****',
      'applicant.username': 'o******',
      'company.name': '太原市晋阳科技有限公司',
      'company.creditCode': '91140100MA0L1234X0',
      'legalRep.name': '张*',
    });
  });

  it('refuses personal data kept for less time than the attachments', () => {
    expect(retentionPeriodProblem(30, 10)).toContain('不能短于');
    expect(retentionPeriodProblem(30, 30)).toBeNull();
  });
});

describe('masking free text', () => {
  it('hides ID numbers, credit codes and mobile numbers inside a sentence', () => {
    const text = maskPersonalText(
      'idNumber=11010519491231002X；code=91140100MA0L1234X0；tel 13812345678；名称=太原',
    );
    expect(text).toBe(
      'idNumber=110***********002X；code=9114**********34X0；tel 138****5678；名称=太原',
    );
  });
});
