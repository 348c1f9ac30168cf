import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import type {
  AccountDirectory,
  AccountLookupAnswer,
  AccountQuery,
  ActivationCodeAnswer,
  ActivationRequest,
} from '../domain/ports/account-directory';
import type { Institution } from '../domain/institutions';
import { identityDocuments } from '../domain/validators/identity-document';
import type { AgentAction, CompanyAgents, InstitutionAction } from '../domain/ports/agent-registry';
import type { Clock } from '../domain/ports/clock';
import type {
  AuditAnchor,
  AuditAnchorPlatform,
  CaseSubmission,
  CentralPlatform,
  CaseRating,
  CounterRegistration,
  PlatformAnswer,
  PlatformSealingKey,
  SealingKeyEndorsement,
  RegistrationReceipt,
} from '../domain/ports/central-platform';
import { PlatformCallError } from '../domain/ports/central-platform';
import { accountLookupAnswerSchema, activationCodeAnswerSchema } from './account-lookup-schema';
import type { RequestSigner } from './request-signer';

/** Chunks of a resumable upload; small enough that a dropped line loses little. */
export const UPLOAD_CHUNK_BYTES = 256 * 1024;

const answerSchema = z.object({
  idempotencyKey: z.string(),
  caseNumber: z.string(),
  attempt: z.number().int(),
  platformCaseId: z.string().optional(),
  status: z.enum(['accepted', 'refused', 'manual-review']),
  refusal: z.object({ code: z.string(), message: z.string() }).optional(),
  message: z.string().optional(),
});

const progressSchema = z.object({
  sha256: z.string(),
  received: z.number().int(),
  total: z.number().int(),
  complete: z.boolean(),
});

const problemSchema = z.object({ code: z.string(), message: z.string() });

const institutionsSchema = z.array(
  z.object({
    institutionNumber: z.string(),
    name: z.string(),
    type: z.string(),
    opened: z.boolean(),
    admin: z
      .object({
        name: z.string(),
        idType: z.enum(identityDocuments),
        idNumber: z.string(),
        mobile: z.string(),
      })
      .nullable(),
  }),
);

const companyAgentsSchema = z.object({
  creditCode: z.string(),
  companyName: z.string(),
  legalRep: z.object({ name: z.string(), idNumber: z.string(), mobile: z.string() }),
  holders: z.array(
    z.object({
      agentId: z.string(),
      role: z.enum(['legal-rep', 'administrator', 'agent']),
      name: z.string(),
      idNumber: z.string(),
      mobile: z.string(),
      status: z.enum(['active', 'pending']),
      periodFrom: z.string().nullable(),
      periodTo: z.string().nullable(),
      idValidFrom: z.string().nullable(),
      idValidTo: z.string().nullable(),
      canManage: z.boolean(),
    }),
  ),
});

const anchorListSchema = z.object({
  anchors: z.array(
    z.object({
      auditId: z.number().int(),
      hash: z.string(),
      at: z.string(),
      reason: z.enum(['interval', 'submit']),
      signature: z.string(),
    }),
  ),
});

