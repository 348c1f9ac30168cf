import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { ProvinceProfile } from '../../../src-main/domain/profile';
import { AccountDirectoryModule } from './account-directory';
import { ApplicantAccounts } from './applicant-accounts';
import { AgentRegistrySim } from './agents-registry';
import { InstitutionsRegistrySim } from './institutions-registry';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The faults the simulator can inject: each one a way a real line misbehaves. */
export type CentralFault =
  | 'server-error' // 500 before anything is stored
  | 'reset' // the connection drops before the request is handled
  | 'lost-reply' // the platform commits, then the connection drops before the reply
  | 'duplicate-reply' // the reply is written twice on the connection
  | 'busy'; // 503 with Retry-After

/** What to inject: one-off faults for the next matching requests, and random rates. */
export interface FaultPlan {
  latencyMs: number;
  retryAfterSeconds: number;
  /** Probability per platform request (0..1) of each fault, for the chaos tests. */
  rates: Partial<Record<CentralFault, number>>;
  /** Case numbers that always get a 500: a stuck case. */
  stuckCases: string[];
  /** Manual reviews finish this long after submission (sim clock). */
  manualReviewMs: number;
}

interface QueuedFault {
  fault: CentralFault;
  pathPrefix: string;
  remaining: number;
}

/** How a simulator starts. */
export interface CentralSimulatorOptions {
  port?: number;
  /** The platform's clock (ms); tests pass the core's manual clock. */
  now?: () => number;
  enrolmentCodes?: string[];
  dbPath?: string;
  random?: () => number;
  faults?: Partial<FaultPlan>;
}

/** Counts for the exactly-once checks. */
export interface CentralStats {
  submissions: number;
  distinctAttempts: number;
  duplicates: number;
  accepted: number;
  refused: number;
  manualReview: number;
  requests: number;
  faultsInjected: number;
}

interface SubmissionBody {
  caseNumber: string;
  attempt: number;
  profileId: string;
  ruleVersion: string;
  caseType: { operation: string; subjectType: string; delegated: boolean };
  values: Record<string, string>;
  attachments: { sha256: string }[];
}

