// The one warning for a comment that could not be written. It says what really happened (no
// answer in time, DNS, the proxy, a rate limit, or GitHub's status and words) and what to
// change; the step's verdict never depends on it.

import { formatDuration } from '../shared/duration.ts';
import { oneLine } from '../shared/text.ts';
import {
  answerOf,
  errorMessage,
  isAbort,
  networkFailureOf,
  proxyTunnelStatusOf,
  rateLimitOf
} from './github-error.ts';
import type { NetworkFailure } from './github-error.ts';

export interface WarningFacts {
  issueNumber: number;
  /** The whole comment's time budget. */
  budgetMs: number;
  apiUrl: string;
  /** host:port of the proxy in use, if any. */
  proxy?: string | undefined;
  /** Our comment from an earlier run exists, so the pull request now shows an older verdict. */
  older: boolean;
  /** The clock's time, for a rate limit's reset. */
  now: number;
  /** What was left of the budget when the comment gave up. */
  remainingMs: number;
}

/** Why the comment was not written: an error from GitHub, or the job's cancellation. */
export type Failure = { error: unknown } | { cancelled: true } | { setup: string };

export function commentWarning(failure: Failure, facts: WarningFacts): string {
  const where = `pull request #${facts.issueNumber}`;
  const stale = facts.older
    ? ` The comment on ${where} now shows an older verdict, from an earlier run; this run's results are in the job summary.`
    : '';
  return `The comment on ${where} was not written${cause(failure, facts)}${stale}`;
}

/** ": why. What to do." or " (GitHub's answer)." — the middle of the warning. */
function cause(failure: Failure, facts: WarningFacts): string {
  if ('cancelled' in failure) return ': the job was cancelled.';
  if ('setup' in failure) return `: ${oneLine(failure.setup, 300)}.`;
  const { error } = failure;
  const budget = formatDuration(facts.budgetMs);
  const tunnel = proxyTunnelStatusOf(error);
  if (tunnel !== undefined)
    return `: the proxy ${facts.proxy ?? ''} answered ${tunnel} to the tunnel request${tunnel === 407 ? ' (it wants credentials: put them in the proxy URL)' : ''}.`;
  const answer = answerOf(error);
  if (!answer) {
    if (isAbort(error))
      return `: the GitHub API at ${hostOf(facts.apiUrl)} gave no answer in time (the comment may take at most ${budget}, every attempt together).`;
    const failure = networkFailureOf(error);
    if (failure) return networkCause(failure, facts);
    return `: the connection to the GitHub API at ${hostOf(facts.apiUrl)} failed (${oneLine(errorMessage(error), 300)}).`;
  }
  const said = `GitHub answered ${answer.status}: ${oneLine(answer.message, 300)}`;
  const limit = rateLimitOf(error, facts.now);
  if (limit) {
    const wait =
      limit.waitMs === undefined
        ? '; it did not say how long to wait'
        : limit.waitMs >= facts.remainingMs
          ? `; it asked to wait ${formatDuration(limit.waitMs)}, more than the ${formatDuration(facts.remainingMs)} left of the ${budget} the comment may take`
          : '; still limited after every attempt';
    return `: GitHub's API rate limit was reached (${said}${wait}). The next run updates it.`;
  }
  if (answer.status === 407)
    return ` (the proxy ${facts.proxy ?? ''} answered 407: it wants credentials; put them in the proxy URL).`;
  if (answer.status === 401)
    return `: github-token was refused (${said}). Leave github-token at its default (\${{ github.token }}) or pass a valid token.`;
  if (
    answer.status === 403 ||
    answer.status === 404 ||
    /not accessible by integration/i.test(answer.message)
  )
    return ` (${said}): the token needs the permission pull-requests: write. Add "permissions: pull-requests: write" to the job. A pull request from a fork gets a read-only token, so there is no comment on it; the job summary has the results.`;
  return ` (${said}).`;
}

function networkCause(failure: NetworkFailure, facts: WarningFacts): string {
  const { code } = failure;
  const detail = oneLine(failure.message, 200);
  if (facts.proxy) {
    if (code === 'ECONNREFUSED')
      return `: the proxy ${facts.proxy} refused the connection (${detail}). Check HTTPS_PROXY / HTTP_PROXY.`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return `: the proxy's host could not be resolved (DNS: ${detail}). Check HTTPS_PROXY / HTTP_PROXY.`;
    return `: the connection through the proxy ${facts.proxy} failed (${detail}).`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `: the GitHub API host ${hostOf(facts.apiUrl)} could not be resolved (DNS: ${detail}). Check GITHUB_API_URL.`;
  if (code === 'ECONNREFUSED')
    return `: the GitHub API at ${hostOf(facts.apiUrl)} refused the connection (${detail}). Check GITHUB_API_URL.`;
  return `: the connection to the GitHub API at ${hostOf(facts.apiUrl)} failed (${detail}).`;
}

/** host[:port] of the API URL, for the message (never a path or credentials). */
function hostOf(apiUrl: string): string {
  try {
    return oneLine(new URL(apiUrl).host, 200);
  } catch {
    return oneLine(apiUrl, 200);
  }
}
