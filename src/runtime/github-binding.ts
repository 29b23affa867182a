// The workflow run's context, read from the runner's GITHUB_* variables and the event file, and
// an Octokit factory. @actions/github (with Octokit, 15% of the bundle) is imported only when a
// comment is about to be written, so a run without one never loads it.

import { readFileSync } from 'node:fs';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import type { EventPayload, GitHubBinding, RunContext } from '../github/pr-comment.ts';
import { oneLine } from '../shared/text.ts';
import { loadUndici } from './undici.ts';
import { USER_AGENT } from './user-agent.ts';

type Env = Record<string, string | undefined>;

/** The binding over `env`; the context is read on first use, once. */
export function createGitHubBinding(env: Env): GitHubBinding {
  let context: RunContext | undefined;
  return {
    get context() {
      return (context ??= runContext(env));
    },
    createClient: async (token) => {
      // undici first: @actions/github may read what it imports from it as it loads.
      await loadUndici();
      const { getOctokit } = await import('@actions/github');
      // GITHUB_API_URL (GitHub Enterprise Server, or a test double); @actions/github routes it
      // through the runner's proxy settings.
      return getOctokit(token, { baseUrl: apiUrlOf(env), userAgent: USER_AGENT });
    }
  };
}

export function runContext(env: Env): RunContext {
  const { payload, problem } = readPayload(env.GITHUB_EVENT_PATH);
  const apiUrl = apiUrlOf(env);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    payloadProblem: problem,
    repo: repoOf(env.GITHUB_REPOSITORY, payload),
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
    runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
    apiUrl,
    proxy: proxyOf(apiUrl),
    sha: env.GITHUB_SHA,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB
  };
}

const apiUrlOf = (env: Env): string => env.GITHUB_API_URL || 'https://api.github.com';

/** The event file's JSON; a missing or broken file is "no payload", with one line saying why. */
export function readPayload(path: string | undefined): {
  payload: EventPayload;
  problem?: string;
} {
  if (!path) return { payload: {} };
  const where = `the event file GITHUB_EVENT_PATH (${oneLine(path, 150)})`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? error)})`;
    return { payload: {}, problem: `${where} ${why}` };
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { payload: value as EventPayload };
    return { payload: {}, problem: `${where} does not hold a JSON object` };
  } catch (error) {
    return {
      payload: {},
      problem: `${where} is not JSON (${oneLine((error as Error).message, 100)})`
    };
  }
}

/** owner/repo from GITHUB_REPOSITORY, else from the payload's repository. */
function repoOf(variable: string | undefined, payload: EventPayload): RunContext['repo'] {
  const [owner, repo, ...rest] = (variable ?? '').split('/');
  if (owner && repo && rest.length === 0) return { owner, repo };
  const repository = payload.repository as
    { name?: unknown; owner?: { login?: unknown } | null } | null | undefined;
  const name = repository?.name;
  const login = repository?.owner?.login;
  if (typeof name === 'string' && name && typeof login === 'string' && login)
    return { owner: login, repo: name };
  return undefined;
}

/** host:port of the proxy @actions/http-client will use for the API, for messages only. */
function proxyOf(apiUrl: string): string | undefined {
  try {
    const proxy = getProxyUrl(new URL(apiUrl));
    return proxy?.hostname ? proxy.host : undefined;
  } catch {
    return undefined;
  }
}