interface StoredSubmission {
  idempotency_key: string;
  request_hash: string;
  case_number: string;
  attempt: number;
  status: string;
  refusal_code: string | null;
  message: string | null;
  platform_case_id: string;
  review_due_at: number | null;
  updated_at: number;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A counter's signed checkpoint of its audit chain (POST /v1/audit-anchors). */
interface AuditAnchorBody {
  auditId: number;
  hash: string;
  at: string;
  reason: 'interval' | 'submit';
  signature: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS counters (counter_id TEXT PRIMARY KEY, public_key TEXT NOT NULL,
    hall_code TEXT NOT NULL, registered_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS submissions (idempotency_key TEXT PRIMARY KEY,
    counter_id TEXT NOT NULL, request_hash TEXT NOT NULL, case_number TEXT NOT NULL,
    attempt INTEGER NOT NULL, profile_id TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
    refusal_code TEXT, message TEXT, platform_case_id TEXT NOT NULL,
    review_due_at INTEGER, review_outcome TEXT, updated_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS submissions_case ON submissions (case_number, attempt);
  CREATE TABLE IF NOT EXISTS attachments (sha256 TEXT PRIMARY KEY, total INTEGER NOT NULL,
    received INTEGER NOT NULL, data BLOB NOT NULL, complete INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS accounts (kind TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (kind, value));
  CREATE TABLE IF NOT EXISTS bindings (company TEXT NOT NULL, mobile TEXT NOT NULL,
    holder TEXT NOT NULL, PRIMARY KEY (company, mobile));
  CREATE TABLE IF NOT EXISTS agent_apps (company TEXT NOT NULL, agent TEXT NOT NULL,
    status TEXT NOT NULL, idempotency_key TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS agent_apps_key ON agent_apps (company, agent, status);
  CREATE TABLE IF NOT EXISTS rejections (company TEXT NOT NULL, agent TEXT NOT NULL,
    day TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (company, agent, day));
  CREATE TABLE IF NOT EXISTS audit_anchors (counter_id TEXT NOT NULL, audit_id INTEGER NOT NULL,
    hash TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL, signature TEXT NOT NULL,
    received_at INTEGER NOT NULL, PRIMARY KEY (counter_id, audit_id));
`;

function loadProfileFiles(): Map<string, ProvinceProfile> {
  const dir = join(ROOT, 'resources', 'profiles');
  const profiles = new Map<string, ProvinceProfile>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProvinceProfile;
    profiles.set(profile.id, profile);
  }
  return profiles;
}

const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * The province's platform as the counter sees it (resources/central-api.openapi.yaml): its
 * own SQLite store, the platform's rules (DOMAIN.md), signatures checked, and faults on demand.
 */
export class CentralSimulator {
  readonly faults: FaultPlan;
  private readonly queued: QueuedFault[] = [];
  private readonly db: Database.Database;
  private readonly profiles = loadProfileFiles();
  private readonly keys = new Map<string, KeyObject>();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private port: number;
  private requests = 0;
  private faultsInjected = 0;
  private sequence = 0;
  readonly now: () => number;
  private readonly random: () => number;
  private readonly enrolmentCodes: Set<string>;
  /** Accounts as the platform holds them: lookups and structured changes. */
  readonly directory: AccountDirectoryModule;
  /** Who acts for which company: tiers, reviews and limits per province. */
  readonly agents: AgentRegistrySim;
  /** Jiangsu's 机构管理: institutions, their administrators, the SMS sent to them. */
  readonly institutions: InstitutionsRegistrySim;

  constructor(options: CentralSimulatorOptions = {}) {
    this.port = options.port ?? 0;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.enrolmentCodes = new Set(options.enrolmentCodes ?? ['TRAINING-0000']);
    this.faults = {
      latencyMs: 0,
      retryAfterSeconds: 2,
      rates: {},
      stuckCases: [],
      manualReviewMs: 60_000,
      ...options.faults,
    };
    this.db = new Database(options.dbPath ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.directory = new AccountDirectoryModule(this.db);
    this.agents = new AgentRegistrySim(this.db, this.profiles, this.now);
    this.institutions = new InstitutionsRegistrySim(
      this.db,
      this.profiles,
      this.now,
      (company, actor) => this.agents.roleOf(company, actor),
    );
    this.applicant = new ApplicantAccounts(this.db, this.profiles, this.now);
  }

  /** The applicant's platform password: sealing key, opening, login check (own module). */
  readonly applicant: ApplicantAccounts;

  /** Jiangsu's legacy city systems (地市历史用户升级): seed old accounts here. */
  get legacy() {
    return this.applicant.legacy;
  }

  /** An upgraded unit has its account here now, under its new 单位编号. */
  private recordUpgrade(input: SubmissionBody, unitCode: string): void {
    const values = input.values;
    this.directory.seed({
      kind: 'uscc',
      value: values['company.creditCode'] ?? '',
      subjectType: input.caseType.subjectType,
      login: unitCode,
      status: 'normal',
      phone: values['legalRep.mobile'] ?? '',
      unitName: values['company.name'] ?? null,
      legalRepName: values['legalRep.name'] ?? null,
      legalRepId: values['legalRep.idNumber'] ?? null,
    });
  }

  /** The address the counter's setting points at. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (again, on the same port after a stop). */
  async start(): Promise<void> {
    await this.applicant.init();
    const server = createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 30_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection: the platform is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops and closes the store. */
  async close(): Promise<void> {
    await this.stop();
    this.db.close();
  }

  /** Injects a fault into the next `count` requests whose path starts with the prefix. */
  injectNext(fault: CentralFault, count = 1, pathPrefix = '/v1/'): void {
    this.queued.push({ fault, pathPrefix, remaining: count });
  }

  /** Marks an ID number, credit code or login name as already held on the platform. */
  seedAccount(kind: 'id' | 'uscc' | 'login', value: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO accounts (kind, value) VALUES (?, ?)')
      .run(kind, kind === 'login' ? value.toLowerCase() : value);
  }

  /** Sets how a pending manual review ends (default accepted), with the reviewer's reason. */
  setReviewOutcome(caseNumber: string, refusalCode: string | null, reason?: string): void {
    this.db
      .prepare('UPDATE submissions SET review_outcome = ? WHERE case_number = ?')
      .run(refusalCode ? `${refusalCode}${reason ? `|${reason}` : ''}` : 'ACCEPT', caseNumber);
  }

  /** Counts for the exactly-once checks: a duplicate is a second submission of one attempt. */
  stats(): CentralStats {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS submissions,
           COUNT(DISTINCT case_number || '#' || attempt) AS distinctAttempts,
           SUM(status = 'accepted') AS accepted, SUM(status = 'refused') AS refused,
           SUM(status = 'manual-review') AS manualReview
         FROM submissions`,
      )
      .get() as {
      submissions: number;
      distinctAttempts: number;
      accepted: number | null;
      refused: number | null;
      manualReview: number | null;
    };
    return {
      submissions: row.submissions,
      distinctAttempts: row.distinctAttempts,
      duplicates: row.submissions - row.distinctAttempts,
      accepted: row.accepted ?? 0,
      refused: row.refused ?? 0,
      manualReview: row.manualReview ?? 0,
      requests: this.requests,
      faultsInjected: this.faultsInjected,
    };
  }

  /** Submissions of one case number, every attempt, for assertions. */
  submissionsOf(caseNumber: string): { attempt: number; status: string; code: string | null }[] {
    return (
      this.db
        .prepare(
          'SELECT attempt, status, refusal_code FROM submissions WHERE case_number = ? ORDER BY attempt',
        )
        .all(caseNumber) as { attempt: number; status: string; refusal_code: string | null }[]
    ).map((row) => ({ attempt: row.attempt, status: row.status, code: row.refusal_code }));
  }

  /** Whether the platform holds a complete attachment. */
  hasAttachment(sha256: string): boolean {
    const row = this.db.prepare('SELECT complete FROM attachments WHERE sha256 = ?').get(sha256) as
      { complete: number } | undefined;
    return row?.complete === 1;
  }

  private pickFault(path: string): CentralFault | null {
    const queued = this.queued.find((item) => path.startsWith(item.pathPrefix));
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.queued.splice(this.queued.indexOf(queued), 1);
      return queued.fault;
    }
    for (const [fault, rate] of Object.entries(this.faults.rates) as [CentralFault, number][]) {
      if (rate > 0 && this.random() < rate) return fault;
    }
    return null;
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim');
    let body: Buffer;
    try {
      body = await this.readBody(req);
    } catch {
      return;
    }
    const sealingKeyReply = await this.sealingKeyRoute(req, url, body);
    if (sealingKeyReply) {
      this.reply(res, sealingKeyReply.status, sealingKeyReply.payload);
      return;
    }
    if (url.pathname.startsWith('/__admin/')) {
      this.admin(url.pathname, body, res);
      return;
    }
    if (this.faults.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    }
    const fault = url.pathname === '/v1/counters' ? null : this.pickFault(url.pathname);
    if (fault) this.faultsInjected += 1;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'server-error') {
      this.reply(res, 500, { code: 'INTERNAL', message: '平台内部错误' });
      return;
    }
    if (fault === 'busy') {
      res.setHeader('retry-after', String(this.faults.retryAfterSeconds));
      this.reply(res, 503, { code: 'UNAVAILABLE', message: '平台繁忙，请稍后再试' });
      return;
    }
    await this.applicant.prepare(req, url, body);
    let status = 200;
    let payload: unknown;
    const headers: Record<string, string> = {};
    try {
      ({ status, payload } = this.route(req, url, body, headers));
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      status = error.status;
      payload = { code: error.code, message: error.message, ...error.extra };
    }
    if (fault === 'lost-reply') {
      // Committed above; the reply never arrives.
      req.socket.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const text = JSON.stringify(payload);
    if (fault === 'duplicate-reply') {
      const raw =
        `HTTP/1.1 ${status} OK\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(text)}\r\nconnection: keep-alive\r\n\r\n${text}`;
      res.socket?.write(raw);
      res.socket?.write(raw);
      res.socket?.destroySoon();
      return;
    }
    this.reply(res, status, payload, text);
  }

  /** The sealing key's rotation (admin) and endorsement (signed): both asynchronous. */
  private async sealingKeyRoute(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
  ): Promise<{ status: number; payload: unknown } | null> {
    if (req.method !== 'POST') return null;
    if (url.pathname === '/__admin/sealing-key/rotate') {
      const input = (body.length > 0 ? JSON.parse(body.toString('utf8')) : {}) as {
        graceMs?: number;
      };
      return { status: 200, payload: await this.applicant.rotate(input.graceMs ?? 0) };
    }
    if (url.pathname !== '/v1/sealing-key/endorsement') return null;
    try {
      return await this.applicant.endorsement(this.verifySignature(req, body), body);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return { status: error.status, payload: { code: error.code, message: error.message } };
    }
  }

  private reply(res: ServerResponse, status: number, payload: unknown, text?: string): void {
    const body = text ?? JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private admin(path: string, body: Buffer, res: ServerResponse): void {
    const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as unknown) : {};
    switch (path) {
      case '/__admin/stats':
        this.reply(res, 200, this.stats());
        return;
      case '/__admin/faults':
        Object.assign(this.faults, input);
        this.reply(res, 200, this.faults);
        return;
      case '/__admin/inject': {
        const { fault, count, pathPrefix } = input as {
          fault: CentralFault;
          count?: number;
          pathPrefix?: string;
        };
        this.injectNext(fault, count, pathPrefix);
        this.reply(res, 200, { queued: this.queued.length });
        return;
      }
      default: {
        const view = this.applicant.admin(path);
        if (view !== null) this.reply(res, 200, view);
        else this.reply(res, 404, { code: 'NOT_FOUND', message: '无此管理接口' });
      }
    }
  }

  /** Checks the counter's signature over method, path, timestamp and body hash. */
  private verifySignature(req: IncomingMessage, body: Buffer): string {
    const counterId = String(req.headers['x-counter-id'] ?? '');
    const timestamp = String(req.headers['x-timestamp'] ?? '');
    const signature = String(req.headers['x-signature'] ?? '');
    let key = this.keys.get(counterId);
    if (!key) {
      const row = this.db
        .prepare('SELECT public_key FROM counters WHERE counter_id = ?')
        .get(counterId) as { public_key: string } | undefined;
      if (!row) throw new HttpProblem(401, 'UNKNOWN_COUNTER', '柜台未登记');
      key = createPublicKey({
        key: Buffer.from(row.public_key, 'base64'),
        format: 'der',
        type: 'spki',
      });
      this.keys.set(counterId, key);
    }
    if (Math.abs(this.now() - Number(timestamp)) > 300_000) {
      throw new HttpProblem(401, 'CLOCK_SKEW', '请求时间与平台时间相差过大');
    }
    const text = `${req.method ?? ''}\n${req.url ?? ''}\n${timestamp}\n${sha256Hex(body)}`;
    if (!verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'))) {
      throw new HttpProblem(401, 'BAD_SIGNATURE', '签名校验失败');
    }
    return counterId;
  }

  private route(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    headers: Record<string, string>,
  ): { status: number; payload: unknown } {
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/v1/counters') return this.register(body);
    const applicantRoute = this.applicant.route(method, url.pathname, body);
    if (applicantRoute) return applicantRoute;
    const counterId = this.verifySignature(req, body);
    const companyReply =
      this.agents.route(method, url, body) ?? this.institutions.route(method, url, body);
    if (companyReply) return companyReply;
    if (method === 'GET' && url.pathname === '/v1/sealing-key') {
      return { status: 200, payload: this.applicant.sealingKey() };
    }
    const signedApplicantRoute = this.applicant.signedRoute(counterId, method, url.pathname, body);
    if (signedApplicantRoute) return signedApplicantRoute;
    const attachment = /^\/v1\/attachments\/([0-9a-f]{64})$/.exec(url.pathname);
    if (attachment?.[1] && method === 'GET') {
      return { status: 200, payload: this.progress(attachment[1]) };
    }
    if (attachment?.[1] && method === 'PUT') {
      return this.putChunk(attachment[1], url, body);
    }
    if (method === 'POST' && url.pathname === '/v1/cases') {
      const key = String(req.headers['idempotency-key'] ?? '');
      if (key.length < 16) throw new HttpProblem(400, 'BAD_REQUEST', '缺少幂等键');
      return this.submit(counterId, key, body, headers);
    }
    if (url.pathname === '/v1/audit-anchors' && method === 'POST') {
      return this.keepAuditAnchor(counterId, body);
    }
    if (url.pathname === '/v1/audit-anchors' && method === 'GET') {
      return { status: 200, payload: { anchors: this.auditAnchors(counterId) } };
    }
    const status = /^\/v1\/cases\/([^/]+)\/attempts\/(\d+)$/.exec(url.pathname);
    if (status?.[1] && status[2] && method === 'GET') {
      return this.caseStatus(decodeURIComponent(status[1]), Number(status[2]));
    }
    const routed = this.directory.route(method, url.pathname, body);
    if (routed) return routed;
    throw new HttpProblem(404, 'NOT_FOUND', '无此接口');
  }

  /**
   * Keeps a counter's signed audit checkpoint. The first copy of a row's hash is the one the
   * platform saw: the same checkpoint again is fine, a different hash for that row is refused
   * (a rewritten log cannot overwrite what the platform holds).
   */
  private keepAuditAnchor(counterId: string, body: Buffer): { status: number; payload: unknown } {
    const input = JSON.parse(body.toString('utf8')) as Partial<AuditAnchorBody>;
    if (
      !Number.isInteger(input.auditId) ||
      typeof input.hash !== 'string' ||
      typeof input.at !== 'string' ||
      (input.reason !== 'interval' && input.reason !== 'submit') ||
      typeof input.signature !== 'string'
    ) {
      throw new HttpProblem(400, 'BAD_REQUEST', '检查点格式不正确');
    }
    const anchor = input as AuditAnchorBody;
    const key = this.keys.get(counterId);
    const text = `AUDIT-ANCHOR\n${counterId}\n${anchor.auditId}\n${anchor.hash}\n${anchor.at}`;
    if (!key || !verify(null, Buffer.from(text), key, Buffer.from(anchor.signature, 'base64'))) {
      throw new HttpProblem(400, 'BAD_ANCHOR_SIGNATURE', '检查点签名校验失败');
    }
    const kept = this.db
      .prepare('SELECT hash FROM audit_anchors WHERE counter_id = ? AND audit_id = ?')
      .get(counterId, anchor.auditId) as { hash: string } | undefined;
    if (kept && kept.hash !== anchor.hash) {
      throw new HttpProblem(409, 'ANCHOR_CONFLICT', '平台已保存该条记录的另一检查点，不予覆盖');
    }
    if (!kept) {
      this.db
        .prepare(
          `INSERT INTO audit_anchors (counter_id, audit_id, hash, at, reason, signature, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          counterId,
          anchor.auditId,
          anchor.hash,
          anchor.at,
          anchor.reason,
          anchor.signature,
          this.now(),
        );
    }
    return { status: kept ? 200 : 201, payload: { auditId: anchor.auditId } };
  }

  /** Every checkpoint the platform keeps for a counter, oldest first. */
  auditAnchors(counterId: string): AuditAnchorBody[] {
    return this.db
      .prepare(
        `SELECT audit_id AS auditId, hash, at, reason, signature FROM audit_anchors
         WHERE counter_id = ? ORDER BY audit_id`,
      )
      .all(counterId) as AuditAnchorBody[];
  }

  private register(body: Buffer): { status: number; payload: unknown } {
    const input = JSON.parse(body.toString('utf8')) as {
      counterId?: string;
      hallCode?: string;
      publicKey?: string;
      enrolmentCode?: string;
    };
    if (!input.counterId || !input.publicKey || !input.enrolmentCode) {
      throw new HttpProblem(400, 'BAD_REQUEST', '登记信息不完整');
    }
    if (!this.enrolmentCodes.has(input.enrolmentCode)) {
      throw new HttpProblem(403, 'ENROLMENT_REFUSED', '登记码无效');
    }
    this.db
      .prepare(
        `INSERT INTO counters (counter_id, public_key, hall_code, registered_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (counter_id) DO UPDATE SET public_key = excluded.public_key`,
      )
      .run(input.counterId, input.publicKey, input.hallCode ?? '', this.now());
    this.keys.delete(input.counterId);
    return {
      status: 201,
      payload: {
        counterId: input.counterId,
        registeredAt: new Date(this.now()).toISOString(),
        sealingKey: this.applicant.sealingKey(),
      },
    };
  }

  private progress(sha256: string) {
    const row = this.db
      .prepare('SELECT total, received, complete FROM attachments WHERE sha256 = ?')
      .get(sha256) as { total: number; received: number; complete: number } | undefined;
    return {
      sha256,
      received: row?.received ?? 0,
      total: row?.total ?? 0,
      complete: row?.complete === 1,
    };
  }

  private putChunk(sha256: string, url: URL, chunk: Buffer): { status: number; payload: unknown } {
    const offset = Number(url.searchParams.get('offset'));
    const total = Number(url.searchParams.get('total'));
    if (!Number.isInteger(offset) || !Number.isInteger(total) || total < 1) {
      throw new HttpProblem(400, 'BAD_REQUEST', '缺少 offset 或 total');
    }
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT total, received, data, complete FROM attachments WHERE sha256 = ?')
        .get(sha256) as
        { total: number; received: number; data: Buffer; complete: number } | undefined;
      const current = row && row.total === total ? row : undefined;
      const received = current?.received ?? 0;
      if (current?.complete === 1) return { status: 200, payload: this.progress(sha256) };
      if (offset !== received) {
        throw new HttpProblem(409, 'ATTACHMENT_OFFSET', '分片位置不符', {
          progress: { sha256, received, total, complete: false },
        });
      }
      const data = Buffer.concat([current?.data ?? Buffer.alloc(0), chunk]);
      let complete = 0;
      if (data.length >= total) {
        if (data.length !== total || sha256Hex(data) !== sha256) {
          this.db.prepare('DELETE FROM attachments WHERE sha256 = ?').run(sha256);
          throw new HttpProblem(422, 'ATTACHMENT_HASH_MISMATCH', '附件校验值不符，已丢弃');
        }
        complete = 1;
      }
      this.db
        .prepare(
          `INSERT INTO attachments (sha256, total, received, data, complete) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (sha256) DO UPDATE SET total = excluded.total, received = excluded.received,
             data = excluded.data, complete = excluded.complete`,
        )
        .run(sha256, total, data.length, data, complete);
      return { status: 200, payload: this.progress(sha256) };
    })();
  }

  private answerOf(row: StoredSubmission) {
    return {
      idempotencyKey: row.idempotency_key,
      caseNumber: row.case_number,
      attempt: row.attempt,
      platformCaseId: row.platform_case_id,
      status: row.status,
      ...(row.status === 'refused'
        ? { refusal: { code: row.refusal_code ?? 'UNKNOWN', message: row.message ?? '' } }
        : {}),
      ...(row.message && row.status !== 'refused' ? { message: row.message } : {}),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  private refusalMessage(profileId: string, code: string): string {
    const profile = this.profiles.get(profileId) ?? this.profiles.values().next().value;
    return (
      profile?.refusals.find((item) => item.code === code)?.platformMessage ??
      this.applicant.refusalMessage(code) ??
      code
    );
  }

  private day(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  /** The platform's rules (DOMAIN.md): the first that fails is the refusal. */
  private check(input: SubmissionBody): string | null {
    const values = input.values;
    const person = input.caseType.subjectType === 'person';
    const has = (kind: string, value: string | undefined) =>
      value !== undefined &&
      this.db.prepare('SELECT 1 FROM accounts WHERE kind = ? AND value = ?').get(kind, value) !==
        undefined;
    const company = values['company.creditCode'] ?? values['company.projectCode'] ?? '';
    const subjectKind = person ? 'id' : 'uscc';
    const subject = person ? values['applicant.idNumber'] : company;
    const profile = this.profiles.get(input.profileId);
    const call = profile?.operations.find((item) => item.code === input.caseType.operation)?.call;
    if (call === 'upgrade') {
      // The unit's account is in a legacy system, not here yet: the old password proves it.
    } else if (this.directory.opensAccount(profile, input.caseType.operation)) {
      if (has(subjectKind, subject)) {
        return person ? 'ID_ALREADY_CERTIFIED' : 'USCC_ALREADY_CERTIFIED';
      }
      if (has('login', values['account.username']?.toLowerCase())) return 'LOGIN_NAME_TAKEN';
    } else if (!has(subjectKind, subject)) {
      return 'ACCOUNT_NOT_FOUND';
    }
    if (person || !company) return null;
    const agent = input.caseType.delegated ? values['agent.idNumber'] : undefined;
    if (agent) {
      const rejections = this.db
        .prepare('SELECT count FROM rejections WHERE company = ? AND agent = ? AND day = ?')
        .get(company, agent, this.day()) as { count: number } | undefined;
      const limit = this.profiles.get(input.profileId)?.agentLimits.rejectionsPerDay ?? 3;
      if ((rejections?.count ?? 0) >= limit) return 'DAILY_LIMIT_REACHED';
      const pending = this.db
        .prepare("SELECT 1 FROM agent_apps WHERE company = ? AND agent = ? AND status = 'pending'")
        .get(company, agent);
      if (pending) return 'AGENT_APPLICATION_PENDING';
    }
    // A phone is bound to one person within a company, pending applications included.
    const holders = new Map<string, string>();
    for (const party of ['legalRep', 'agent']) {
      const mobile = values[`${party}.mobile`];
      const holder = values[`${party}.idNumber`];
      if (!mobile || !holder) continue;
      if (holders.has(mobile) && holders.get(mobile) !== holder) return 'MOBILE_TAKEN_IN_COMPANY';
      holders.set(mobile, holder);
      const bound = this.db
        .prepare('SELECT holder FROM bindings WHERE company = ? AND mobile = ?')
        .get(company, mobile) as { holder: string } | undefined;
      if (bound && bound.holder !== holder) return 'MOBILE_TAKEN_IN_COMPANY';
    }
    return null;
  }

  /** What a case leaves on the platform once it is accepted or goes to review. */
  private bind(input: SubmissionBody, key: string, final: boolean): void {
    const values = input.values;
    const person = input.caseType.subjectType === 'person';
    const company = values['company.creditCode'] ?? values['company.projectCode'] ?? '';
    if (final) this.directory.apply(input);
    if (final && input.caseType.operation === 'register') {
      this.seedAccount(
        person ? 'id' : 'uscc',
        person ? (values['applicant.idNumber'] ?? '') : company,
      );
      if (values['account.username']) this.seedAccount('login', values['account.username']);
      if (!person && company && values['legalRep.idNumber']) {
        this.agents.recordCompany(company, values['company.name'] ?? '', {
          name: values['legalRep.name'] ?? '',
          idNumber: values['legalRep.idNumber'],
          mobile: values['legalRep.mobile'] ?? '',
        });
      }
    }
    if (person || !company) return;
    for (const party of ['legalRep', 'agent']) {
      const mobile = values[`${party}.mobile`];
      const holder = values[`${party}.idNumber`];
      if (mobile && holder) {
        this.db
          .prepare('INSERT OR IGNORE INTO bindings (company, mobile, holder) VALUES (?, ?, ?)')
          .run(company, mobile, holder);
      }
    }
    const agent = input.caseType.delegated ? values['agent.idNumber'] : undefined;
    if (agent) {
      this.db
        .prepare(
          'INSERT INTO agent_apps (company, agent, status, idempotency_key) VALUES (?, ?, ?, ?)',
        )
        .run(company, agent, final ? 'accepted' : 'pending', key);
    }
  }

  private reject(input: SubmissionBody): void {
    const company = input.values['company.creditCode'] ?? input.values['company.projectCode'];
    const agent = input.caseType.delegated ? input.values['agent.idNumber'] : undefined;
    if (!company || !agent) return;
    this.db
      .prepare(
        `INSERT INTO rejections (company, agent, day, count) VALUES (?, ?, ?, 1)
         ON CONFLICT (company, agent, day) DO UPDATE SET count = count + 1`,
      )
      .run(company, agent, this.day());
  }

  private submit(
    counterId: string,
    key: string,
    body: Buffer,
    headers: Record<string, string>,
  ): { status: number; payload: unknown } {
    const requestHash = sha256Hex(body);
    return this.db.transaction(() => {
      const existing = this.db
        .prepare('SELECT * FROM submissions WHERE idempotency_key = ?')
        .get(key) as StoredSubmission | undefined;
      if (existing) {
        if (existing.request_hash !== requestHash) {
          throw new HttpProblem(422, 'IDEMPOTENCY_KEY_REUSED', '同一幂等键的请求内容不同');
        }
        headers['idempotent-replayed'] = 'true';
        return { status: 200, payload: this.answerOf(existing) };
      }
      const input = JSON.parse(body.toString('utf8')) as SubmissionBody;
      if (this.faults.stuckCases.includes(input.caseNumber)) {
        throw new HttpProblem(500, 'INTERNAL', '平台处理该办件时出错');
      }
      for (const attachment of input.attachments) {
        if (!this.hasAttachment(attachment.sha256)) {
          throw new HttpProblem(409, 'ATTACHMENT_MISSING', '附件尚未上传完整');
        }
      }
      const caseType = this.profiles
        .get(input.profileId)
        ?.caseTypes.find(
          (item) =>
            item.key.operation === input.caseType.operation &&
            item.key.subjectType === input.caseType.subjectType &&
            item.key.delegated === input.caseType.delegated,
        );
      if (!caseType) throw new HttpProblem(400, 'BAD_REQUEST', '不支持的办件类型');
      const refusal =
        this.check(input) ?? this.directory.check(input) ?? this.applicant.check(input, key);
      const now = this.now();
      this.sequence += 1;
      const platformCaseId = `P${now.toString(36).toUpperCase()}${this.sequence}`;
      let status = 'accepted';
      let message: string | null = null;
      let reviewDueAt: number | null = null;
      if (refusal) {
        status = 'refused';
        message = this.refusalMessage(input.profileId, refusal);
        this.reject(input);
        this.applicant.forget(key);
      } else if (caseType.channel === 'manual-review') {
        status = 'manual-review';
        message = this.refusalMessage(
          input.profileId,
          this.directory.reviewCode(this.profiles.get(input.profileId), input.caseType.operation),
        );
        reviewDueAt = now + this.faults.manualReviewMs;
        this.bind(input, key, false);
      } else {
        this.bind(input, key, true);
        const accepted = this.applicant.accept(input, key);
        message = accepted.message;
        if (accepted.unitCode) this.recordUpgrade(input, accepted.unitCode);
      }
      this.db
        .prepare(
          `INSERT INTO submissions (idempotency_key, counter_id, request_hash, case_number, attempt,
             profile_id, body, status, refusal_code, message, platform_case_id, review_due_at,
             updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          key,
          counterId,
          requestHash,
          input.caseNumber,
          input.attempt,
          input.profileId,
          body.toString('utf8'),
          status,
          refusal,
          message,
          platformCaseId,
          reviewDueAt,
          now,
        );
      const stored = this.db
        .prepare('SELECT * FROM submissions WHERE idempotency_key = ?')
        .get(key) as StoredSubmission;
      return { status: 200, payload: this.answerOf(stored) };
    })();
  }

  private caseStatus(caseNumber: string, attempt: number): { status: number; payload: unknown } {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(
          'SELECT *, body FROM submissions WHERE case_number = ? AND attempt = ? ORDER BY rowid LIMIT 1',
        )
        .get(caseNumber, attempt) as
        | (StoredSubmission & { body: string; profile_id: string; review_outcome: string | null })
        | undefined;
      if (!row) throw new HttpProblem(404, 'NOT_FOUND', '平台无此办件');
      if (
        row.status === 'manual-review' &&
        row.review_due_at !== null &&
        this.now() >= row.review_due_at
      ) {
        // The review ends: accepted unless the operator set a refusal for this case.
        const input = JSON.parse(row.body) as SubmissionBody;
        const code =
          row.review_outcome && row.review_outcome !== 'ACCEPT'
            ? (row.review_outcome.split('|')[0] ?? null)
            : null;
        const reason = row.review_outcome?.split('|')[1];
        this.db
          .prepare(
            "UPDATE agent_apps SET status = ? WHERE idempotency_key = ? AND status = 'pending'",
          )
          .run(code ? 'refused' : 'accepted', row.idempotency_key);
        if (code) {
          this.reject(input);
          this.applicant.forget(row.idempotency_key);
        } else {
          this.bind(
            { ...input, caseType: { ...input.caseType, delegated: false } },
            row.idempotency_key,
            true,
          );
          // The password sealed at the counter waited with the case; the account opens now.
          this.applicant.accept(input, row.idempotency_key);
        }
        this.db
          .prepare(
            'UPDATE submissions SET status = ?, refusal_code = ?, message = ?, updated_at = ? WHERE idempotency_key = ?',
          )
          .run(
            code ? 'refused' : 'accepted',
            code,
            code
              ? `${this.refusalMessage(row.profile_id, code)}${reason ? `：${reason}` : ''}`
              : null,
            this.now(),
            row.idempotency_key,
          );
        const updated = this.db
          .prepare('SELECT * FROM submissions WHERE idempotency_key = ?')
          .get(row.idempotency_key) as StoredSubmission;
        return { status: 200, payload: this.answerOf(updated) };
      }
      return { status: 200, payload: this.answerOf(row) };
    })();
  }
}
