// Reads and validates every input into a typed Config before any request is sent.

import { InputError } from './errors.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { parseEndpoint } from './endpoint.ts';
import { parseTaskIds } from './task-ids.ts';
import type { Credentials } from './types.ts';

export interface Config {
  taskIds: string[];
  credentials: Credentials;
  /** Where the credentials came from, for the log (never the values). */
  credentialSource: string;
  endpoint: URL;
  timeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  requestTimeoutMs: number;
  maxRequestsPerSecond: number;
  failOnTimeout: boolean;
}

export type GetInput = (name: string) => string;
export type Env = Record<string, string | undefined>;

/** The account-wide limit that every caller on the account shares. */
export const ACCOUNT_RATE_LIMIT = 30;

/** Environment families, in order of precedence, each taken whole. */
export const ENV_CREDENTIAL_FAMILIES = [
  {
    id: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    secret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    token: 'ALIBABA_CLOUD_SECURITY_TOKEN'
  },
  { id: 'ALICLOUD_ACCESS_KEY', secret: 'ALICLOUD_SECRET_KEY', token: 'ALICLOUD_SECURITY_TOKEN' }
] as const;

export interface ReadResult {
  config: Config;
  warnings: string[];
}

/**
 * Marks every secret the run could use as a secret before anything else reads or logs it.
 * Called first, even before validation, so an error message can never reveal one.
 */
export function maskSecrets(getInput: GetInput, env: Env, setSecret: (s: string) => void): void {
  const candidates = [getInput('access-key-secret'), getInput('security-token')];
  for (const family of ENV_CREDENTIAL_FAMILIES) {
    candidates.push(env[family.secret] ?? '', env[family.token] ?? '');
  }
  for (const value of candidates) {
    if (value.trim() !== '') setSecret(value.trim());
  }
}

export function readConfig(getInput: GetInput, env: Env): ReadResult {
  const warnings: string[] = [];
  const taskIds = parseTaskIds(getInput('task-ids'));
  const { credentials, source } = resolveCredentials(getInput, env);
  const timeoutMs = durationInput(getInput, 'timeout', '20m', 1000, 72 * 3_600_000);
  const pollIntervalMs = durationInput(getInput, 'poll-interval', '5s', 100, 3_600_000);
  const maxPollIntervalMs = durationInput(getInput, 'max-poll-interval', '30s', 100, 3_600_000);
  const requestTimeoutMs = durationInput(getInput, 'request-timeout', '10s', 100, 300_000);
  if (pollIntervalMs > maxPollIntervalMs) {
    throw new InputError(
      `poll-interval (${formatDuration(pollIntervalMs)}) is longer than max-poll-interval (${formatDuration(maxPollIntervalMs)}): raise max-poll-interval or lower poll-interval.`
    );
  }
  if (timeoutMs < pollIntervalMs) {
    throw new InputError(
      `timeout (${formatDuration(timeoutMs)}) is shorter than poll-interval (${formatDuration(pollIntervalMs)}): the action could poll only once; raise timeout.`
    );
  }
  const maxRequestsPerSecond = rateInput(getInput, warnings);
  const config: Config = {
    taskIds,
    credentials,
    credentialSource: source,
    endpoint: parseEndpoint(getInput('endpoint') || 'dcdn.aliyuncs.com'),
    timeoutMs,
    pollIntervalMs,
    maxPollIntervalMs,
    requestTimeoutMs,
    maxRequestsPerSecond,
    failOnTimeout: booleanInput(getInput, 'fail-on-timeout', true)
  };
  return { config, warnings };
}

/** Inputs first, then each environment family; a source is used whole, never mixed. */
export function resolveCredentials(
  getInput: GetInput,
  env: Env
): { credentials: Credentials; source: string } {
  const fromInputs = takeWhole(
    {
      id: getInput('access-key-id'),
      secret: getInput('access-key-secret'),
      token: getInput('security-token')
    },
    { id: 'access-key-id', secret: 'access-key-secret', token: 'security-token' },
    'input'
  );
  if (fromInputs) return { credentials: fromInputs, source: 'the action inputs' };
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
    if (found) return { credentials: found, source: `${family.id} and related variables` };
  }
  throw new InputError(
    'No Alibaba Cloud credentials: set the inputs access-key-id and access-key-secret (plus security-token for STS), or the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY), e.g. with aliyun/configure-aliyun-credentials-action.'
  );
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

function durationInput(
  getInput: GetInput,
  name: string,
  fallback: string,
  minMs: number,
  maxMs: number
): number {
  const raw = getInput(name).trim() || fallback;
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw new InputError(
      `${name} "${raw.slice(0, 40)}" is not a duration: use a number of seconds or units ms, s, m, h such as "30s", "2m" or "1h30m".`
    );
  }
  if (ms < minMs || ms > maxMs) {
    throw new InputError(
      `${name} "${raw}" is out of range: use a value from ${formatDuration(minMs)} to ${formatDuration(maxMs)}.`
    );
  }
  return ms;
}

function rateInput(getInput: GetInput, warnings: string[]): number {
  const raw = getInput('max-requests-per-second').trim() || '10';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
    throw new InputError(
      `max-requests-per-second "${raw.slice(0, 40)}" is not a whole number from 1 to ${ACCOUNT_RATE_LIMIT}: the default 10 leaves room for other callers on the account.`
    );
  }
  const rate = Number(raw);
  if (rate > ACCOUNT_RATE_LIMIT) {
    warnings.push(
      `max-requests-per-second is ${rate}, above the account limit of ${ACCOUNT_RATE_LIMIT} calls per second that every caller on the account shares: expect throttling (it is retried).`
    );
  }
  return rate;
}

function booleanInput(getInput: GetInput, name: string, fallback: boolean): boolean {
  const raw = getInput(name).trim();
  if (raw === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(`${name} is "${raw.slice(0, 40)}": use true or false.`);
}
