// Reads and validates every input into a typed Config before any request is sent.

import { InputError } from '../shared/errors.ts';
import { formatDuration, parseDuration } from '../shared/duration.ts';
import type { Product } from '../alibaba/products.ts';
import { readEndpoint, readProduct } from './product.ts';
import { readSubmission, submitsAnything } from './submission.ts';
import type { Submission } from './submission.ts';
import { ENV_CREDENTIAL_FAMILIES, resolveAuth } from './credentials.ts';
import type { Auth } from './credentials.ts';
import { parseTaskIds } from './task-ids.ts';
import { oneLine } from '../shared/text.ts';

/** The comment-tag default: names the hidden marker of the PR comment. */
export const DEFAULT_COMMENT_TAG = 'dcdn-refresh-wait';

export interface Config {
  /** IDs to wait for besides the ones this run submits (may be empty). */
  taskIds: string[];
  /** DCDN or CDN: endpoint host, API version and action names. */
  product: Product;
  /** What to submit before waiting (nothing when only task-ids is given). */
  submission: Submission;
  /** false: submit, set the outputs and end (status submitted) without waiting. */
  wait: boolean;
  /** Fixed keys (inputs or environment) or an OIDC role to assume. */
  auth: Auth;
  endpoint: URL;
  timeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  requestTimeoutMs: number;
  maxRequestsPerSecond: number;
  failOnTimeout: boolean;
  /** Keep one comment with the results on the pull request (PR events only). */
  commentOnPr: boolean;
  /** Names the comment's hidden marker: one comment per tag. */
  commentTag: string;
  /** For the PR comment only; '' when not given. */
  githubToken: string;
}

export type { Env, GetInput } from './credentials.ts';
import type { Env, GetInput } from './credentials.ts';

/** The account-wide limit that every caller on the account shares. */
const ACCOUNT_RATE_LIMIT = 30;

export interface ReadResult {
  config: Config;
  warnings: string[];
}

/**
 * Marks every secret the run could use as a secret before anything else reads or logs it.
 * Called first, even before validation, so an error message can never reveal one.
 */
export function maskSecrets(getInput: GetInput, env: Env, setSecret: (s: string) => void): void {
  const candidates = [
    getInput('access-key-secret'),
    getInput('security-token'),
    getInput('github-token')
  ];
  for (const family of ENV_CREDENTIAL_FAMILIES) {
    candidates.push(env[family.secret] ?? '', env[family.token] ?? '');
  }
  candidates.push(...proxyPasswords(env));
  for (const value of candidates) {
    if (value.trim() !== '') setSecret(value.trim());
  }
}

/** The password of a proxy URL (https://user:pass@proxy:3128) is a secret too, in both forms. */
function proxyPasswords(env: Env): string[] {
  const found: string[] = [];
  for (const name of [
    'https_proxy',
    'HTTPS_PROXY',
    'http_proxy',
    'HTTP_PROXY',
    'all_proxy',
    'ALL_PROXY'
  ]) {
    const value = env[name]?.trim();
    if (!value) continue;
    try {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
      if (url.password) found.push(url.password, safeDecode(url.password));
    } catch {
      // Not a URL: then it has no password to find; the proxy layer reports it.
    }
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function readConfig(getInput: GetInput, env: Env): ReadResult {
  const warnings: string[] = [];
  const product = readProduct(getInput);
  const endpoint = readEndpoint(getInput, product);
  const submission = readSubmission(getInput, product);
  const taskIds = getInput('task-ids').trim() === '' ? [] : parseTaskIds(getInput('task-ids'));
  if (taskIds.length === 0 && !submitsAnything(submission)) {
    throw new InputError(
      'Nothing to do: task-ids, refresh-paths, refresh-directories and prefetch-paths are all empty; set task-ids to wait for tasks, or paths to refresh or prefetch and wait for.'
    );
  }
  const wait = booleanInput(getInput, 'wait', true);
  if (!wait && !submitsAnything(submission)) {
    throw new InputError(
      'wait is false but there is nothing to submit: set refresh-paths, refresh-directories or prefetch-paths, or let the step wait for task-ids.'
    );
  }
  const auth = resolveAuth(getInput, env, warnings);
  const timeoutMs = durationInput(getInput, 'timeout', '20m', 100, 72 * 3_600_000);
  const pollIntervalMs = durationInput(getInput, 'poll-interval', '5s', 10, 3_600_000);
  const maxPollIntervalMs = durationInput(getInput, 'max-poll-interval', '30s', 10, 3_600_000);
  const requestTimeoutMs = durationInput(getInput, 'request-timeout', '10s', 10, 300_000);
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
    product,
    submission,
    wait,
    auth,
    endpoint,
    timeoutMs,
    pollIntervalMs,
    maxPollIntervalMs,
    requestTimeoutMs,
    maxRequestsPerSecond,
    failOnTimeout: booleanInput(getInput, 'fail-on-timeout', true),
    commentOnPr: booleanInput(getInput, 'comment-on-pr', false),
    commentTag: commentTagInput(getInput),
    githubToken: getInput('github-token').trim()
  };
  return { config, warnings };
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
      `${name} "${oneLine(raw, 40)}" is not a duration: use a number of seconds or units ms, s, m, h such as "30s", "2m" or "1h30m".`
    );
  }
  if (ms < minMs || ms > maxMs) {
    throw new InputError(
      `${name} "${oneLine(raw, 40)}" is out of range: use a value from ${formatDuration(minMs)} to ${formatDuration(maxMs)}.`
    );
  }
  return ms;
}

function rateInput(getInput: GetInput, warnings: string[]): number {
  const raw = getInput('max-requests-per-second').trim() || '10';
  // Above the account's limit is allowed (with a warning) up to 1,000: a raised account quota.
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
    throw new InputError(
      `max-requests-per-second "${oneLine(raw, 40)}" is not a whole number from 1 to 1000: the default 10 leaves room for other callers on the account's ${ACCOUNT_RATE_LIMIT} calls per second.`
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

/** The tag goes into an HTML comment in the PR comment, so it keeps to a plain charset. */
function commentTagInput(getInput: GetInput): string {
  const raw = getInput('comment-tag').trim();
  if (raw === '') return DEFAULT_COMMENT_TAG;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) {
    throw new InputError(
      `comment-tag "${oneLine(raw, 40)}" may hold only letters, digits, ".", "_" and "-" (at most 64): it names the hidden marker that finds this job's pull request comment, e.g. "prefetch".`
    );
  }
  return raw;
}

function booleanInput(getInput: GetInput, name: string, fallback: boolean): boolean {
  const raw = getInput(name).trim();
  if (raw === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(`${name} is "${oneLine(raw, 40)}": use true or false.`);
}
