import type { StoreProblem } from '../contract/schemas';
import type { ServiceContext } from '../services/service-context';

/** Whether the store opened; a failure keeps the app up to explain it on screen. */
export type StartupState =
  | { kind: 'open'; services: ServiceContext }
  | { kind: 'failed'; problem: StoreProblem; dataDir: string };
