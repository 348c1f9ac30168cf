import type { IdCard } from '../id-card';

/** What a card reader tells the screens (issue 4, item 3). */
export type ReaderEvent =
  | { kind: 'reader-connected' }
  | { kind: 'reader-lost'; message: string }
  | { kind: 'card-read'; card: IdCard }
  | { kind: 'read-failed'; message: string };

/** A card reader as the core sees it, whatever the transport (DESIGN.md, Devices). */
export interface IdCardReader {
  /** Starts polling for a card while the returned release function has not been called. */
  want(): () => void;
  /** Subscribes to the reader's events; returns the unsubscribe function. */
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  /** Stops polling and closes the connection. */
  close(): Promise<void>;
}
