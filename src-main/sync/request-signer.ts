import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

/** An Ed25519 key pair as stored: SPKI and PKCS#8 DER, base64. */
export interface CounterKeyPair {
  publicKey: string;
  privateKey: string;
}

/** Makes the counter's own key pair; the private half never leaves the encrypted store. */
export function generateCounterKeyPair(): CounterKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/** The SHA-256 of a body as lowercase hex (the empty body hashes too). */
export function bodyHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The bytes a request's signature covers (resources/central-api.openapi.yaml, Signing):
 * method, path with query, timestamp and body hash, one per line.
 */
export function signedText(method: string, path: string, timestamp: string, body: Uint8Array) {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${bodyHash(body)}`;
}

/** Signs requests with the counter's private key. */
export class RequestSigner {
  private readonly key;

  constructor(
    readonly counterId: string,
    privateKeyBase64: string,
  ) {
    this.key = createPrivateKey({
      key: Buffer.from(privateKeyBase64, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
  }

  /** Signs any text with the counter's key (an audit anchor), base64. */
  signText(text: string): string {
    return sign(null, Buffer.from(text), this.key).toString('base64');
  }

  /** The three headers that prove which counter sent this request, and when. */
  headers(method: string, path: string, body: Uint8Array, nowMs: number): Record<string, string> {
    const timestamp = String(nowMs);
    const signature = sign(null, Buffer.from(signedText(method, path, timestamp, body)), this.key);
    return {
      'x-counter-id': this.counterId,
      'x-timestamp': timestamp,
      'x-signature': signature.toString('base64'),
    };
  }
}
