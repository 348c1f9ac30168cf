import type { AgentRegistry } from './agent-registry';

/** One attempt of a case as the platform receives it (resources/central-api.openapi.yaml). */
export interface CaseSubmission {
  caseNumber: string;
  attempt: number;
  profileId: string;
  ruleVersion: string;
  caseType: { operation: string; subjectType: string; delegated: boolean };
  values: Record<string, string>;
  /** What the applicant did on their own screen, with the sealed password when one was set. */
  applicant?: {
    confirmedAt: string | null;
    consentVersion: string | null;
    sealedPassword: { keyId: string; enc: string; ct: string } | null;
    /** An account operation's secrets (激活, 升级), sealed together as one JSON object. */
    sealedSecrets?: { keyId: string; enc: string; ct: string } | null;
    /** The evaluation (好差评) when the applicant rated before the case was sent. */
    rating: string | null;
  };
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
 * The platform's public key for sealing applicants' passwords (HPKE X25519), pinned by the
 * counter at registration; `keyId` names it so the platform knows which private key opens it.
 */
export interface PlatformSealingKey {
  keyId: string;
  suite: string;
  /** The raw 32-byte X25519 public key, base64. */
  publicKey: string;
}

/** The platform's newest sealing key and its HMAC proof (base64) under the pinned key. */
export interface SealingKeyEndorsement {
  key: PlatformSealingKey;
  proof: string;
}

/** The applicant's evaluation of one case, as the platform receives it. */
export interface CaseRating {
  level: string;
  reasons: string[];
  text: string | null;
  ratedAt: string;
}

/** What the platform answers to a registration (older platforms answer nothing). */
export interface RegistrationReceipt {
  sealingKey: PlatformSealingKey | null;
}

/**
 * The province's platform as the counter sees it (STYLE.md D). The HTTP adapter lives in
 * sync/; tests use it against the central simulator.
 */
export interface CentralPlatform extends AgentRegistry {
  /** Registers this counter's public key; once per counter, by the supervisor. */
  registerCounter(registration: CounterRegistration): Promise<RegistrationReceipt | void>;
  /** The applicant's evaluation (好差评) of a case the platform has received; idempotent. */
  sendRating?(caseNumber: string, rating: CaseRating): Promise<void>;
  /** The current sealing key, for counters registered before the platform handed it out. */
  sealingKey?(): Promise<PlatformSealingKey>;
  /** The current sealing key with a proof made with the pinned one (sealing-key-rotation.ts). */
  sealingKeyEndorsement?(fromKeyId: string, enc: string): Promise<SealingKeyEndorsement>;
  /** Makes sure the platform holds the whole file (resuming a partial upload). */
  uploadAttachment(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Sends one attempt; the same key always yields the same answer. */
  submitCase(idempotencyKey: string, submission: CaseSubmission): Promise<PlatformAnswer>;
  /** The current answer for an attempt, pulled until it is final. */
  caseStatus(caseNumber: string, attempt: number): Promise<PlatformAnswer>;
}

/**
 * A checkpoint of the counter's audit chain: the last row's id and hash at a moment, signed
 * with the counter's key. The platform keeps every one it receives, so a chain rewritten
 * later on the counter (by someone holding the store key) no longer matches them.
 */
export interface AuditAnchor {
  auditId: number;
  hash: string;
  /** When the counter took the checkpoint (ISO-8601 UTC). */
  at: string;
  reason: 'interval' | 'submit';
  /** Ed25519 over auditAnchorText(), base64. */
  signature: string;
}

/** The exact text an anchor's signature covers, one field per line. */
export function auditAnchorText(
  counterId: string,
  anchor: Pick<AuditAnchor, 'auditId' | 'hash' | 'at'>,
): string {
  return `AUDIT-ANCHOR\n${counterId}\n${anchor.auditId}\n${anchor.hash}\n${anchor.at}`;
}

/** The platform's side of audit anchoring (resources/central-api.openapi.yaml). */
export interface AuditAnchorPlatform {
  /** Hands one checkpoint to the platform; sending the same one again is harmless. */
  sendAuditAnchor(anchor: AuditAnchor): Promise<void>;
  /** Every checkpoint the platform holds for this counter, oldest first. */
  auditAnchors(): Promise<AuditAnchor[]>;
}
