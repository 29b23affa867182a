// The workflow run as the comment sees it, and the seam to @actions/github: the context is read
// from the environment and the event file without loading Octokit, which is only imported when a
// comment will be written.

import type { getOctokit } from '@actions/github';

/** The Octokit that @actions/github builds (REST methods, GraphQL and pagination). */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** The parts of the event payload (GITHUB_EVENT_PATH) read here; all untrusted. */
export interface EventPayload {
  number?: unknown;
  pull_request?: { number?: unknown; [field: string]: unknown } | null;
  issue?: { number?: unknown; pull_request?: unknown; [field: string]: unknown } | null;
  comment?: { body?: unknown; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** The workflow run as the runner describes it (GITHUB_* variables and the event file). */
export interface RunContext {
  eventName: string;
  payload: EventPayload;
  /** Why the event file gave no payload (missing, unreadable, not JSON); one line. */
  payloadProblem?: string | undefined;
  /** From GITHUB_REPOSITORY (or the payload); undefined when neither names one. */
  repo: { owner: string; repo: string } | undefined;
  serverUrl: string;
  runId: number;
  runAttempt: number;
  /** GITHUB_API_URL: github.com's API, GitHub Enterprise Server's, or a test double. */
  apiUrl: string;
  /** The proxy the API is reached through, as host:port (never its credentials). */
  proxy?: string | undefined;
  /** GITHUB_SHA, GITHUB_WORKFLOW, GITHUB_JOB: what the comment reports on. */
  sha?: string | undefined;
  workflow?: string | undefined;
  job?: string | undefined;
}

/** What the comment needs from the runner and @actions/github, injected so tests can point it anywhere. */
export interface GitHubBinding {
  readonly context: RunContext;
  /** Loads Octokit (a dynamic import) and builds a client for the token. */
  createClient(token: string): Promise<GitHubClient>;
}
