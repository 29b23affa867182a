// STS AssumeRoleWithOIDC: exchanges the workflow's OIDC token for temporary credentials. The call
// is anonymous (no signature, no key): the OIDC token is the proof of identity.

import { text } from './answer.ts';
import { IncompleteAnswer, OpenApiClient } from './openapi.ts';
import type { ApiAnswer } from './openapi.ts';
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
  /** Clock time after which no retry starts (default: none). */
  deadline?: number;
  maxAttempts?: number;
  permanentGraceMs?: number;
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
  const client = new OpenApiClient({
    endpoint: request.stsEndpoint,
    service: 'STS',
    endpointInput: 'sts-endpoint',
    transport: deps.transport,
    requestTimeoutMs: deps.requestTimeoutMs,
    clock: deps.clock,
    sleep: deps.sleep,
    random: deps.random,
    deadline: deps.deadline ?? Number.POSITIVE_INFINITY,
    maxAttempts: deps.maxAttempts ?? 4,
    ...(deps.permanentGraceMs === undefined ? {} : { permanentGraceMs: deps.permanentGraceMs })
  });
  return client.call(
    {
      action: 'AssumeRoleWithOIDC',
      version: '2015-04-01',
      placement: 'body',
      params: {
        RoleArn: request.roleArn,
        OIDCProviderArn: request.oidcProviderArn,
        OIDCToken: request.oidcToken,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: String(request.durationSeconds)
      }
    },
    {
      read: readCredentials,
      hints: (code) => STS_HINTS.find(([pattern]) => pattern.test(code))?.[1]
    }
  );
}

function readCredentials({ body, requestId }: ApiAnswer): StsCredentials {
  const raw = body.Credentials;
  const creds = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const accessKeyId = text(creds.AccessKeyId);
  const accessKeySecret = text(creds.AccessKeySecret);
  const securityToken = text(creds.SecurityToken);
  const expiresAt = Date.parse(text(creds.Expiration));
  if (!accessKeyId || !accessKeySecret || !securityToken || Number.isNaN(expiresAt)) {
    throw new IncompleteAnswer(
      `answer without complete Credentials (RequestId: ${requestId || 'none'})`
    );
  }
  return { accessKeyId, accessKeySecret, securityToken, expiresAt };
}
