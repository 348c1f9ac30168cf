import type { Migration } from './migration';

/**
 * The supervisor's statistics  group the cases of a period of days by clerk, state
 * and case type. One index led by the hall's local day (the middle of the case number) and
 * holding every grouped column answers those counts from the index alone, without reading
 * the cases' rows (and their encrypted-at-rest JSON).
 */
export const indexCasesForStats: Migration = {
  version: 8,
  name: 'index-cases-for-stats',
  up(db) {
    db.exec(`
      CREATE INDEX cases_day_stats
        ON cases (day, clerk_id, state, operation, subject_type, delegated);
    `);
  },
};
