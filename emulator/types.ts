// Public shapes of the DCDN/CDN emulator. Kept apart from the implementation so scripts can import
// them cheaply and so the emulator never shares code with the action in src/.
import type { ObjectKind, Product } from './products.ts';
import type { QuotaLimits } from './quota.ts';

export type { Product } from './products.ts';

/** One access key the emulator accepts. */
export interface EmulatorCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS credential: requests must carry exactly this token, and only keys with one may send one. */
  securityToken?: string;
  /** Keys of one account share its rate limit (the vendor limits per account); default: the key. */
  account?: string;
  /** STS credentials stop working at this wall-clock time (InvalidSecurityToken.Expired). */
  expiresAt?: number;
}

/** One point of an explicit task timeline, relative to the task's createdAt. */
export interface TaskStep {
  atMs: number;
  Status: string;
  Process: string;
  Description?: string;
}

/** How a task evolves once created: the simple timeline, or explicit steps. */
export interface TaskTimeline {
  /** Time spent Pending "0%" (default 1000). */
  pendingMs?: number;
  /** Time spent Refreshing with rising Process (default 3000). */
  refreshMs?: number;
  /** Final status of the simple timeline (default 'Complete'). */
  outcome?: 'Complete' | 'Failed';
  /** Failure reason shown on a Failed task (default 'Internal Error'). */
  description?: string;
  /** Explicit timeline replacing the simple one (unknown statuses, going backwards, ...). */
  steps?: TaskStep[];
  /** Absent from answers until this long after createdAt (eventual consistency). */
  appearsAfterMs?: number;
}

/** A refresh/prefetch task and how it evolves on the emulator's `now` clock. */
export interface TaskScript extends TaskTimeline {
  /** Decimal digits, as the vendor issues them. Scripts sharing an ID are rows of one task. */
  id: string;
  path: string;
  /** ObjectType: file | directory | preload | regex | ... (default 'file'). */
  type?: string;
  /** Emulator-clock ms; default: when the emulator received the task (start or addTasks). */
  createdAt?: number;
  /** Which product's lookup lists it (default 'dcdn'). */
  product?: Product;
  /** Only this account (EmulatorCredential.account, default its key) sees it; default: every one. */
  account?: string;
}

/** What a submitted path is, for choosing its timeline. */
export interface SubmittedPath {
  path: string;
  /** ObjectType as the lookup will show it. */
  kind: ObjectKind;
  product: Product;
  action: string;
}

/** Timeline for submitted paths that match; the first matching rule of `taskRules` wins. */
export interface TaskRule extends TaskTimeline {
  /** A RegExp searched in the path, or a substring of it; default: every path. */
  match?: RegExp | string;
  /** Only paths of these kinds; default: every kind. */
  kind?: ObjectKind | readonly ObjectKind[];
  product?: Product;
}

/** What DescribeDcdnRefreshTaskById returns per task, field order as the vendor sends it. */
export interface TaskView {
  TaskId: string;
  Status: string;
  Process: string;
  ObjectType: string;
  ObjectPath: string;
  CreationTime: string;
  Description: string;
}

/** Misbehaviour injected into one answer. */
export type Fault =
  /**
   * A gateway-style JSON error, e.g. 429 TooManyRequests, 400 Throttling.User, 500, 503, or the
   * queue signals TooMany.Refresh, PreloadQueueFull, QuotaPerMinuteExceeded.Refresh. `status`
   * defaults to the code's status for the request's product (PreloadQueueFull: CDN 403, DCDN 400).
   */
  | {
      kind: 'status';
      status?: number;
      code: string;
      message?: string;
      headers?: Record<string, string>;
    }
  /** A proxy's HTML error page (default 502). */
  | { kind: 'html'; status?: number }
  /** TCP reset before any byte of the answer. */
  | { kind: 'reset' }
  /** Headers and part of the body, then the connection drops. */
  | { kind: 'reset-mid' }
  /** No answer at all; the socket is freed by close(). */
  | { kind: 'hang' }
  /** A submission is carried out (tasks created, quota spent), then the connection is reset. */
  | { kind: 'reset-after-commit' }
  /** A submission is carried out, then no answer at all. */
  | { kind: 'hang-after-commit' }
  /** The real answer, `bytesPerTick` bytes every `tickMs` (real time). */
  | { kind: 'trickle'; bytesPerTick: number; tickMs: number }
  /** 200 with a JSON-looking body that does not parse. */
  | { kind: 'malformed-json' }
  /** 200 with the first half of the real body (complete HTTP message, incomplete JSON). */
  | { kind: 'truncated-json' }
  /** Any body (default status 200, JSON content type). */
  | { kind: 'body'; body: string; status?: number };

