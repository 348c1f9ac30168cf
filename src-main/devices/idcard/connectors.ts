import { ReaderClient } from './reader-client';
import type { ConnectReader } from './reader-service';
import { detectReaderPort } from './serial-detect';
import { SerialLink } from './serial-link';
import type { ReaderSimulator } from './simulator/reader-simulator';
import { TrainingLink } from './training-link';

/** A connector for a serial reader on a port, or on whichever port answers like a reader. */
export function serialConnector(options: { path: string; baudRate: number }): ConnectReader {
  return async () => {
    const path = options.path || (await detectReaderPort(options.baudRate));
    if (!path) throw new Error('未找到身份证读卡器，请检查读卡器是否插好。');
    const link = await SerialLink.open({ path, baudRate: options.baudRate });
    return {
      client: new ReaderClient(link),
      onLost: (listener) => link.onClose(listener),
      close: () => link.close(),
    };
  };
}

/** A connector for the training reader over the given simulator. */
export function trainingConnector(simulator: ReaderSimulator): ConnectReader {
  return () =>
    Promise.resolve({
      client: new ReaderClient(new TrainingLink(simulator)),
      onLost: () => undefined,
      close: () => Promise.resolve(),
    });
}
