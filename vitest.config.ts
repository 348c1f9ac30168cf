import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Four projects: pure units, the Electron shell against a fake `electron`, integration, e2e. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: ['tests/unit/shell-electron/**'],
          environment: 'node',
        },
      },
      {
        // GitHub Desktop's trick: the Electron API is replaced by a recording fake, so the
        // shell's wiring (window options, handlers, IPC) is tested where no binary exists.
        resolve: { alias: { electron: resolve(import.meta.dirname, 'tests/fakes/electron.ts') } },
        test: {
          name: 'electron',
          include: ['tests/unit/shell-electron/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A screen that answers in 1.5 s on a busy 2-core CI machine is not a failure: a
          // poll waits up to 10 s (a real fault still fails, only later); Playwright's own
          // waits already allow 30 s.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
