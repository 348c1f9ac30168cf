import { encodeCommand } from '../../src-main/devices/idcard/commands';
import { ReaderClient } from '../../src-main/devices/idcard/reader-client';
import { SerialLink } from '../../src-main/devices/idcard/serial-link';
import { openPtyPair } from '../../tests/helpers/pty-pair';
import { sampleCard, servePtyReader } from '../../tests/simulators/idcard/pty-reader';
import type { Figure } from '../results';
import { idcardFaultReportMs } from './devices-browser';

const READS = 60;
const BAUD = 115_200;
const BITS_PER_BYTE = 10; // 8N1: start bit, eight data bits, stop bit

/**
 * Suite `idcard`: complete reads (find + select + read + parse) over a socat pty with an
 * instant simulator. A pty does not throttle to the baud rate, so the measured time is the
 * software's own (both ends, the kernel and the binding); the wire time is computed from the
 * bytes a read moves at 115200 8N1, which is what a real serial reader adds on top.
 */
export async function runIdcardSuite(): Promise<Figure[]> {
  const pty = await openPtyPair();
  const reader = await servePtyReader(pty.device);
  const link = await SerialLink.open({ path: pty.host });
  const client = new ReaderClient(link);
  const times: number[] = [];
  try {
    for (let read = 0; read < READS + 5; read += 1) {
      reader.simulator.placeCard(sampleCard());
      const started = process.hrtime.bigint();
      await client.readCard();
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (read >= 5) times.push(elapsed); // the first reads warm the JIT and the binding
      reader.simulator.liftCard();
    }
  } finally {
    await link.close();
    await reader.close();
    await pty.unplug();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const overhead = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const commandBytes = (['findCard', 'selectCard', 'readBase'] as const)
    .map((command) => encodeCommand(command).length)
    .reduce((a, b) => a + b, 0);
  const replyBytes = 15 + 19 + 1295; // find OK, select OK, basic info (IDCARD.md §1-2)
  const wire = ((commandBytes + replyBytes) * BITS_PER_BYTE * 1000) / BAUD;
  return [
    { name: 'idcard_read_overhead_ms', value: Number(overhead.toFixed(2)), unit: 'ms' },
    { name: 'idcard_wire_ms', value: Number(wire.toFixed(1)), unit: 'ms' },
    { name: 'idcard_overhead_ratio', value: Number((overhead / wire).toFixed(4)), unit: 'x' },
    await idcardFaultReportMs(),
  ];
}
