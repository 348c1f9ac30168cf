import type { AgentRegistry } from './agent-registry';

/** One attempt of a case as the platform receives it (resources/central-api.openapi.yaml). */
export interface CaseSubmission {
  caseNumber: string;
  attempt: number;
  profileId: string;
  ruleVersion: string;
  caseType: { operation: string; subjectType: string; delegated: boolean };
  values: Record<string, string>;
  attachments: {
    sha256: string;
    itemCode: string;
    fileName: string;
    mimeType: string;
    size: number;
  }[];
}

/** The platform's answer to one attempt: final (accepted, refused) or still under review. */
export type PlatformAnswer =
  | { status: 'accepted'; platformCaseId: string; message: string | null }
  | { status: 'refused'; code: string; message: string }
  | { status: 'manual-review'; platformCaseId: string; message: string };

/** Why a call did not get an answer; `retryable` says whether the same call may succeed later. */
export type PlatformFailureKind =
  | 'unreachable' // refused, reset, timed out: the platform or the network is down
  | 'busy' // 429 / 503 with Retry-After
  | 'server-error' // other 5xx
  | 'rejected'; // a 4xx the same request will get again (bad signature, unknown counter)

/** A call that got no answer, with what the counter should do about it. */
export class PlatformCallError extends Error {
  constructor(
    readonly kind: PlatformFailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'PlatformCallError';
  }
}

/** The counter's registration with the platform. */
export interface CounterRegistration {
  counterId: string;
  hallCode: string;
  publicKey: string;
  enrolmentCode: string;
}

/**
 * The province's platform as the counter sees it (STYLE.md D). The HTTP adapter lives in
 * sync/; tests use it against the central simulator.
 */
export interface CentralPlatform extends AgentRegistry {
  /** Registers this counter's public key; once per counter, by the supervisor. */
  registerCounter(registration: CounterRegistration): Promise<void>;
  /** Makes sure the platform holds the whole file (resuming a partial upload). */
  uploadAttachment(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Sends one attempt; the same key always yields the same answer. */
  submitCase(idempotencyKey: string, submission: CaseSubmission): Promise<PlatformAnswer>;
  /** The current answer for an attempt, pulled until it is final. */
  caseStatus(caseNumber: string, attempt: number): Promise<PlatformAnswer>;
}
