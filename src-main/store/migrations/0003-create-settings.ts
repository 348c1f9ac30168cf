import type { Migration } from './migration';

/** Counter-wide settings as key/value rows, each value JSON. */
export const createSettings: Migration = {
  version: 3,
  name: 'create-settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
