// Error types the entry point turns into one clear line (never a stack trace).

/** Bad input: the message says what is wrong and how to fix it. No request has been sent. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Who answered: every error and report names the service it came from. */
export type Service = 'DCDN' | 'CDN' | 'STS' | 'GitHub OIDC' | 'GitHub API';

export interface ApiErrorDetails {
  service: Service;
  /** The API's Code ('' when it gave none). */
  code: string;
  requestId: string;
  /** 0 when no HTTP answer came (DNS, refused connection, OIDC token request). */
  httpStatus: number;
  /** What to change, when we know. */
  hint?: string | undefined;
  /** RAM denial detail (AccessDeniedDetail: AuthAction, NoPermissionType, ...), one line. */
  accessDenied?: string | undefined;
}

/** An answer that retrying will not fix (bad key, missing permission, ...). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly service: Service;
  readonly code: string;
  readonly requestId: string;
  readonly httpStatus: number;
  readonly hint: string | undefined;
  readonly accessDenied: string | undefined;
  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    this.service = details.service;
    this.code = details.code;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.hint = details.hint;
    this.accessDenied = details.accessDenied;
  }
}

/** A failure worth retrying (throttling, 5xx, network, timeout, garbage body). */
export class TransientError extends Error {
  override name = 'TransientError';
  /** Server-suggested wait (Retry-After / x-acs-retry-after), in ms, when it gave one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The job was cancelled (SIGINT/SIGTERM from the runner): stop waiting, report what we have. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/**
 * The run's time budget (timeout) is spent: whatever was waiting (a hung request, a retry's
 * sleep, an STS exchange) stops. A kind of cancellation, so the poller keeps what it heard.
 */
export class BudgetExceededError extends CancelledError {
  override name = 'BudgetExceededError';
}
