// Shared pieces of the comment tests: a pull request run context, a binding whose Octokit points
// at the fake GitHub, recording deps, and a body renderer like the real one.
import { getOctokit } from '@actions/github';
import { commentMarker } from '../../src/report/comment-body.ts';
import type { CommentContext } from '../../src/report/comment-body.ts';
import type {
  CommentDeps,
  CommentSettings,
  GitHubBinding,
  RunContext
} from '../../src/github/pr-comment.ts';
import type { Sleep } from '../../src/shared/time.ts';

export const OWNER = 'acme';
export const REPO = 'site';
export const PR = 42;

export function prContext(apiUrl: string, overrides: Partial<RunContext> = {}): RunContext {
  return {
    eventName: 'pull_request',
    payload: { action: 'synchronize', number: PR, pull_request: { number: PR } },
    repo: { owner: OWNER, repo: REPO },
    serverUrl: 'https://github.com',
    runId: 987654321,
    runAttempt: 1,
    apiUrl,
    ...overrides
  };
}

/** A binding over `context` whose clients talk to `context.apiUrl`; records the tokens used. */
export function binding(context: RunContext): GitHubBinding & { clients: string[] } {
  const clients: string[] = [];
  return {
    context,
    clients,
    createClient: async (token) => {
      clients.push(token);
      return getOctokit(token, { baseUrl: context.apiUrl });
    }
  };
}

interface Log {
  info: string[];
  warning: string[];
  debug: string[];
}

export interface DepsOptions {
  now?: number;
  /** The clock moves with each sleep unless a sleep is given. */
  sleep?: Sleep;
  budgetMs?: number;
  scrub?: (text: string) => string;
  clock?: () => number;
}

export function deps(bound: GitHubBinding | undefined, options: DepsOptions = {}) {
  const log: Log = { info: [], warning: [], debug: [] };
  const sleeps: number[] = [];
  let now = options.now ?? 1_700_000_000_000;
  const d: CommentDeps = {
    github: bound,
    log: {
      info: (m) => log.info.push(m),
      warning: (m) => log.warning.push(m),
      debug: (m) => log.debug.push(m)
    },
    clock: options.clock ?? (() => now),
    sleep:
      options.sleep ??
      (async (ms) => {
        sleeps.push(ms);
        now += ms;
      })
  };
  if (options.budgetMs !== undefined) d.budgetMs = options.budgetMs;
  if (options.scrub) d.scrub = options.scrub;
  return { deps: d, log, sleeps };
}

export const settings = (tag = 'dcdn-refresh-wait', token = 'ghs_test'): CommentSettings => ({
  commentOnPr: true,
  commentTag: tag,
  githubToken: token
});

/** A body like the real one: the marker first, then text that differs per run. */
export const render =
  (text: string) =>
  (context: CommentContext): string =>
    `${commentMarker(context.tag)}\n${text} (${context.runUrl ?? 'no link'} at ${context.updatedAt})`;
