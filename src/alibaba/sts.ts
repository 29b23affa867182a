// STS AssumeRoleWithOIDC: exchanges the workflow's OIDC token for temporary credentials. The call
// is anonymous (no signature, no key): the OIDC token is the proof of identity.

import { isRetryable } from './classify.ts';
import { retryDelay } from './retry.ts';
import { ApiError, TransientError } from '../shared/errors.ts';
import { acsDate, canonicalQueryString } from './signing.ts';
import { oneLine } from '../shared/text.ts';
import type { Transport } from './transport.ts';
import type { Clock, Random, Sleep } from '../shared/time.ts';
import type { StsCredentials } from './credentials.ts';

export interface AssumeRoleRequest {
  stsEndpoint: URL;
  roleArn: string;
  oidcProviderArn: string;
  oidcToken: string;
  roleSessionName: string;
  durationSeconds: number;
}

export interface StsDeps {
  transport: Transport;
  requestTimeoutMs: number;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  maxAttempts?: number;
}

const STS_HINTS: [RegExp, string][] = [
  [
    /AudienceNotMatch/,
    "the RAM OIDC provider's client IDs must include the audience input (default sts.aliyuncs.com): add it to the provider in the RAM console, or set audience to one of its client IDs."
  ],
  [
    /EntityNotExist\.Role/,
    'the role in role-to-assume does not exist: copy its ARN (acs:ram::<account>:role/<name>) from the RAM console.'
  ],
  [
    /EntityNotExist\.OIDCProvider/,
    'the OIDC provider in oidc-provider-arn does not exist: copy its ARN (acs:ram::<account>:oidc-provider/<name>) from the RAM console.'
  ],
  [
    /NoPermission|NotTrusted|AuthenticationFail/,
    "the role's trust policy does not accept this workflow: allow the OIDC provider and a condition on oidc:sub matching this repository (e.g. repo:<owner>/<repo>:*)."
  ],
  [/RoleSessionName/, 'role-session-name must be 2-64 characters of letters, digits and . @ _ -.'],
  [
    /DurationSeconds/,
    "role-session-expiration is above the role's maximum session duration: lower it or raise the role's limit."
  ],
  [/InvalidTimeStamp/, "the runner's clock is more than 15 minutes off: synchronise it (NTP)."]
];

export async function assumeRoleWithOidc(
  request: AssumeRoleRequest,
  deps: StsDeps
): Promise<StsCredentials> {
  const maxAttempts = deps.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(request, deps);
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= maxAttempts) throw error;
      await deps.sleep(error.retryAfterMs ?? retryDelay(attempt, deps.random));
    }
  }
}

async function exchangeOnce(request: AssumeRoleRequest, deps: StsDeps): Promise<StsCredentials> {
  const query = {
    Action: 'AssumeRoleWithOIDC',
    Version: '2015-04-01',
    Format: 'JSON',
    Timestamp: acsDate(deps.clock())
  };
  const form = canonicalQueryString({
    RoleArn: request.roleArn,
    OIDCProviderArn: request.oidcProviderArn,
    OIDCToken: request.oidcToken,
    RoleSessionName: request.roleSessionName,
    DurationSeconds: String(request.durationSeconds)
  });
  const response = await deps.transport.send(
    {
      method: 'POST',
      url: `${request.stsEndpoint.origin}/?${canonicalQueryString(query)}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json'
      },
      body: form
    },
    deps.requestTimeoutMs
  );
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (!json)
    throw new TransientError(`STS answered HTTP ${response.status} with a body that is not JSON`);
  const code = typeof json.Code === 'string' ? oneLine(json.Code, 80) : '';
  const requestId = oneLine(
    String(json.RequestId ?? response.headers['x-acs-request-id'] ?? 'none'),
    80
  );
  if (response.status !== 200 || code) {
    const message = oneLine(String(json.Message ?? 'no message'), 300);
    const text = `STS AssumeRoleWithOIDC failed: HTTP ${response.status} ${code || '(no code)'}: ${message} (RequestId: ${requestId})`;
    if (isRetryable(response.status, code)) throw new TransientError(text);
    const hint = STS_HINTS.find(([pattern]) => pattern.test(code))?.[1];
    throw new ApiError(hint ? `${text}. Hint: ${hint}` : text, {
      service: 'STS',
      code,
      requestId,
      httpStatus: response.status,
      hint
    });
  }
  const creds = json.Credentials as Record<string, unknown> | undefined;
  const accessKeyId = String(creds?.AccessKeyId ?? '');
  const accessKeySecret = String(creds?.AccessKeySecret ?? '');
  const securityToken = String(creds?.SecurityToken ?? '');
  const expiresAt = Date.parse(String(creds?.Expiration ?? ''));
  if (!accessKeyId || !accessKeySecret || !securityToken || Number.isNaN(expiresAt)) {
    throw new TransientError(`STS answered without complete Credentials (RequestId: ${requestId})`);
  }
  return { accessKeyId, accessKeySecret, securityToken, expiresAt };
}
