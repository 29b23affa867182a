// What a DCDN error code means for the action: retry it, or stop and say what to fix.

const RETRYABLE_CODES = new Set([
  'TooManyRequests',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'Throttling.System',
  'ServiceUnavailable',
  'InternalError',
  'SignatureNonceUsed'
]);

export function isRetryable(httpStatus: number, code: string): boolean {
  return (
    httpStatus === 429 ||
    httpStatus >= 500 ||
    RETRYABLE_CODES.has(code) ||
    code.startsWith('Throttling')
  );
}

const HINTS: [RegExp, string][] = [
  [
    /^(SignatureDoesNotMatch|IncompleteSignature)$/,
    'the access key secret does not match the access key ID: check access-key-secret (or the secret variable) for a stray character or the wrong key.'
  ],
  [
    /^InvalidAccessKeyId\.NotFound$/,
    'the access key ID does not exist: check access-key-id, and that the key was not deleted.'
  ],
  [
    /^InvalidAccessKeyId\.Inactive$/,
    'the access key is disabled: enable it in the RAM console or use another key.'
  ],
  [
    /^(Forbidden|NoPermission|Forbidden\.RAM|Forbidden\.AccessDenied|Forbidden\..*)$/,
    'the RAM user or role lacks permission: grant it "dcdn:DescribeDcdnRefreshTaskById" (read-only).'
  ],
  [
    /^InvalidTimeStamp/,
    "the runner's clock is more than 15 minutes off: synchronise it (NTP) on self-hosted runners."
  ],
  [
    /^InvalidSecurityToken\.Expired$/,
    'the STS credentials expired during the wait: make them outlast the timeout (a longer role session), or let this action assume the role through OIDC (role-to-assume), which renews them.'
  ],
  [
    /^InvalidSecurityToken/,
    'the STS security token is invalid or expired: get fresh STS credentials (and pass the token with the keys it belongs to).'
  ],
  [
    /^InvalidTime$/,
    'only tasks created in the last 3 days can be queried: check the task IDs come from a recent refresh.'
  ],
  [
    /^InvalidTaskId/,
    'check the task IDs: at most 10 per call, decimal digits only (this action batches them for you).'
  ],
  [
    /^InvalidApi\.NotFound$/,
    'the endpoint does not serve the DCDN API: check the endpoint input (dcdn.aliyuncs.com).'
  ]
];

export function hintFor(code: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(code))?.[1];
}
