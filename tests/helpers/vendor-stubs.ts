import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

const STUBS = join(import.meta.dirname, '..', 'fixtures', 'sdt-stub');

/** The stand-ins for a reader vendor's libraries, each under a name the vendors ship. */
const SOURCES = {
  sdt: { source: 'sdtapi-stub.c', fileName: 'libsdtapi.so' },
  wlt: { source: 'wlt2bmp-stub.c', fileName: 'libwlt2bmp.so' },
} as const;

/**
 * Builds a vendor library stub with gcc into `folder` (mode 0755, as an installer leaves it)
 * and returns its path. The SDT stub speaks SAM frames over the pty named by SDT_STUB_PORT.
 */
export function buildVendorStub(kind: keyof typeof SOURCES, folder: string): string {
  const { source, fileName } = SOURCES[kind];
  const library = join(folder, fileName);
  execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-o', library, join(STUBS, source)]);
  chmodSync(library, 0o755);
  return library;
}
