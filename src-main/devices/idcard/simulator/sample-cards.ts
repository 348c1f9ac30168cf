import { encodeCardText } from '../card-text';
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
