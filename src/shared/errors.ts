// Error types the entry point turns into one clear line (never a stack trace).

/** Bad input: the message says what is wrong and how to fix it. No request has been sent. */
export class InputError extends Error {
  override name = 'InputError';
}

/** A DCDN answer that retrying will not fix (bad key, missing permission, ...). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  readonly requestId: string;
  readonly httpStatus: number;
  constructor(message: string, code: string, requestId: string, httpStatus: number) {
    super(message);
    this.code = code;
    this.requestId = requestId;
    this.httpStatus = httpStatus;
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
