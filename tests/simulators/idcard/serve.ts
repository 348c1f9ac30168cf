/**
 * The simulated reader as a process of its own on a serial device path, for demonstrations
 * and for tests that want the far end outside the test's process:
 *
 *   node --import tsx tests/simulators/idcard/serve.ts /dev/pts/7 [--card-after-ms 500]
 *
 * It prints "ready" once the port is open, places the sample card after the given delay,
 * and answers until it is killed.
 */
import { sampleCard } from '../../../src-main/devices/idcard/simulator/sample-cards';
import { servePtyReader } from './pty-reader';

const [path, flag, value] = process.argv.slice(2);
if (!path) {
  console.error('usage: serve.ts <device path> [--card-after-ms N]');
  process.exit(2);
}
const reader = await servePtyReader(path);
const delay = flag === '--card-after-ms' ? Number(value) : 0;
setTimeout(() => reader.simulator.placeCard(sampleCard()), delay);
console.log('ready');
process.on('SIGTERM', () => {
  void reader.close().then(() => process.exit(0));
});
