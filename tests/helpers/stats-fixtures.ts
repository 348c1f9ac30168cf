import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { caseEventLabels } from '../../src-main/domain/case-state';
import type { CaseState } from '../../src-main/domain/case-state';
import type { ProvinceProfile } from '../../src-main/domain/profile';
import { deriveKey } from '../../src-main/store/crypto/key-hierarchy';
import { KeyFileSecretStore } from '../../src-main/store/key-file-secret-store';
import { openDatabase } from '../../src-main/store/open-database';
import { insertCase, setCaseState } from '../../src-main/store/repositories/cases';
import {
  enqueueAttempt,
  listOpenEntries,
  recordProgress,
} from '../../src-main/store/repositories/outbox';

/** A second connection to a core's encrypted database, for seeding through the repositories. */
export function openSeedConnection(dataDir: string): Database {
  const master = new KeyFileSecretStore(dataDir).loadMasterKey();
  if (!master) throw new Error('no master key: open the core first');
  return openDatabase(dataDir, deriveKey(master, 'database'));
}

/** One attempt's answer from the platform, as the outbox stores it. */
export type SeedAnswer =
  | { status: 'accepted' }
  | { status: 'refused'; code: string; message: string }
  | { status: 'manual-review' };

/** A case as the statistics should see it: who, when, which type, where it stands now. */
export interface SeedCase {
  clerkId: number;
  /** The hall's local day, YYYY-MM-DD. */
  day: string;
  type: { operation: string; subjectType: string; delegated: boolean };
  state: CaseState;
  /** When it was opened, ISO-8601. */
  createdAt: string;
  /** The attempts sent to the platform: when each was submitted and what came back. */
  attempts?: { at: string; answer: SeedAnswer | null }[];
}

let sequence = 0;

/** Writes cases, their outbox attempts and answers through the repositories. */
export function seedCases(
  db: Database,
  profile: ProvinceProfile,
  cases: readonly SeedCase[],
): void {
  db.transaction(() => {
    for (const seed of cases) {
      const caseType = profile.caseTypes.find(
        (item) =>
          item.key.operation === seed.type.operation &&
          item.key.subjectType === seed.type.subjectType &&
          item.key.delegated === seed.type.delegated,
      );
      if (!caseType) throw new Error(`no case type ${JSON.stringify(seed.type)}`);
      sequence += 1;
      const day = seed.day.replaceAll('-', '');
      const caseId = insertCase(db, {
        caseNumber: `SEED-${day}-${String(sequence).padStart(4, '0')}`,
        hallCode: 'SEED',
        day,
        sequence,
        profileId: profile.id,
        ruleVersion: profile.ruleVersion,
        ...seed.type,
        title: caseType.title,
        state: 'draft',
        materials: caseType.materials,
        forms: caseType.forms,
        clerkId: seed.clerkId,
        now: seed.createdAt,
      });
      for (const attempt of seed.attempts ?? []) {
        const number = enqueueAttempt(db, {
          caseId,
          idempotencyKey: randomUUID(),
          now: attempt.at,
          nowMs: Date.parse(attempt.at),
        });
        const entry = listOpenEntries(db, 10_000).find(
          (item) => item.caseId === caseId && item.attempt === number,
        );
        if (!entry) throw new Error('attempt not queued');
        if (attempt.answer) {
          recordProgress(db, entry.id, {
            phase: attempt.answer.status === 'manual-review' ? 'poll' : 'done',
            nextAt: Date.parse(attempt.at),
            answer: JSON.stringify(attempt.answer),
            now: attempt.at,
          });
        }
      }
      const last = seed.attempts?.at(-1);
      setCaseState(db, caseId, seed.state, last?.at ?? seed.createdAt, {
        cancelReason: seed.state === 'cancelled' ? caseEventLabels.cancel : undefined,
      });
    }
  })();
}
