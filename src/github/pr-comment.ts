// Decides whether this run comments on a pull request, and writes the sticky comment. Nothing
// here can fail the step: every problem becomes one warning, and the verdict stays the tasks'.

import { commentMarker } from '../report/comment-body.ts';
import type { CommentContext } from '../report/comment-body.ts';
import { commentWarning, isTransient, upsertComment } from './comments-api.ts';
import type { GitHubClient, IssueRef } from './comments-api.ts';
import { oneLine } from '../shared/text.ts';
import type { Clock, Sleep } from '../shared/time.ts';

/** The parts of the event payload (GITHUB_EVENT_PATH) read here; all untrusted. */
export interface EventPayload {
  number?: unknown;
  pull_request?: { number?: unknown; [field: string]: unknown } | null;
  issue?: { number?: unknown; pull_request?: unknown; [field: string]: unknown } | null;
  comment?: { body?: unknown; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** The workflow run as @actions/github's context describes it (bound in index.ts). */
export interface RunContext {
  eventName: string;
  payload: EventPayload;
  /** From GITHUB_REPOSITORY (or the payload); undefined when neither names one. */
  repo: { owner: string; repo: string } | undefined;
  serverUrl: string;
  runId: number;
  runAttempt: number;
}

/** What the action needs from @actions/github, injected so tests can point it anywhere. */
export interface GitHubBinding {
  context: RunContext;
  createClient(token: string): GitHubClient;
}

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
  sleep: Sleep;
  /** Per attempt; a hung API must not hold the job until its own timeout. */
  timeoutMs?: number;
}

/** The events whose pull request can carry the comment. */
export const COMMENT_EVENTS = ['pull_request', 'pull_request_target', 'issue_comment'] as const;

const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [2000, 5000];
const DEFAULT_TIMEOUT_MS = 30_000;

/** The pull request this event is about, or why there is none. */
export function pullRequestOf(context: RunContext): { number: number } | { reason: string } {
  const { eventName, payload } = context;
  const name = oneLine(eventName || 'unknown', 60);
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const number = payload.pull_request?.number ?? payload.number;
    if (isIssueNumber(number)) return { number };
    return { reason: `the ${name} event payload has no pull request number` };
  }
  if (eventName === 'issue_comment') {
    const issue = payload.issue;
    if (!issue || !isIssueNumber(issue.number))
      return { reason: 'the issue_comment event payload has no issue number' };
    if (!issue.pull_request)
      return { reason: `the issue_comment event is on issue #${issue.number}, not a pull request` };
    // Our own comment being edited must not start another round (a PAT's edits trigger runs).
    const triggering = payload.comment?.body;
    if (typeof triggering === 'string' && triggering.includes('<!-- dcdn-refresh-wait:'))
      return { reason: "the issue_comment event is about this action's own comment" };
    return { number: issue.number };
  }
  return {
    reason: `the workflow was triggered by ${name}, not by a pull request (comments are written on ${COMMENT_EVENTS.join(', ')} on a pull request)`
  };
}

function isIssueNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** `${server}/${owner}/${repo}/actions/runs/${id}`, only from values that make a safe link. */
export function runUrlOf(context: RunContext): string | undefined {
  const { repo, runId, runAttempt } = context;
  if (!repo || !Number.isSafeInteger(runId) || runId <= 0) return undefined;
  const safe = /^[A-Za-z0-9._-]+$/;
  if (!safe.test(repo.owner) || !safe.test(repo.repo)) return undefined;
  let server: URL;
  try {
    server = new URL(context.serverUrl);
  } catch {
    return undefined;
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') return undefined;
  if (server.search || server.hash || /[\s()<>]/.test(server.href)) return undefined;
  const base = server.href.replace(/\/+$/, '');
  const attempt =
    Number.isSafeInteger(runAttempt) && runAttempt > 1 ? `/attempts/${runAttempt}` : '';
  return `${base}/${repo.owner}/${repo.repo}/actions/runs/${runId}${attempt}`;
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
  const { log } = deps;
  if (!settings.commentOnPr) {
    log.debug('comment-on-pr is false: no pull request comment.');
    return '';
  }
  const { github } = deps;
  if (!github) {
    log.info('No pull request comment: the GitHub context is not available.');
    return '';
  }
  const { context } = github;
  const target = pullRequestOf(context);
  if ('reason' in target) {
    log.info(`No pull request comment: ${target.reason}.`);
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
  const ref: IssueRef = { ...context.repo, issueNumber: target.number };
  const body = render({
    tag: settings.commentTag,
    runUrl: runUrlOf(context),
    updatedAt: deps.clock()
  });
  let client: GitHubClient | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      client ??= github.createClient(settings.githubToken);
      const signal = AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const done = await upsertComment(
        client,
        ref,
        commentMarker(settings.commentTag),
        body,
        signal
      );
      log.info(
        `${done.action === 'created' ? 'Created' : 'Updated'} the comment on pull request #${ref.issueNumber}: ${oneLine(done.url, 300)}`
      );
      return String(done.id);
    } catch (error) {
      if (attempt < ATTEMPTS && isTransient(error)) {
        const delay = RETRY_DELAYS_MS[attempt - 1] ?? 5000;
        log.debug(`comment attempt ${attempt} failed (${oneLine(String(error), 200)}); retrying`);
        await deps.sleep(delay);
        continue;
      }
      log.warning(commentWarning(error, ref));
      return '';
    }
  }
}
