// What a failed attempt means: retry it (throttled, transient), give it a short grace
// (permanent: nothing between here and the API will change by waiting), or stop and say what to
// fix (fatal). And whether the API may have acted on it, which decides if a submission may be
// sent again.

import type { Service } from '../shared/errors.ts';
import type { Answer } from './answer.ts';
import type { TransportError } from './transport.ts';

type FailureKind =
  /** The account is busy (429, Throttling*, a full queue): wait, then ask again. */
  | 'throttled'
  /** Worth retrying: 5xx, a dropped connection, a timeout, a garbled answer. */
  | 'transient'
  /** DNS, a refused connection, a proxy's refusal, a redirect, an HTML page: a short grace only. */
  | 'permanent'
  /** The API said no for a reason that retrying will not change. */
  | 'fatal';

/**
 * Whether the API may have acted on the request: `not-sent` never reached it, `rejected` was
 * refused by it (throttled, 4xx), `ambiguous` may have been carried out (a timeout or reset after
 * sending, a 5xx, an unreadable answer).
 */
type Reach = 'not-sent' | 'rejected' | 'ambiguous';

export interface Failure {
  kind: FailureKind;
  reach: Reach;
  /** The API's Code, the system's error code (ENOTFOUND), or '' when there is none. */
  code: string;
  /** 0 when no HTTP answer came. */
  httpStatus: number;
  requestId: string;
  /** One line saying what happened, without any request header. */
  message: string;
  hint: string | undefined;
  accessDenied: string | undefined;
  /** The server's own wait (Retry-After, x-acs-retry-after), or the code's documented one. */
  retryAfterMs: number | undefined;
}

/** Who was asked what, for the words of errors and hints. */
export interface CallContext {
  service: Service;
  action: string;
  /** The endpoint's host and the input that names it ('endpoint', 'sts-endpoint'). */
  host: string;
  endpointInput: string;
  /** What a RAM policy must allow for this call, e.g. "dcdn:DescribeDcdnRefreshTaskById". */
  ramAction?: string;
  /** The caller's own hints (STS has its own codes), asked before the common ones. */
  hints?: (code: string) => string | undefined;
}

const THROTTLING_CODES = new Set([
  'TooManyRequests',
  'TooMany.Refresh',
  'PreloadQueueFull',
  'QuotaPerMinuteExceeded.Refresh'
]);

/** Refused without being carried out, and worth another try. */
const RETRY_CODES = new Set(['SignatureNonceUsed', 'ServiceBusy']);

/** The per-domain refresh limit counts a minute: an earlier retry only spends calls. */
const MINUTE_CODES = new Set(['QuotaPerMinuteExceeded.Refresh']);

function isThrottling(httpStatus: number, code: string): boolean {
  return httpStatus === 429 || THROTTLING_CODES.has(code) || code.startsWith('Throttling');
}

function isRetryable(httpStatus: number, code: string): boolean {
  return (
    isThrottling(httpStatus, code) ||
    httpStatus >= 500 ||
    RETRY_CODES.has(code) ||
    ['InternalError', 'ServiceUnavailable'].includes(code)
  );
}

export function classifyAnswer(
  answer: Exclude<Answer, { kind: 'ok' }>,
  serverRetryAfterMs: number | undefined,
  context: CallContext
): Failure {
  const { httpStatus } = answer;
  if (answer.kind === 'not-api') {
    if (httpStatus === 429) {
      // A busy gateway or proxy may throttle without the API's JSON.
      const what = `${context.service} ${context.action}: ${answer.what}`;
      return {
        ...failure('throttled', 'rejected', '', httpStatus, what),
        retryAfterMs: serverRetryAfterMs
      };
    }
    if (answer.intercepted || httpStatus === 407) {
      // Something in between answered (a portal, a proxy, a web server): the API never saw it.
      const hint =
        httpStatus === 407
          ? 'the proxy asks for credentials: put them in HTTPS_PROXY (http://user:password@proxy:port)'
          : `check the ${context.endpointInput} input, and any proxy or captive portal in between`;
      return {
        ...failure(
          'permanent',
          'not-sent',
          httpStatus === 407 ? 'ProxyAuthenticationRequired' : 'NotAnApiAnswer',
          httpStatus,
          `${context.host} answered with ${answer.what}: ${hint}`
        ),
        hint
      };
    }
    // A garbled 200 or 5xx may come from the API after it acted.
    const reach = httpStatus >= 400 && httpStatus < 500 ? 'rejected' : 'ambiguous';
    const what = `${context.service} ${context.action}: ${answer.what}`;
    return {
      ...failure('transient', reach, '', httpStatus, what),
      retryAfterMs: serverRetryAfterMs
    };
  }
  const { code } = answer;
  const throttled = isThrottling(httpStatus, code);
  const retry = isRetryable(httpStatus, code);
  const hint = retry ? undefined : (context.hints?.(code) ?? hintFor(code, context));
  const requestId = answer.requestId || 'none';
  const text = `${context.service} ${context.action} failed: HTTP ${httpStatus} ${code || '(no code)'}: ${answer.message || 'no message'} (RequestId: ${requestId})`;
  const denial = answer.accessDenied ? `. Access denied: ${answer.accessDenied}` : '';
  return {
    kind: throttled ? 'throttled' : retry ? 'transient' : 'fatal',
    reach: httpStatus >= 500 ? 'ambiguous' : 'rejected',
    code,
    httpStatus,
    requestId: answer.requestId,
    message: `${text}${denial}${hint ? `. Hint: ${hint}` : ''}`,
    hint,
    accessDenied: answer.accessDenied,
    retryAfterMs: serverRetryAfterMs ?? (MINUTE_CODES.has(code) ? 60_000 : undefined)
  };
}

