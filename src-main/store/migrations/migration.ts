import type { Database } from 'better-sqlite3-multiple-ciphers';

/** One numbered schema change; shipped migrations are never edited (STYLE.md C). */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