type FaultKind = Fault['kind'];

/** What a fault rule sees of a request, as received (before verification). */
interface FaultRuleInput {
  /** 0-based position among all requests. */
  index: number;
  /** The TaskId parameter split on commas. */
  ids: readonly string[];
  action: string;
  product?: Product;
  /** Number of ObjectPath entries (0 without ObjectPath). */
  paths: number;
}

export type FaultRule = (req: FaultRuleInput) => Fault | undefined;

export type Scheme = 'v3' | 'rpc' | 'none';

/** One request as the emulator saw and answered it. */
export interface RequestRecord {
  /** Emulator (`now`) clock at arrival. */
  at: number;
  /** Date.now() at arrival, for throughput measurements. */
  wallAt: number;
  method: string;
  action: string;
  version: string;
  /** The product of `version`, when it is one the emulator serves. */
  product?: Product;
  scheme: Scheme;
  accessKeyId?: string;
  securityToken?: string;
  /** The TaskId parameter split on commas, as received. */
  ids: string[];
  /** Number of ObjectPath entries, for refresh/prefetch calls that sent one. */
  paths?: number;
  /** HTTP status sent; 0 when none was (reset, hang, or still in progress). */
  status: number;
  /** Error code in the body sent, if any. */
  code?: string;
  fault?: FaultKind;
  requestId: string;
}

/** A refresh or prefetch call that was carried out (tasks created, quota spent). */
export interface SubmissionRecord {
  /** Emulator (`now`) clock. */
  at: number;
  requestId: string;
  action: string;
  product: Product;
  account: string;
  kind: ObjectKind;
  paths: string[];
  /** The IDs answered, in order, each once. */
  taskIds: string[];
  /** Force of a refresh, L2Preload/Area of a prefetch, when sent. */
  force?: boolean;
  l2Preload?: boolean;
  area?: string;
}

export interface EmulatorOptions {
  /** Default 0: a random free port. The emulator only ever listens on 127.0.0.1. */
  port?: number;
  credentials?: EmulatorCredential[];
  tasks?: TaskScript[];
  /** Timeline clock in ms (task states, rate limit window); default Date.now. */
  now?: () => number;
  /** Clock for the 15-minute x-acs-date/Timestamp window and nonce memory; default Date.now. */
  wallClock?: () => number;
  /** Calls per second per account, sliding 1 s window on `now` (default 30). */
  rateLimitPerSecond?: number;
  /** Faults for the first requests, one per request, in order. */
  faults?: Fault[];
  faultRule?: FaultRule;
  /** Extra real-time delay before each answer. */
  latencyMs?: number;
  /** Per account and action, beside the shared rate (default: DCDN prefetch 15, quota API 20). */
  actionRateLimits?: Record<string, number>;
  /** Domains that may be refreshed or prefetched (`*.x` stands for subdomains); default: any. */
  domains?: string[];
  /** Domains that exist but are offline (InvalidDomain.Offline). */
  offlineDomains?: string[];
  /** Daily quotas per account and product (defaults: DEFAULT_QUOTAS in quota.ts). */
  quotas?: Partial<QuotaLimits>;
  /** URL refreshes per domain within any minute (default 1000; Infinity for none). */
  refreshUrlsPerDomainPerMinute?: number;
  /** Timelines of submitted paths; the first matching rule wins. */
  taskRules?: TaskRule[];
  /** Timeline of a submitted path, applied over the matching rule's. */
  submitted?: (path: SubmittedPath) => TaskTimeline | undefined;
  /** First ID issued to submissions (default 17000000001). */
  firstTaskId?: number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order (faulted ones included). */
  readonly requests: RequestRecord[];
  /** Every refresh/prefetch call carried out, in order (also those whose answer was lost). */
  readonly submissions: SubmissionRecord[];
  close(): Promise<void>;
  /** Scripts of one call that share an ID become that ID's rows, replacing the rows it had. */
  addTasks(...tasks: TaskScript[]): void;
  /** Accept more keys from now on, e.g. STS credentials that a fake STS just issued. */
  addCredentials(...credentials: EmulatorCredential[]): void;
  /** Queue faults for the next requests, one consumed per request (FIFO), before the rule. */
  injectFaults(...faults: Fault[]): void;
  setFaultRule(rule: FaultRule | undefined): void;
  /** Most requests received within any 1 s window of `wallAt`. */
  peakRequestsPerSecond(): number;
}