export function classifyTransport(error: TransportError, context: CallContext): Failure {
  if (!['dns', 'refused', 'proxy', 'tls'].includes(error.failure)) {
    const reach = error.sent ? 'ambiguous' : 'not-sent';
    return failure(
      'transient',
      reach,
      error.code,
      0,
      `${context.service} ${context.action}: ${error.message}`
    );
  }
  // The proxy's own words already say what to fix; the others point at the endpoint.
  const hint = error.failure === 'proxy' ? undefined : `check the ${context.endpointInput} input`;
  return {
    ...failure(
      'permanent',
      'not-sent',
      error.code,
      0,
      hint ? `${error.message}: ${hint}` : error.message
    ),
    hint
  };
}

function failure(
  kind: FailureKind,
  reach: Reach,
  code: string,
  httpStatus: number,
  message: string
): Failure {
  return {
    kind,
    reach,
    code,
    httpStatus,
    requestId: '',
    message,
    hint: undefined,
    accessDenied: undefined,
    retryAfterMs: undefined
  };
}

const HINTS: [RegExp, (context: CallContext) => string][] = [
  [
    /^(SignatureDoesNotMatch|IncompleteSignature)$/,
    () =>
      'the access key secret does not match the access key ID: check access-key-secret (or the secret variable) for a stray character or the wrong key.'
  ],
  [
    /^InvalidAccessKeyId\.NotFound$/,
    () => 'the access key ID does not exist: check access-key-id, and that the key was not deleted.'
  ],
  [
    /^InvalidAccessKeyId\.Inactive$/,
    () => 'the access key is disabled: enable it in the RAM console or use another key.'
  ],
  [
    /^(Forbidden|NoPermission|Forbidden\..*)$/,
    (context) =>
      `the RAM user or role lacks permission: grant it "${context.ramAction ?? 'dcdn:DescribeDcdnRefreshTaskById'}"${/:Describe/.test(context.ramAction ?? ':Describe') ? ' (read-only)' : ''}.`
  ],
  [
    /^InvalidTimeStamp/,
    () =>
      "the runner's clock is more than 15 minutes off: synchronise it (NTP) on self-hosted runners."
  ],
  [
    /^InvalidSecurityToken\.Expired$/,
    () =>
      'the STS credentials expired during the wait: make them outlast the timeout (a longer role session), or let this action assume the role through OIDC (role-to-assume), which renews them.'
  ],
  [
    /^InvalidSecurityToken/,
    () =>
      'the STS security token is invalid or expired: get fresh STS credentials (and pass the token with the keys it belongs to).'
  ],
  [
    /^InvalidTime$/,
    () =>
      'only tasks created in the last 3 days can be queried: check the task IDs come from a recent refresh.'
  ],
  [
    /^InvalidTaskId/,
    () =>
      'check the task IDs: at most 10 per call, decimal digits only (this action batches them for you).'
  ],
  [
    /^InvalidApi\.NotFound$/,
    (context) =>
      `the endpoint does not serve this API: check the ${context.endpointInput} input${context.service === 'DCDN' || context.service === 'CDN' ? ' and the product input (dcdn or cdn)' : ''}.`
  ],
  [
    /^QuotaExceeded/,
    () =>
      "today's refresh or prefetch quota is spent: wait until it resets, or ask Alibaba Cloud to raise it."
  ],
  [
    /^InvalidObjectPath\.ExceedsMaximum$/,
    () =>
      'too many paths in one call: this action batches within the documented limits; report this.'
  ],
  [
    /^(InvalidObjectPath|InvalidExtensiveDomain)/,
    () =>
      'a path is not valid for this call: each must be a full URL (https://example.com/path) of a domain added to this product, without a wildcard domain.'
  ],
  [/^InvalidObjectType/, () => 'refresh-type must be File, Directory, Regex or IgnoreParams.'],
  [
    /^SingleRequest\.OverLimit$/,
    () =>
      'too many paths in one call: this action batches within the documented limits; report this.'
  ],
  [
    /^InvalidDomain\.NotFound$/,
    (context) =>
      `a domain of these paths is not in this account's ${context.service}: check the paths and the product input.`
  ],
  [
    /^InvalidDomain\.Offline$/,
    () => 'a domain of these paths is offline: start it in the console, or leave its paths out.'
  ]
];

/** What to change, when we know. Without a context the DCDN waiter's words are used. */
function hintFor(code: string, context?: CallContext): string | undefined {
  const words = HINTS.find(([pattern]) => pattern.test(code))?.[1];
  return words?.(
    context ?? {
      service: 'DCDN',
      action: 'DescribeDcdnRefreshTaskById',
      host: 'dcdn.aliyuncs.com',
      endpointInput: 'endpoint',
      ramAction: 'dcdn:DescribeDcdnRefreshTaskById'
    }
  );
}
