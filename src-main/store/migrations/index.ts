import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createUsers } from './0001-create-users';
import { createAuditLog } from './0002-create-audit-log';
import { createSettings } from './0003-create-settings';
import { createCases } from './0004-create-cases';
import { createPrintJobs } from './0005-create-print-jobs';
import { createCaseCaKeys } from './0006-create-case-ca-keys';
import { createOutbox } from './0007-create-outbox';
import { indexCasesForStats } from './0008-index-cases-for-stats';
import { addArchiveRetention } from './0009-add-archive-retention';
import { addCaseAssignmentAndAnchors } from './0010-case-assignment-and-anchors';
import { addCaseFieldLocks } from './0011-add-case-field-locks';
import { addAuditHashVersion } from './0012-add-audit-hash-version';
import { createCaseApplicant } from './0013-create-case-applicant';
import { createCaseCardPhotos } from './0014-create-case-card-photos';
import { createCaseSignatures } from './0015-create-case-signatures';
import type { Migration } from './migration';

/** Every migration in order; append only. */
export const migrations: readonly Migration[] = [
  createUsers,
  createAuditLog,
  createSettings,
  createCases,
  createPrintJobs,
  createCaseCaKeys,
  createOutbox,
  indexCasesForStats,
  addArchiveRetention,
  addCaseAssignmentAndAnchors,
  addCaseFieldLocks,
  addAuditHashVersion,
  createCaseApplicant,
  createCaseCardPhotos,
  createCaseSignatures,
];

/** The schema version this build of the app writes. */
export const latestSchemaVersion = migrations.length;

/** Thrown when the file was written by a newer app: never downgrade or reset it silently. */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`database schema ${found} is newer than supported ${supported}`);
  }
}

/** Reads PRAGMA user_version. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to date, each migration in its own transaction with its version. */
export function migrate(db: Database, list: readonly Migration[] = migrations): number {
  const current = schemaVersion(db);
  if (current > list.length) throw new NewerSchemaError(current, list.length);
  for (const migration of list.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}
