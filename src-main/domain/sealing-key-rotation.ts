/**
 * How a counter learns the platform's next sealing key without trusting the line it came
 * over. The pinned key is an X25519 HPKE key: it cannot sign, but only its holder can derive
 * HPKE's exporter secret. So the counter sets up an HPKE sender context to the key it has
 * pinned, keeps the exported secret and sends only `enc`; the platform opens the context with
 * the old private key (which it keeps anyway, to open what was sealed under it) and answers
 * its newest key with an HMAC-SHA256 under that secret over the statement below. A forged
 * answer would need the old private key. Pure: the core and the central simulator both use it.
 */

/** The exporter context of the rotation proof (HPKE's `export`). */
export const ROTATION_EXPORTER_CONTEXT = 'counter-desk sealing-key rotation v1';
/** The info of the rotation's HPKE context (distinct from the password's). */
export const ROTATION_INFO = 'counter-desk sealing-key endorsement v1';
/** Bytes of the exported secret. */
export const ROTATION_SECRET_BYTES = 32;

/** The exact text the platform's proof covers, one field per line. */
export function rotationStatement(input: {
  counterId: string;
  fromKeyId: string;
  keyId: string;
  suite: string;
  publicKey: string;
}): string {
  return [
    'counter-desk sealing-key endorsement',
    input.counterId,
    input.fromKeyId,
    input.keyId,
    input.suite,
    input.publicKey,
  ].join('\n');
}
