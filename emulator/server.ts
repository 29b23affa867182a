// A local stand-in for dcdn.aliyuncs.com and cdn.aliyuncs.com: task lookups, refresh and prefetch
// submissions and quotas of both products, strict where the vendor is strict (signatures, nonces,
// clock skew, rate limits, parameters, quotas) so it catches client bugs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRefreshTasks } from './api.ts';
import { createVerifier, type Caller } from './auth.ts';
import { ApiError, errorAnswer, jsonAnswer, newRequestId, type Answer } from './errors.ts';
import { commitsSubmission, deliver, type TimerTracker } from './faults.ts';
import { DEFAULT_ACTION_RATE_LIMITS, findApi, productOfVersion } from './products.ts';
import { createMinuteWindow, createQuotaLedger } from './quota.ts';
import { createRateLimiter, type RateBucket } from './rate-limit.ts';
import {
  apiParams,
  firstParam,
  objectPathCount,
  parseRequest,
  readBody,
  taskIdsOf,
  type ParsedRequest
} from './request.ts';
import { createSubmitter } from './submit.ts';
import { timelineFor } from './task-rules.ts';
import { createTaskStore } from './tasks.ts';
import type {
  Emulator,
  EmulatorCredential,
  EmulatorOptions,
  Fault,
  FaultRule,
  RequestRecord,
  SubmissionRecord,
  TaskScript
} from './types.ts';

export type * from './types.ts';

export const DEFAULT_ACCESS_KEY_ID = 'LTAIemulatorKeyId';
export const DEFAULT_ACCESS_KEY_SECRET = 'emulator-secret';
export const DEFAULT_CREDENTIALS: readonly EmulatorCredential[] = [
  { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }
];
export const DEFAULT_RATE_LIMIT_PER_SECOND = 30;
const DEFAULT_REFRESH_URLS_PER_DOMAIN_PER_MINUTE = 1000;
const MAX_HEADER_BYTES = 16 * 1024;

/** Highest number of timestamps within any window [t, t + 1000). */
export function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const verifier = createVerifier(
    options.credentials ?? DEFAULT_CREDENTIALS,
    options.wallClock ?? Date.now
  );
  const limiter = createRateLimiter(now);
  const accountRate = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND;
  const actionRates = { ...DEFAULT_ACTION_RATE_LIMITS, ...options.actionRateLimits };
  const tasks = createTaskStore(options.firstTaskId);
  const quotas = createQuotaLedger(options.quotas);
  const faultQueue: Fault[] = [...(options.faults ?? [])];
  let faultRule: FaultRule | undefined = options.faultRule;
  const requests: RequestRecord[] = [];
  const submissions: SubmissionRecord[] = [];
  const submitter = createSubmitter({
    tasks,
    quotas,
    minute: createMinuteWindow(),
    refreshUrlsPerDomainPerMinute:
      options.refreshUrlsPerDomainPerMinute ?? DEFAULT_REFRESH_URLS_PER_DOMAIN_PER_MINUTE,
    domains: options.domains,
    offlineDomains: options.offlineDomains,
    timelineOf: (p) => timelineFor(p, options.taskRules, options.submitted),
    record: (s) => submissions.push(s)
  });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const tracker: TimerTracker = { track: (t) => timers.add(t), untrack: (t) => timers.delete(t) };
  let closed = false;

  function addTasks(...scripts: TaskScript[]): void {
    tasks.script(scripts, now());
  }
  addTasks(...(options.tasks ?? []));

  function rateBuckets(account: string, action: string): RateBucket[] {
    const buckets: RateBucket[] = [{ key: account, limitPerSecond: accountRate }];
    const perAction = actionRates[action];
    if (perAction !== undefined) {
      buckets.push({ key: `${account}\n${action}`, limitPerSecond: perAction });
    }
    return buckets;
  }

  /**
   * Verification, API, rate limit, then the operation. `commit` false: the answer will be replaced
   * or dropped by a fault, so a submission is not carried out (see commitsSubmission).
   */
  function answerFor(
    req: ParsedRequest,
    caller: Caller,
    at: number,
    requestId: string,
    commit: boolean
  ): Answer {
    const product = productOfVersion(req.version)?.product;
    try {
      verifier.verify(req, caller);
      const api = findApi(req.method, req.action, req.version);
      if (!api) throw new ApiError('InvalidApi.NotFound');
      const cred = caller.credential;
      const account = cred ? (cred.account ?? cred.accessKeyId) : '';
      if (cred && !limiter.admit(rateBuckets(account, api.action))) {
        throw new ApiError('TooManyRequests');
      }
      const params = apiParams(req);
      switch (api.operation) {
        case 'describe':
          return describeRefreshTasks(
            firstParam(params, 'TaskId'),
            tasks,
            { product: api.spec.product, account },
            at,
            requestId
          );
        case 'quota':
          return jsonAnswer(
            200,
            { RequestId: requestId, ...quotas.answer(api.spec, account, at) },
            requestId
          );
        case 'refresh':
        case 'preload':
          if (!commit) return jsonAnswer(200, { RequestId: requestId }, requestId);
          return submitter.submit({
            spec: api.spec,
            action: api.action,
            operation: api.operation,
            params,
            account,
            now: at,
            requestId
          });
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const opts: Parameters<typeof errorAnswer>[2] = {};
      if (e.detail !== undefined) opts.detail = e.detail;
      if (product !== undefined) opts.product = product;
      return errorAnswer(e.code, requestId, opts);
    }
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const index = requests.length;
    const requestId = newRequestId();
    const record: RequestRecord = {
      at: now(),
      wallAt: Date.now(),
      method: (req.method ?? 'GET').toUpperCase(),
      action: '',
      version: '',
      scheme: 'none',
      ids: [],
      status: 0,
      requestId
    };
    requests.push(record);
    const parsed = parseRequest(req, await readBody(req));
    record.action = parsed.action;
    record.version = parsed.version;
    const product = productOfVersion(parsed.version)?.product;
    if (product !== undefined) record.product = product;
    record.scheme = parsed.scheme;
    record.ids = taskIdsOf(parsed);
    const paths = objectPathCount(parsed);
    if (paths !== undefined) record.paths = paths;
    const fault =
      faultQueue.shift() ??
      faultRule?.({
        index,
        ids: record.ids,
        action: record.action,
        ...(product !== undefined ? { product } : {}),
        paths: paths ?? 0
      });
    if (fault) record.fault = fault.kind;
    const caller: Caller = {};
    const answer = answerFor(parsed, caller, record.at, requestId, commitsSubmission(fault));
    if (caller.accessKeyId !== undefined) record.accessKeyId = caller.accessKeyId;
    if (caller.securityToken !== undefined) record.securityToken = caller.securityToken;
    if (options.latencyMs) await delay(options.latencyMs);
    if (closed || res.destroyed) return;
    const sent = deliver(res, answer, fault, tracker, product);
    record.status = sent.status;
    if (sent.code !== undefined) record.code = sent.code;
  }

  // Node's default, made explicit: a longer request line and headers get a bare 431 (the vendor's
  // limit is not documented; long ObjectPath lists belong in the form body).
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    submissions,
    addTasks,
    addCredentials: (...credentials) => verifier.add(...credentials),
    injectFaults: (...faults) => {
      faultQueue.push(...faults);
    },
    setFaultRule: (rule) => {
      faultRule = rule;
    },
    peakRequestsPerSecond: () => peakPerSecond(requests.map((r) => r.wallAt)),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung, trickling and idle keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    }
  };
}
