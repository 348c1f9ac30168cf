/**
 * The central simulator as a process of its own, for demonstrations, training and the bench:
 *
 *   npm run central -- --port 4830 [--db central.sqlite] [--review-ms 60000] [--latency-ms 0]
 *
 * Prints "ready <url>" once listening. Counters register with the enrolment code
 * TRAINING-0000. Faults can be switched on while it runs: POST /__admin/faults with e.g.
 * {"rates":{"reset":0.1}} or {"latencyMs":500}; counts at GET /__admin/stats.
 */
import { CentralSimulator } from './central-simulator';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const simulator = new CentralSimulator({
  port: Number(option('port', '4830')),
  dbPath: option('db', ':memory:'),
  faults: {
    manualReviewMs: Number(option('review-ms', '60000')),
    latencyMs: Number(option('latency-ms', '0')),
  },
});
await simulator.start();
console.log(`ready ${simulator.url}`);
console.log('柜台登记码：TRAINING-0000');
const shutdown = () => void simulator.close().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
