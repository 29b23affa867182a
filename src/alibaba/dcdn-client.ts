// A small Alibaba Cloud OpenAPI client for the one call this action makes: signs with V3,
// paces calls through the rate limiter, retries what is worth retrying, and fails clearly on
// everything else.

import { randomBytes } from 'node:crypto';
import { hintFor, isRetryable } from './classify.ts';
import { parseRetryAfter, retryDelay } from './retry.ts';
import { isThrottling } from './throttling.ts';
import { ApiError, TransientError } from '../shared/errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { oneLine } from '../shared/text.ts';
import { EMPTY_BODY_SHA256, acsDate, canonicalQueryString, signV3 } from './signing.ts';
import type { HttpResponse, Transport } from './transport.ts';
import type { CredentialProvider } from './credentials.ts';
import type { Clock, Random, Sleep } from '../shared/time.ts';
import type { DescribeResult, Task, TaskApi } from '../wait/task.ts';

export const ACTION = 'DescribeDcdnRefreshTaskById';
export const API_VERSION = '2018-01-15';

export interface ClientOptions {
  endpoint: URL;
  credentials: CredentialProvider;
  transport: Transport;
  limiter: RateLimiter;
  requestTimeoutMs: number;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  /** Clock time after which no retry starts: retries stay inside the overall budget. */
  deadline: number;
  maxAttempts?: number;
  debug?: (line: string) => void;
}

export class DcdnClient implements TaskApi {
  private readonly options: ClientOptions;
  /** HTTP requests sent, retries included: what the account's rate limit counts. */
  requestsSent = 0;

  constructor(options: ClientOptions) {
    this.options = options;
  }

  async describeTasks(ids: readonly string[]): Promise<DescribeResult> {
    const { clock, sleep, random, deadline, limiter } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 6;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire();
      try {
        return await this.callOnce(ids);
      } catch (error) {
        if (
          !renewed &&
          isExpiredToken(error) &&
          (await this.options.credentials.renewAfterExpiry())
        ) {
          // Keys from OIDC are renewed once and the call repeated; fixed keys cannot be.
          renewed = true;
          this.debug('STS credentials expired: renewed them through OIDC');
          continue;
        }
        if (!(error instanceof TransientError) || attempt >= maxAttempts) throw error;
        const waitMs = Math.min(error.retryAfterMs ?? retryDelay(attempt, random), 60_000);
        if (clock() + waitMs >= deadline) throw error;
        this.debug(
          `retry ${attempt}/${maxAttempts - 1} in ${Math.round(waitMs)} ms: ${error.message}`
        );
        await sleep(waitMs);
      }
    }
  }

  private async callOnce(ids: readonly string[]): Promise<DescribeResult> {
    const { endpoint, transport, requestTimeoutMs, clock } = this.options;
    const credentials = await this.options.credentials.get();
    const query = { TaskId: ids.join(',') };
    const headers: Record<string, string> = {
      host: endpoint.host,
      'x-acs-action': ACTION,
      'x-acs-version': API_VERSION,
      'x-acs-date': acsDate(clock()),
      // A fresh nonce on every attempt: a retried request must never reuse one.
      'x-acs-signature-nonce': randomBytes(16).toString('hex'),
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
      accept: 'application/json'
    };
    if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
    const { authorization } = signV3({
      method: 'POST',
      path: '/',
      query,
      headers,
      payloadSha256: EMPTY_BODY_SHA256,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret
    });
    const url = `${endpoint.origin}/?${canonicalQueryString(query)}`;
    this.requestsSent += 1;
    const response = await transport.send(
      { method: 'POST', url, headers: { ...headers, authorization }, body: '' },
      requestTimeoutMs
    );
    return this.interpret(response, ids);
  }

  private interpret(response: HttpResponse, ids: readonly string[]): DescribeResult {
    const headerRequestId = response.headers['x-acs-request-id'] ?? '';
    const json = parseJson(response.body);
    // Pace feedback for the whole run: throttled, or answered at all.
    if (isThrottling(response.status, stringField(json?.Code))) {
      this.options.limiter.onThrottle(this.retryAfter(response));
    } else this.options.limiter.onSuccess();
    if (json === undefined) {
      throw new TransientError(
        `HTTP ${response.status} with a body that is not JSON (${describeBody(response)})`,
        this.retryAfter(response)
      );
    }
    const requestId = oneLine(stringField(json.RequestId) || headerRequestId, 80);
    const code = oneLine(stringField(json.Code), 80);
    if (response.status !== 200 || code) {
      const message = oneLine(stringField(json.Message), 300) || 'no message';
      const text = `${ACTION} failed: HTTP ${response.status} ${code || '(no code)'}: ${message} (RequestId: ${requestId || 'none'})`;
      if (isRetryable(response.status, code))
        throw new TransientError(text, this.retryAfter(response));
      const hint = hintFor(code);
      throw new ApiError(hint ? `${text}. Hint: ${hint}` : text, {
        service: 'DCDN',
        code,
        requestId,
        httpStatus: response.status,
        hint
      });
    }
    if (!Array.isArray(json.Tasks)) {
      throw new TransientError(`answer without a Tasks list (RequestId: ${requestId || 'none'})`);
    }
    const asked = new Set(ids);
    const tasks = json.Tasks.map(toTask).filter(
      (task): task is Task => task !== undefined && asked.has(task.TaskId)
    );
    this.debug(`${ACTION} ${ids.length} ID(s) -> ${tasks.length} task(s), RequestId ${requestId}`);
    return { tasks, requestId };
  }

  private retryAfter(response: HttpResponse): number | undefined {
    const now = this.options.clock();
    return (
      parseRetryAfter(response.headers['retry-after'], now) ??
      parseRetryAfter(response.headers['x-acs-retry-after'], now)
    );
  }

  private debug(line: string): void {
    this.options.debug?.(line);
  }
}

function isExpiredToken(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'InvalidSecurityToken.Expired';
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Accepts odd field types (numbers for strings) rather than failing a whole answer. */
function stringField(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function toTask(value: unknown): Task | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  const TaskId = stringField(raw.TaskId);
  if (!TaskId) return undefined;
  return {
    TaskId,
    Status: stringField(raw.Status),
    Process: stringField(raw.Process),
    ObjectType: stringField(raw.ObjectType),
    ObjectPath: stringField(raw.ObjectPath),
    CreationTime: stringField(raw.CreationTime),
    Description: stringField(raw.Description)
  };
}

function describeBody(response: HttpResponse): string {
  const type = response.headers['content-type'] ?? 'no content type';
  return `${oneLine(type, 60)}, starting "${oneLine(response.body, 60)}"`;
}
