import type { TrainingCard } from '../../../contract/idcard-channels';
import { residentIdCheckChar } from '../../../domain/validators/resident-id';
import { encodeCardText } from '../card-text';
import { missingCase } from '../../../domain/missing-case';
import type { SimulatedCard } from './reader-simulator';

/**
 * A resident ID card of a fictitious person, for the training reader and the tests. The
 * number is GB 11643's own worked example (IDCARD.md §5.1), so it passes the check digit.
 */
export function sampleCard(
  overrides: { name?: string; idNumber?: string; validTo?: string } = {},
): SimulatedCard {
  return {
    text: encodeCardText([
      [0, 30, overrides.name ?? '张三'],
      [30, 2, '2'],
      [32, 4, '01'],
      [36, 16, '19491231'],
      [52, 70, '北京市西城区示例街道1号'],
      [122, 36, overrides.idNumber ?? '11010519491231002X'],
      [158, 30, '北京市公安局西城分局'],
      [188, 16, '20100101'],
      [204, 16, overrides.validTo ?? '长期'],
    ]),
    photo: new Uint8Array(1024).fill(0x57),
  };
}

/** A number with its GB 11643 check character (the permit numbers 81/82/83 use it too). */
function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/** The training reader's cards: the people a trainee meets in a day at the counter. */
export function trainingSampleCard(which: TrainingCard): SimulatedCard {
  switch (which) {
    case 'delegator':
      return sampleCard();
    case 'agent':
      // Issued at 29: a 20-year card, valid until 2040.
      return {
        text: encodeCardText([
          [0, 30, '李四'],
          [30, 2, '1'],
          [32, 4, '01'],
          [36, 16, '19901108'],
          [52, 70, '山西省太原市小店区示例路8号'],
          [122, 36, withCheck('14010519901108031')],
          [158, 30, '太原市公安局小店分局'],
          [188, 16, '20200301'],
          [204, 16, '20400301'],
        ]),
        photo: new Uint8Array(1024).fill(0x58),
      };
    case 'expired':
      // Issued at 20: a 10-year card that ran out in 2016.
      return {
        text: encodeCardText([
          [0, 30, '王五'],
          [30, 2, '1'],
          [32, 4, '01'],
          [36, 16, '19860315'],
          [52, 70, '山西省太原市迎泽区示例街3号'],
          [122, 36, withCheck('14010619860315051')],
          [158, 30, '太原市公安局迎泽分局'],
          [188, 16, '20060501'],
          [204, 16, '20160501'],
        ]),
        photo: new Uint8Array(1024).fill(0x59),
      };
    case 'permit':
      // 港澳台居民居住证 (type 'J'): an 81 number for a Hong Kong resident, five years.
      return {
        text: encodeCardText([
          [0, 30, '陈大文'],
          [30, 2, '1'],
          [36, 16, '19880620'],
          [52, 70, '山西省太原市杏花岭区示例巷5号'],
          [122, 36, withCheck('81000019880620001')],
          [158, 30, '太原市公安局杏花岭分局'],
          [188, 16, '20230601'],
          [204, 16, '20280601'],
          [220, 18, 'H12345678'],
          [238, 4, '01'],
          [248, 2, 'J'],
        ]),
        photo: new Uint8Array(1024).fill(0x5a),
      };
    default:
      return missingCase(which);
  }
}
