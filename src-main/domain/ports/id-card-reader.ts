import type { IdCard } from '../id-card';

/**
 * What went wrong while waiting for a card, each with its own words on screen:
 * the reader said nothing, its answer stopped halfway, its answer failed the checksum, it
 * was unplugged, it cannot be found, or it refused or could not read the card itself.
 */
export type ReaderFault =
  'no-answer' | 'cut-off' | 'bad-data' | 'disconnected' | 'not-found' | 'card-refused';

/** What a card reader tells the screens. */
export type ReaderEvent =
  | { kind: 'reader-connected' }
  | { kind: 'reader-lost'; message: string }
  | { kind: 'card-read'; card: IdCard }
  | { kind: 'read-failed'; fault: ReaderFault; message: string };

/** A card reader as the core sees it, whatever the transport (DESIGN.md, Devices). */
export interface IdCardReader {
  /** Starts polling for a card while the returned release function has not been called. */
  want(): () => void;
  /** Subscribes to the reader's events; returns the unsubscribe function. */
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  /** Stops polling and closes the connection. */
  close(): Promise<void>;
}
