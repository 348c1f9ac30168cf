import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The database file inside the data folder. */
export const DATABASE_FILE = 'counter.db';

/**
 * Whether the data folder already holds a store, answered without opening it (no native
 * module, no key): a shell can tell a counter that was set up from a first run while the core
 * still loads.
 */
export function storeExists(dataDir: string): boolean {
  return existsSync(join(dataDir, DATABASE_FILE));
}
