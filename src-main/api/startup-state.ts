import type { StoreProblem } from '../contract/schemas';
import type { ServiceContext } from '../services/shared/service-context';

/** Whether the store opened; a failure keeps the app up to explain it on screen. */
export type StartupState =
  | {
      kind: 'open';
      services: ServiceContext;
      /** Stops the desks' workers and closes the store (the core closing). */
      stop(): void;
    }
  | { kind: 'failed'; problem: StoreProblem; dataDir: string };
