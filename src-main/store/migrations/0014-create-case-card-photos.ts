import type { Migration } from './migration';

/**
 * The photo of each person's ID card read into a case: the card's own 1,024 WLT bytes,
 * sealed in the attachment vault like a scan (only its hash is here), one per party.
 */
export const createCaseCardPhotos: Migration = {
  version: 14,
  name: 'create-case-card-photos',
  up(db) {
    db.exec(`
      CREATE TABLE case_card_photos (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        party TEXT NOT NULL,
        photo_sha256 TEXT NOT NULL,
        card_kind TEXT NOT NULL,
        read_at TEXT NOT NULL,
        PRIMARY KEY (case_id, party)
      ) STRICT;
      CREATE INDEX case_card_photos_by_hash ON case_card_photos (photo_sha256);
    `);
  },
};
