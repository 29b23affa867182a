// What an Octokit error says happened: an answer from GitHub (its status, message and headers),
// or no answer at all (a timeout, a DNS failure, a refused connection). Octokit reports a request
// that got no answer as status 500; only an error that carries a response had an answer.

export interface GitHubAnswer {
  status: number;
  /** GitHub's own words, without the documentation link Octokit appends. */
  message: string;
  headers: Record<string, unknown>;
}

/** The answer GitHub (or a proxy) gave, or undefined when none came back. */
export function answerOf(error: unknown): GitHubAnswer | undefined {
  const response = (error as { response?: unknown } | undefined)?.response as
    { status?: unknown; data?: unknown; headers?: Record<string, unknown> } | undefined;
  if (!response || typeof response.status !== 'number') return undefined;
  return { status: response.status, message: messageOf(error), headers: response.headers ?? {} };
}

/** The HTTP status GitHub answered with (0 when no answer came back). */
export function statusOf(error: unknown): number {
  return answerOf(error)?.status ?? 0;
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (data && typeof data === 'object') {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  if (typeof data === 'string' && data.trim() !== '') return data;
  return errorMessage(error);
}

export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Each error in the `cause` chain, outermost first. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e);) {
    seen.add(e);
    yield e as Record<string, unknown>;
    e = (e as { cause?: unknown }).cause;
  }
}

/** An abort: the deadline's signal fired, or the job was cancelled. */
export function isAbort(error: unknown): boolean {
  for (const e of causes(error)) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  }
  return false;
}

/** The system error under a failed connection: ENOTFOUND, ECONNREFUSED, ... */
export interface NetworkFailure {
  code: string;
  /** The name that did not resolve, or the address:port that refused. */
  where: string | undefined;
  message: string;
}

export function networkFailureOf(error: unknown): NetworkFailure | undefined {
  if (answerOf(error)) return undefined;
  for (const e of causes(error)) {
    if (typeof e.code !== 'string' || !/^E[A-Z_]+$|^UND_ERR/.test(e.code)) continue;
    const host = typeof e.hostname === 'string' ? e.hostname : undefined;
    const address =
      typeof e.address === 'string'
        ? `${e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}`
        : undefined;
    return { code: e.code, where: host ?? address, message: errorMessage(e) };
  }
  return undefined;
}

/** undici's words when a proxy refuses to open an HTTPS tunnel ("Proxy response (407) ..."). */
export function proxyTunnelStatusOf(error: unknown): number | undefined {
  for (const e of causes(error)) {
    const match = /Proxy response \((\d{3})\)/.exec(errorMessage(e));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Connection failures that another try in a few seconds will not fix. */
const PERMANENT_CODES = new Set([
  'ENOTFOUND',
  'ECONNREFUSED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
]);

/** Worth another try: GitHub's 5xx, or a dropped connection; not a timeout, DNS or refusal. */
export function isTransient(error: unknown): boolean {
  if (isAbort(error) || proxyTunnelStatusOf(error) !== undefined) return false;
  const answer = answerOf(error);
  if (answer) return answer.status >= 500;
  const failure = networkFailureOf(error);
  return !failure || !PERMANENT_CODES.has(failure.code);
}

const header = (answer: GitHubAnswer, name: string): string | undefined => {
  const value = answer.headers[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) ? value.map(String).join(', ') : undefined;
};

/**
 * GitHub's rate limits: 403 or 429 with `retry-after` (the secondary limit) or with no calls
 * left until `x-ratelimit-reset` (the primary one). `waitMs` is how long GitHub asked to wait,
 * undefined when it did not say.
 */
export function rateLimitOf(
  error: unknown,
  now: number
): { waitMs: number | undefined } | undefined {
  const answer = answerOf(error);
  if (!answer || (answer.status !== 403 && answer.status !== 429)) return undefined;
  const retryAfter = header(answer, 'retry-after');
  const limited =
    answer.status === 429 ||
    retryAfter !== undefined ||
    header(answer, 'x-ratelimit-remaining') === '0' ||
    /rate limit/i.test(answer.message);
  if (!limited) return undefined; // a 403 about permissions
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds) && seconds >= 0)
      return { waitMs: seconds * 1000 };
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return { waitMs: Math.max(0, at - now) };
  }
  const reset = Number(header(answer, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return { waitMs: Math.max(0, reset * 1000 - now) };
  return { waitMs: undefined };
}
