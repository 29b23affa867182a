// One Alibaba Cloud OpenAPI call, the only place that does it: paces it through the rate limiter,
// signs it (V3, or anonymous for STS), sends it, reads the answer, classifies a failure, and
// retries as the caller's policy allows within the budget. Every error names its service.

import { randomBytes } from 'node:crypto';
import { ApiError, TransientError } from '../shared/errors.ts';
import type { Service } from '../shared/errors.ts';
import type { Clock, Random, Sleep } from '../shared/time.ts';
import { readAnswer } from './answer.ts';
import { classifyAnswer, classifyTransport } from './classify.ts';
import type { CallContext, Failure } from './classify.ts';
import type { CredentialProvider } from './credentials.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { buildRequest } from './request.ts';
import type { OpenApiRequest, Signer } from './request.ts';
import { readPolicy, retryDelay, serverRetryAfter } from './retry.ts';
import type { RetryPolicy } from './retry.ts';
import { TransportError } from './transport.ts';
import type { Transport } from './transport.ts';

/** How long a permanent-looking failure (DNS, proxy, redirect, HTML page) is retried at most. */
const PERMANENT_GRACE_MS = 20_000;
/** A wait this long before a retry is worth a line in the log, not only in debug. */
const LONG_WAIT_MS = 5000;

/** No server's word makes one retry wait longer than this. */
const MAX_RETRY_WAIT_MS = 60_000;

export interface OpenApiOptions {
  endpoint: URL;
  service: Service;
  /** The input that names the endpoint, for the words of errors (default 'endpoint'). */
  endpointInput?: string;
  /** Keys to sign with (V3); without them every call is anonymous. */
  credentials?: CredentialProvider;
  transport: Transport;
  /** Shared by every call to the account, submissions and lookups alike. */
  limiter?: Pick<RateLimiter, 'acquire' | 'onThrottle' | 'onSuccess'>;
  requestTimeoutMs: number;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  /** Clock time after which no retry starts: retries stay inside the overall budget. */
  deadline: number;
  /** Attempts of the default (read) policy. */
  maxAttempts?: number;
  permanentGraceMs?: number;
  debug?: (line: string) => void;
}

/** The successful answer of a call, before the caller reads its fields. */
export interface ApiAnswer {
  body: Record<string, unknown>;
  requestId: string;
}

/** Thrown by a reader for an answer that lacks what the call must return: retried like a 5xx. */
export class IncompleteAnswer extends Error {
  override name = 'IncompleteAnswer';
}

