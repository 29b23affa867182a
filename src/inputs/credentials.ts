// Which credentials sign the requests. Order of precedence: key inputs, then the OIDC inputs
// (role-to-assume + oidc-provider-arn), then the environment variables. Each source is taken
// whole: a token from one is never combined with keys from another.

import { parseEndpoint } from './endpoint.ts';
import { InputError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';
import type { Credentials } from '../alibaba/credentials.ts';

export type GetInput = (name: string) => string;
export type Env = Record<string, string | undefined>;

export type Auth =
  | {
      kind: 'keys';
      credentials: Credentials;
      /** Where the keys came from, for the log (never the values). */
      source: string;
    }
  | {
      kind: 'oidc';
      roleArn: string;
      oidcProviderArn: string;
      audience: string;
      roleSessionName: string;
      durationSeconds: number;
      stsEndpoint: URL;
    };

/** Environment families, in order of precedence. */
export const ENV_CREDENTIAL_FAMILIES = [
  {
    id: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    secret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    token: 'ALIBABA_CLOUD_SECURITY_TOKEN'
  },
  { id: 'ALICLOUD_ACCESS_KEY', secret: 'ALICLOUD_SECRET_KEY', token: 'ALICLOUD_SECURITY_TOKEN' }
] as const;

export function resolveAuth(getInput: GetInput, env: Env, warnings: string[]): Auth {
  const fromInputs = takeWhole(
    {
      id: getInput('access-key-id'),
      secret: getInput('access-key-secret'),
      token: getInput('security-token')
    },
    { id: 'access-key-id', secret: 'access-key-secret', token: 'security-token' },
    'input'
  );
  const oidc = oidcInputs(getInput, env);
  if (fromInputs) {
    if (oidc)
      warnings.push(
        'role-to-assume is ignored: access-key-id and access-key-secret are set and take precedence.'
      );
    return { kind: 'keys', credentials: fromInputs, source: 'the action inputs' };
  }
  if (oidc) return oidc;
  for (const family of ENV_CREDENTIAL_FAMILIES) {
    const found = takeWhole(
      {
        id: env[family.id] ?? '',
        secret: env[family.secret] ?? '',
        token: env[family.token] ?? ''
      },
      family,
      'environment variable'
    );
    if (found)
      return { kind: 'keys', credentials: found, source: `${family.id} and related variables` };
  }
  throw new InputError(
    'No Alibaba Cloud credentials: set role-to-assume and oidc-provider-arn (OIDC, no stored keys), or the inputs access-key-id and access-key-secret, or the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY), e.g. with aliyun/configure-aliyun-credentials-action.'
  );
}

function oidcInputs(getInput: GetInput, env: Env): Auth | undefined {
  const roleArn = getInput('role-to-assume').trim();
  const oidcProviderArn = getInput('oidc-provider-arn').trim();
  if (!roleArn && !oidcProviderArn) return undefined;
  if (!roleArn || !oidcProviderArn) {
    const [given, missing] = roleArn
      ? ['role-to-assume', 'oidc-provider-arn']
      : ['oidc-provider-arn', 'role-to-assume'];
    throw new InputError(
      `${given} is set but ${missing} is empty: OIDC needs both the role ARN and the OIDC provider ARN.`
    );
  }
  checkArn('role-to-assume', roleArn, 'role', 'acs:ram::1234567890123456:role/github-dcdn');
  checkArn(
    'oidc-provider-arn',
    oidcProviderArn,
    'oidc-provider',
    'acs:ram::1234567890123456:oidc-provider/github'
  );
  const audience = getInput('audience').trim() || 'sts.aliyuncs.com';
  if (!/^[\x21-\x7e]{1,256}$/.test(audience)) {
    throw new InputError(
      `audience "${oneLine(audience, 40)}" must be one word, e.g. sts.aliyuncs.com (a client ID of the RAM OIDC provider).`
    );
  }
  const roleSessionName = getInput('role-session-name').trim() || 'dcdn-refresh-wait';
  if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(roleSessionName)) {
    throw new InputError(
      `role-session-name "${oneLine(roleSessionName, 40)}" must be 2-64 characters of letters, digits and . @ _ -.`
    );
  }
  const rawDuration = getInput('role-session-expiration').trim() || '900';
  const durationSeconds = Number(rawDuration);
  if (!/^\d+$/.test(rawDuration) || durationSeconds < 900 || durationSeconds > 43200) {
    throw new InputError(
      `role-session-expiration "${oneLine(rawDuration, 40)}" must be a whole number of seconds from 900 to 43200 (the action renews the credentials if the wait lasts longer).`
    );
  }
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new InputError(
      'role-to-assume needs a GitHub OIDC token, but this job cannot request one: add "permissions: id-token: write" to the workflow or job (and keep any other permissions it needs, e.g. contents: read).'
    );
  }
  return {
    kind: 'oidc',
    roleArn,
    oidcProviderArn,
    audience,
    roleSessionName,
    durationSeconds,
    stsEndpoint: parseEndpoint(getInput('sts-endpoint') || 'sts.aliyuncs.com', 'sts-endpoint')
  };
}

function checkArn(name: string, value: string, kind: string, example: string): void {
  if (!new RegExp(`^acs:ram::\\d+:${kind}/[^\\s/]+$`).test(value)) {
    throw new InputError(
      `${name} "${oneLine(value, 80)}" is not a RAM ${kind} ARN: expected the form ${example}.`
    );
  }
}

function takeWhole(
  values: { id: string; secret: string; token: string },
  names: { id: string; secret: string; token: string },
  kind: string
): Credentials | undefined {
  const id = values.id.trim();
  const secret = values.secret.trim();
  const token = values.token.trim();
  if (!id && !secret && !token) return undefined;
  if (!id || !secret) {
    const missing = !id ? names.id : names.secret;
    const given = [id && names.id, secret && names.secret, token && names.token].filter(Boolean);
    throw new InputError(
      `The ${kind} ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set but ${missing} is empty: set both ${names.id} and ${names.secret} from the same source.`
    );
  }
  if (!/^[\x21-\x7e]+$/.test(id)) {
    throw new InputError(
      `The ${kind} ${names.id} has spaces or unusual characters: check the value.`
    );
  }
  return token
    ? { accessKeyId: id, accessKeySecret: secret, securityToken: token }
    : { accessKeyId: id, accessKeySecret: secret };
}
