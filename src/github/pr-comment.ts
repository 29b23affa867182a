// Decides whether this run comments on a pull request, and writes the sticky comment. Nothing
// here can fail the step: every problem becomes one warning, and the verdict stays the tasks'.

import { commentMarker } from '../report/comment-body.ts';
import type { CommentContext } from '../report/comment-body.ts';
import { oneLine } from '../shared/text.ts';
import type { Clock, Sleep } from '../shared/time.ts';
import { COMMENT_BUDGET_MS } from './budget.ts';
import { commentWarning } from './comment-warning.ts';
import type { GitHubBinding, RunContext } from './context.ts';
import { pullRequestOf, runUrlOf } from './pr-target.ts';
import { upsertSticky } from './sticky-comment.ts';

export type { EventPayload, GitHubBinding, RunContext } from './context.ts';
export { pullRequestOf, runUrlOf } from './pr-target.ts';

export interface CommentSettings {
  commentOnPr: boolean;
  commentTag: string;
  githubToken: string;
}

export interface CommentDeps {
  github: GitHubBinding | undefined;
  log: {
    info(message: string): void;
    warning(message: string): void;
    debug(message: string): void;
  };
  clock: Clock;
  /** May reject with CancelledError when the job is cancelled: the comment then gives up. */
  sleep: Sleep;
  /** The whole comment's time (every request, retry and wait); 30 s unless a test says less. */
  budgetMs?: number;
  /** Removes registered secrets from the body right before it is sent (default: none). */
  scrub?: (text: string) => string;
}

/**
 * Writes or updates the comment when the settings and the event call for one. Returns the
 * comment's ID, or '' when there is none (disabled, not a pull request, or a warning).
 */
export async function commentOnPullRequest(
  settings: CommentSettings,
  render: (context: CommentContext) => string,
  deps: CommentDeps
): Promise<string> {
  const { log, github } = deps;
  if (!settings.commentOnPr) {
    log.debug('comment-on-pr is false: no pull request comment.');
    return '';
  }
  if (!github) {
    log.info('No pull request comment: the GitHub context is not available.');
    return '';
  }
  const { context } = github;
  const target = pullRequestOf(context);
  if ('reason' in target) {
    const line = `No pull request comment: ${target.reason}.`;
    if (target.warn) log.warning(line);
    else log.info(line);
    return '';
  }
  if (!context.repo) {
    log.warning(
      'No pull request comment: GITHUB_REPOSITORY is not set and the event payload names no repository.'
    );
    return '';
  }
  if (settings.githubToken === '') {
    log.warning(
      'No pull request comment: github-token is empty. Leave it at its default (${{ github.token }}) and grant "permissions: pull-requests: write".'
    );
    return '';
  }
  const ref = { ...context.repo, issueNumber: target.number };
  const rendered = render({
    tag: settings.commentTag,
    runUrl: runUrlOf(context),
    updatedAt: deps.clock(),
    ...commitOf(context),
    ...(context.workflow ? { workflow: context.workflow } : {}),
    ...(context.job ? { job: context.job } : {})
  });
  const budgetMs = deps.budgetMs ?? COMMENT_BUDGET_MS;
  const result = await upsertSticky(
    ref,
    commentMarker(settings.commentTag),
    (deps.scrub ?? ((text) => text))(rendered),
    {
      createClient: () => github.createClient(settings.githubToken),
      clock: deps.clock,
      sleep: deps.sleep,
      budgetMs,
      log
    }
  );
  if ('written' in result) {
    const { action, id, url } = result.written;
    log.info(
      `${action === 'created' ? 'Created' : 'Updated'} the comment on pull request #${ref.issueNumber}: ${oneLine(url, 300)}`
    );
    return String(id);
  }
  log.warning(
    commentWarning(result.failure, {
      issueNumber: ref.issueNumber,
      budgetMs,
      apiUrl: context.apiUrl,
      proxy: context.proxy,
      older: result.older,
      now: deps.clock(),
      remainingMs: result.remainingMs
    })
  );
  return '';
}

/**
 * The commit the comment reports on: the pull request's head, else GITHUB_SHA. On issue_comment
 * GITHUB_SHA is the default branch's commit, not the pull request's, so none is named there.
 */
function commitOf(context: RunContext): { sha?: string } {
  const head = (context.payload.pull_request as { head?: { sha?: unknown } } | null | undefined)
    ?.head?.sha;
  const sha =
    typeof head === 'string' ? head : context.eventName === 'issue_comment' ? '' : context.sha;
  return sha && /^[0-9a-f]{7,64}$/i.test(sha) ? { sha } : {};
}
