import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

/** Two linked pseudo-terminals from socat: what one end writes, the other reads. */
export interface PtyPair {
  host: string;
  device: string;
  /** Pulls the plug: socat exits and both ends go away. */
  unplug(): Promise<void>;
}

/** Starts `socat pty,raw,echo=0 pty,raw,echo=0` and reads the two device paths it prints. */
export function openPtyPair(): Promise<PtyPair> {
  const socat: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    socat.once('error', reject);
    socat.stderr?.setEncoding('utf8');
    socat.stderr?.on('data', (chunk: string) => {
      text += chunk;
      const paths = [...text.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((match) => match[1]);
      if (paths.length === 2 && paths[0] && paths[1] && text.includes('starting data transfer')) {
        resolve({
          host: paths[0],
          device: paths[1],
          unplug: () =>
            new Promise((done) => {
              if (socat.exitCode !== null || socat.signalCode !== null) return done();
              socat.once('exit', () => done());
              socat.kill('SIGKILL');
            }),
        });
      }
    });
  });
}
