// A local stand-in for dcdn.aliyuncs.com serving DescribeDcdnRefreshTaskById, strict where the
// vendor is strict (signatures, nonces, clock skew, rate limit) so it catches client bugs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRefreshTasks, isKnownApi } from './api.ts';
import { createVerifier, type Caller } from './auth.ts';
import { ApiError, errorAnswer, newRequestId, type Answer } from './errors.ts';
import { deliver, type TimerTracker } from './faults.ts';
import { createRateLimiter } from './rate-limit.ts';
import {
  apiParams,
  firstParam,
  parseRequest,
  readBody,
  taskIdsOf,
  type ParsedRequest
} from './request.ts';
import type { ScheduledTask } from './timeline.ts';
import type {
  Emulator,
  EmulatorCredential,
  EmulatorOptions,
  Fault,
  FaultRule,
  RequestRecord,
  TaskScript
} from './types.ts';

export type * from './types.ts';

export const DEFAULT_ACCESS_KEY_ID = 'LTAIemulatorKeyId';
export const DEFAULT_ACCESS_KEY_SECRET = 'emulator-secret';
export const DEFAULT_CREDENTIALS: readonly EmulatorCredential[] = [
  { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }
];
export const DEFAULT_RATE_LIMIT_PER_SECOND = 30;

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
  const limiter = createRateLimiter(
    options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND,
    now
  );
  const tasks = new Map<string, ScheduledTask>();
  const faultQueue: Fault[] = [...(options.faults ?? [])];
  let faultRule: FaultRule | undefined = options.faultRule;
  const requests: RequestRecord[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const tracker: TimerTracker = { track: (t) => timers.add(t), untrack: (t) => timers.delete(t) };
  let closed = false;

  function addTasks(...scripts: TaskScript[]): void {
    const at = now();
    for (const s of scripts) tasks.set(s.id, { ...s, createdAt: s.createdAt ?? at });
  }
  addTasks(...(options.tasks ?? []));

  function answerFor(req: ParsedRequest, caller: Caller, at: number, requestId: string): Answer {
    try {
      verifier.verify(req, caller);
      if (!isKnownApi(req.method, req.action, req.version))
        throw new ApiError('InvalidApi.NotFound');
      const cred = caller.credential;
      if (cred && !limiter.admit(cred.account ?? cred.accessKeyId)) {
        throw new ApiError('TooManyRequests');
      }
      return describeRefreshTasks(firstParam(apiParams(req), 'TaskId'), tasks, at, requestId);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return errorAnswer(e.code, requestId, e.detail === undefined ? {} : { detail: e.detail });
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
    record.scheme = parsed.scheme;
    record.ids = taskIdsOf(parsed);
    const fault = faultQueue.shift() ?? faultRule?.({ index, ids: record.ids });
    if (fault) record.fault = fault.kind;
    const caller: Caller = {};
    const answer = answerFor(parsed, caller, record.at, requestId);
    if (caller.accessKeyId !== undefined) record.accessKeyId = caller.accessKeyId;
    if (caller.securityToken !== undefined) record.securityToken = caller.securityToken;
    if (options.latencyMs) await delay(options.latencyMs);
    if (closed || res.destroyed) return;
    const sent = deliver(res, answer, fault, tracker);
    record.status = sent.status;
    if (sent.code !== undefined) record.code = sent.code;
  }

  const server = createServer((req, res) => {
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
