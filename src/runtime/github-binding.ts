// The workflow run's context and an Octokit factory from @actions/github, for the PR comment.

import * as github from '@actions/github';
import type { GitHubBinding, RunContext } from '../github/pr-comment.ts';
import { USER_AGENT } from './user-agent.ts';

/** The run as the runner describes it: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY... */
function runContext(): RunContext {
  const { context } = github;
  let repo: RunContext['repo'];
  try {
    repo = context.repo;
  } catch {
    repo = undefined; // neither GITHUB_REPOSITORY nor a repository in the payload
  }
  return {
    eventName: context.eventName ?? '',
    payload: context.payload,
    repo,
    serverUrl: context.serverUrl,
    runId: context.runId,
    runAttempt: context.runAttempt
  };
}

export const githubBinding: GitHubBinding = {
  context: runContext(),
  // GITHUB_API_URL (GitHub Enterprise Server, or a test double) and the runner's proxy settings.
  createClient: (token) =>
    github.getOctokit(token, { baseUrl: github.context.apiUrl, userAgent: USER_AGENT })
};