export interface CallOptions<T> {
  /** Turns the answer into the caller's value; throws IncompleteAnswer if a field is missing. */
  read: (answer: ApiAnswer) => T;
  /** Told of a long wait before a retry (a minute-limit, a Retry-After), for the log. */
  onLongWait?: (waitMs: number, reason: string) => void;
  /** Which failures to retry (default: the read policy). */
  retry?: RetryPolicy;
  /** Overrides the client's deadline for this call. */
  deadline?: number;
  /** What a RAM policy must allow, named in a permission hint. */
  ramAction?: string;
  /** The caller's own hints for codes of its API. */
  hints?: (code: string) => string | undefined;
  /** Told when the policy retries with a remark (a submission that may be carried out twice). */
  onNote?: (note: string) => void;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export class OpenApiClient {
  private readonly options: OpenApiOptions;
  /** HTTP requests sent, retries included: what the account's rate limit counts. */
  requestsSent = 0;
  /** Calls that ended with a successful answer: 0 means the API was never reached. */
  answered = 0;
  /** When a permanent-looking failure was first seen while nothing had been answered. */
  private permanentSince: number | undefined;

  constructor(options: OpenApiOptions) {
    this.options = options;
  }

  get endpoint(): URL {
    return this.options.endpoint;
  }

  async call<T>(request: OpenApiRequest, options: CallOptions<T>): Promise<T> {
    const { clock, sleep, random, limiter } = this.options;
    const deadline = options.deadline ?? this.options.deadline;
    const policy = options.retry ?? readPolicy(this.options.maxAttempts);
    const context = this.context(request, options);
    let renewed = false;
    let ambiguous = 0;
    for (let attempt = 1; ; attempt++) {
      await limiter?.acquire();
      const result = await this.attempt(request, options, context, deadline);
      if (result.ok) return result.value;
      const { failure } = result;
      if (failure.code === 'InvalidSecurityToken.Expired' && !renewed) {
        // Keys from OIDC are renewed once and the call repeated; fixed keys cannot be.
        renewed = true;
        if (await this.options.credentials?.renewAfterExpiry()) {
          this.debug('STS credentials expired: renewed them through OIDC');
          continue;
        }
      }
      if (failure.reach === 'ambiguous') ambiguous += 1;
      const waitMs = Math.min(
        failure.retryAfterMs ?? retryDelay(attempt, random),
        MAX_RETRY_WAIT_MS
      );
      const retry = this.decide(failure, policy, { attempt, ambiguous }, waitMs);
      if (!retry.retry || clock() + waitMs >= deadline) throw this.toError(failure);
      if (retry.note) options.onNote?.(retry.note);
      this.debug(`retry ${attempt} in ${Math.round(waitMs)} ms: ${failure.message}`);
      if (waitMs >= LONG_WAIT_MS) options.onLongWait?.(waitMs, failure.message);
      await sleep(waitMs);
    }
  }

  /**
   * A permanent-looking failure before anything was answered gets a short grace, whatever the
   * policy (the request never reached the API); once the endpoint has answered, it is a blip.
   */
  private decide(
    failure: Failure,
    policy: RetryPolicy,
    state: { attempt: number; ambiguous: number },
    waitMs: number
  ): { retry: boolean; note?: string } {
    if (this.isPermanent(failure)) {
      const now = this.options.clock();
      this.permanentSince ??= now;
      const grace = this.options.permanentGraceMs ?? PERMANENT_GRACE_MS;
      return { retry: now + waitMs - this.permanentSince <= grace };
    }
    const kind = failure.kind === 'permanent' ? 'transient' : failure.kind;
    return policy.decide({ ...failure, kind }, state);
  }

  private isPermanent(failure: Failure): boolean {
    return failure.kind === 'permanent' && this.answered === 0;
  }

  private async attempt<T>(
    request: OpenApiRequest,
    options: CallOptions<T>,
    context: CallContext,
    deadline: number
  ): Promise<Attempt<T>> {
    const { clock, transport, endpoint, limiter } = this.options;
    const signer = await this.signer();
    const http = buildRequest(endpoint, request, signer, clock(), randomBytes(16).toString('hex'));
    this.requestsSent += 1;
    let response;
    try {
      response = await transport.send(http, this.attemptTimeout(deadline));
    } catch (error) {
      if (error instanceof TransportError)
        return { ok: false, failure: classifyTransport(error, context) };
      if (error instanceof TransientError) {
        // A transport that only says "transient" (a test double): nothing known about its reach.
        return {
          ok: false,
          failure: classifyTransport(new TransportError(error.message, 'other', '', true), context)
        };
      }
      throw error;
    }
    const answer = readAnswer(response);
    const retryAfterMs = serverRetryAfter(response.headers, clock());
    if (answer.kind !== 'ok') {
      const failure = classifyAnswer(answer, retryAfterMs, context);
      if (answer.kind === 'api-error') {
        if (failure.kind === 'throttled') limiter?.onThrottle(retryAfterMs);
        else limiter?.onSuccess();
      } else if (failure.kind === 'throttled') limiter?.onThrottle(retryAfterMs);
      return { ok: false, failure };
    }
    limiter?.onSuccess();
    try {
      const value = options.read({ body: answer.body, requestId: answer.requestId });
      this.answered += 1;
      this.permanentSince = undefined;
      this.debug(
        `${context.service} ${request.action} answered, RequestId ${answer.requestId || 'none'}`
      );
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof IncompleteAnswer)) throw error;
      const requestId = answer.requestId || 'none';
      return {
        ok: false,
        failure: {
          kind: 'transient',
          reach: 'ambiguous',
          code: '',
          httpStatus: response.status,
          requestId: answer.requestId,
          message: `${context.service} ${request.action}: ${error.message} (RequestId: ${requestId})`,
          hint: undefined,
          accessDenied: undefined,
          retryAfterMs
        }
      };
    }
  }

  /** A request never outlives the budget by more than a second. */
  private attemptTimeout(deadline: number): number {
    const left = deadline - this.options.clock() + 1000;
    return Math.min(this.options.requestTimeoutMs, Math.max(1000, left));
  }

  private async signer(): Promise<Signer> {
    if (!this.options.credentials) return { kind: 'anonymous' };
    return { kind: 'v3', credentials: await this.options.credentials.get() };
  }

  private context<T>(request: OpenApiRequest, options: CallOptions<T>): CallContext {
    const context: CallContext = {
      service: this.options.service,
      action: request.action,
      host: this.options.endpoint.host,
      endpointInput: this.options.endpointInput ?? 'endpoint'
    };
    if (options.ramAction) context.ramAction = options.ramAction;
    if (options.hints) context.hints = options.hints;
    return context;
  }

  /** Fatal and permanent failures stop the run (ApiError); the rest may pass (TransientError). */
  private toError(failure: Failure): Error {
    // The API's own words may echo the request; the runner's redactor scrubs every channel.
    const { message } = failure;
    if (failure.kind === 'fatal' || this.isPermanent(failure)) {
      return new ApiError(message, {
        service: this.options.service,
        code: failure.code,
        requestId: failure.requestId,
        httpStatus: failure.httpStatus,
        hint: failure.hint,
        accessDenied: failure.accessDenied
      });
    }
    return new TransientError(message, failure.retryAfterMs);
  }

  private debug(line: string): void {
    this.options.debug?.(line);
  }
}