const sealingKeySchema = z.object({
  keyId: z.string().min(1).max(100),
  suite: z.string().min(1).max(100),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How the HTTP adapter reaches the platform. */
export interface HttpPlatformOptions {
  baseUrl: string;
  signer: () => RequestSigner | null;
  clock: Clock;
  /** Sockets kept open to the platform; as many as the worker sends at once. */
  maxSockets?: number;
  timeoutMs?: number;
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now. */
function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** A reply's problem code and message, or the HTTP status when the body says nothing. */
function problemOf(reply: Reply): { code: string; message: string } {
  try {
    return problemSchema.parse(JSON.parse(reply.body.toString('utf8')));
  } catch {
    return { code: `HTTP_${reply.status}`, message: `平台返回 HTTP ${reply.status}` };
  }
}

function toAnswer(raw: z.infer<typeof answerSchema>): PlatformAnswer {
  switch (raw.status) {
    case 'accepted':
      return {
        status: 'accepted',
        platformCaseId: raw.platformCaseId ?? '',
        message: raw.message ?? null,
      };
    case 'manual-review':
      return {
        status: 'manual-review',
        platformCaseId: raw.platformCaseId ?? '',
        message: raw.message ?? '您的信息已提交！将于1个工作日内完成比对，请耐心等待。',
      };
    case 'refused':
      return {
        status: 'refused',
        code: raw.refusal?.code ?? 'UNKNOWN',
        message: raw.refusal?.message ?? raw.message ?? '平台退回',
      };
  }
}

/**
 * The central platform over HTTP(S) with keep-alive sockets, every request signed
 * (resources/central-api.openapi.yaml). Failures become PlatformCallError with what the
 * outbox needs to decide: retry soon, wait for Retry-After, or stop.
 */
export class HttpCentralPlatform implements CentralPlatform, AuditAnchorPlatform, AccountDirectory {
  private readonly url: URL;
  private readonly agent: HttpAgent;

  constructor(private readonly options: HttpPlatformOptions) {
    this.url = new URL(options.baseUrl);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8 };
    this.agent =
      this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private send(
    method: string,
    path: string,
    body: Uint8Array,
    extraHeaders: Record<string, string> = {},
    signed = true,
  ): Promise<Reply> {
    const fullPath = `${this.url.pathname.replace(/\/$/, '')}${path}`;
    const headers: Record<string, string> = { ...extraHeaders };
    if (signed) {
      const signer = this.options.signer();
      if (!signer) {
        return Promise.reject(
          new PlatformCallError('rejected', '本柜台尚未在平台登记', null, 'NOT_REGISTERED'),
        );
      }
      Object.assign(
        headers,
        signer.headers(method, fullPath, body, this.options.clock.now().getTime()),
      );
    }
    if (body.length > 0) headers['content-length'] = String(body.length);
    const requestFn = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Reply>((resolve, reject) => {
      const req = requestFn(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: fullPath,
          headers,
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', (error) => reject(this.unreachable(error)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => reject(this.unreachable(error)));
      req.end(body.length > 0 ? body : undefined);
    });
  }

  private unreachable(error: Error): PlatformCallError {
    const code = (error as NodeJS.ErrnoException).code;
    return new PlatformCallError('unreachable', `无法连接平台（${code ?? error.message}）`);
  }

  /** Turns a non-2xx reply into the error the outbox acts on. */
  private failure(reply: Reply): PlatformCallError {
    const problem = problemOf(reply);
    const nowMs = this.options.clock.now().getTime();
    if (reply.status === 429 || reply.status === 503) {
      return new PlatformCallError(
        'busy',
        `平台繁忙（${problem.message}）`,
        retryAfterMs(reply.headers['retry-after'], nowMs),
        problem.code,
      );
    }
    if (reply.status >= 500) {
      return new PlatformCallError(
        'server-error',
        `平台内部错误（HTTP ${reply.status}）`,
        null,
        problem.code,
      );
    }
    return new PlatformCallError('rejected', problem.message, null, problem.code);
  }

  private json(value: unknown): Buffer {
    return Buffer.from(JSON.stringify(value));
  }

  /** Parses a reply body, calling a malformed one a server error so it is retried. */
  private parse<T>(schema: z.ZodType<T>, reply: Reply): T {
    try {
      return schema.parse(JSON.parse(reply.body.toString('utf8')));
    } catch {
      throw new PlatformCallError('server-error', '平台答复格式不正确');
    }
  }

  async registerCounter(registration: CounterRegistration): Promise<RegistrationReceipt> {
    const reply = await this.send(
      'POST',
      '/v1/counters',
      this.json(registration),
      { 'content-type': 'application/json' },
      false,
    );
    if (reply.status !== 201 && reply.status !== 200) throw this.failure(reply);
    // An older platform answers without a key; the counter then asks for it on first use.
    let body: unknown = null;
    try {
      body = JSON.parse(reply.body.toString('utf8')) as unknown;
    } catch {
      body = null;
    }
    const parsed = z.object({ sealingKey: sealingKeySchema }).safeParse(body);
    return { sealingKey: parsed.success ? parsed.data.sealingKey : null };
  }

  async sendRating(caseNumber: string, rating: CaseRating): Promise<void> {
    const reply = await this.send(
      'POST',
      `/v1/cases/${encodeURIComponent(caseNumber)}/rating`,
      this.json(rating),
      { 'content-type': 'application/json' },
    );
    if (reply.status !== 200 && reply.status !== 201) throw this.failure(reply);
  }

  async sealingKey(): Promise<PlatformSealingKey> {
    const reply = await this.send('GET', '/v1/sealing-key', new Uint8Array());
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(sealingKeySchema, reply);
  }

  async sealingKeyEndorsement(fromKeyId: string, enc: string): Promise<SealingKeyEndorsement> {
    const reply = await this.send(
      'POST',
      '/v1/sealing-key/endorsement',
      this.json({ fromKeyId, enc }),
      { 'content-type': 'application/json' },
    );
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(
      z.object({ key: sealingKeySchema, proof: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) }),
      reply,
    );
  }

  async uploadAttachment(sha256: string, bytes: Uint8Array): Promise<void> {
    const progressReply = await this.send('GET', `/v1/attachments/${sha256}`, new Uint8Array());
    if (progressReply.status !== 200) throw this.failure(progressReply);
    let progress = this.parse(progressSchema, progressReply);
    // A platform that holds more than we have, or a different total, means a stale upload.
    let offset = progress.total === bytes.length ? progress.received : 0;
    if (progress.complete && progress.total === bytes.length) return;
    while (offset < bytes.length) {
      const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      const reply = await this.send(
        'PUT',
        `/v1/attachments/${sha256}?offset=${offset}&total=${bytes.length}`,
        chunk,
        { 'content-type': 'application/octet-stream' },
      );
      if (reply.status === 409) {
        // Out of step (a chunk landed but its reply was lost): resume where the platform is.
        offset = this.parse(z.object({ progress: progressSchema }), reply).progress.received;
        continue;
      }
      if (reply.status !== 200) throw this.failure(reply);
      progress = this.parse(progressSchema, reply);
      if (progress.complete) return;
      offset = progress.received;
    }
  }

  async submitCase(idempotencyKey: string, submission: CaseSubmission): Promise<PlatformAnswer> {
    const reply = await this.send('POST', '/v1/cases', this.json(submission), {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    });
    if (reply.status !== 200) throw this.failure(reply);
    const answer = this.parse(answerSchema, reply);
    // A reply for another request (a duplicated reply left on the socket) is not our answer.
    if (
      answer.idempotencyKey !== idempotencyKey ||
      answer.caseNumber !== submission.caseNumber ||
      answer.attempt !== submission.attempt
    ) {
      throw new PlatformCallError('server-error', '收到的答复不属于本次提交，已丢弃');
    }
    return toAnswer(answer);
  }

  async caseStatus(caseNumber: string, attempt: number): Promise<PlatformAnswer> {
    const reply = await this.send(
      'GET',
      `/v1/cases/${encodeURIComponent(caseNumber)}/attempts/${attempt}`,
      new Uint8Array(),
    );
    if (reply.status !== 200) throw this.failure(reply);
    const answer = this.parse(answerSchema, reply);
    if (answer.caseNumber !== caseNumber || answer.attempt !== attempt) {
      throw new PlatformCallError('server-error', '收到的答复不属于本次查询，已丢弃');
    }
    return toAnswer(answer);
  }

  /** 查找账号: answered at once by the platform, never queued (no case is involved). */
  async lookupAccount(query: AccountQuery): Promise<AccountLookupAnswer> {
    const reply = await this.send('POST', '/v1/accounts/lookup', this.json(query), {
      'content-type': 'application/json',
    });
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(accountLookupAnswerSchema, reply);
  }

  /** 账号激活: the platform checks the account and sends a code to its reserved phone. */
  async sendActivationCode(request: ActivationRequest): Promise<ActivationCodeAnswer> {
    const reply = await this.send('POST', '/v1/activations/sms', this.json(request), {
      'content-type': 'application/json',
    });
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(activationCodeAnswerSchema, reply);
  }

  async companyAgents(profileId: string, creditCode: string): Promise<CompanyAgents | null> {
    const reply = await this.send(
      'GET',
      `/v1/companies/${encodeURIComponent(creditCode)}/agents?profile=${encodeURIComponent(profileId)}`,
      new Uint8Array(),
    );
    if (reply.status === 404 && problemOf(reply).code === 'COMPANY_NOT_FOUND') return null;
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(companyAgentsSchema, reply);
  }

  async changeAgents(
    profileId: string,
    creditCode: string,
    action: AgentAction,
  ): Promise<CompanyAgents> {
    const reply = await this.send(
      'POST',
      `/v1/companies/${encodeURIComponent(creditCode)}/agents`,
      this.json({ profileId, ...action }),
      { 'content-type': 'application/json' },
    );
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(companyAgentsSchema, reply);
  }

  async companyInstitutions(profileId: string, creditCode: string): Promise<Institution[]> {
    const reply = await this.send(
      'GET',
      `/v1/companies/${encodeURIComponent(creditCode)}/institutions?profile=${encodeURIComponent(profileId)}`,
      new Uint8Array(),
    );
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(institutionsSchema, reply);
  }

  async changeInstitutions(
    profileId: string,
    creditCode: string,
    action: InstitutionAction,
  ): Promise<Institution[]> {
    const reply = await this.send(
      'POST',
      `/v1/companies/${encodeURIComponent(creditCode)}/institutions`,
      this.json({ profileId, ...action }),
      { 'content-type': 'application/json' },
    );
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(institutionsSchema, reply);
  }

  async sendAuditAnchor(anchor: AuditAnchor): Promise<void> {
    const reply = await this.send('POST', '/v1/audit-anchors', this.json(anchor), {
      'content-type': 'application/json',
    });
    if (reply.status !== 201 && reply.status !== 200) throw this.failure(reply);
  }

  async auditAnchors(): Promise<AuditAnchor[]> {
    const reply = await this.send('GET', '/v1/audit-anchors', new Uint8Array());
    if (reply.status !== 200) throw this.failure(reply);
    return this.parse(anchorListSchema, reply).anchors;
  }
}
