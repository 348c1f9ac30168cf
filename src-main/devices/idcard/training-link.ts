import type { ByteLink } from './reader-client';
import type { ReaderSimulator } from './simulator/reader-simulator';

/**
 * The training reader: the reader simulator behind an in-process link, so the counter can
 * be demonstrated and clerks trained without hardware.
 */
export class TrainingLink implements ByteLink {
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();

  constructor(private readonly simulator: ReaderSimulator) {}

  write(bytes: Uint8Array): Promise<void> {
    for (const reply of this.simulator.receive(bytes)) {
      const deliver = () => {
        for (const listener of this.listeners) listener(reply.bytes);
      };
      if (reply.delayMs > 0) setTimeout(deliver, reply.delayMs);
      else queueMicrotask(deliver);
    }
    return Promise.resolve();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
