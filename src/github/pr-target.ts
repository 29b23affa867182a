// Which pull request this run's event is about (or why none), and the link to the run.

import { oneLine } from '../shared/text.ts';
import type { RunContext } from './context.ts';

/** The events whose pull request can carry the comment. */
const COMMENT_EVENTS = ['pull_request', 'pull_request_target', 'issue_comment'] as const;

/** Why there is no comment; `warn` when it is a fault to fix, not a choice of workflow. */
export interface NoTarget {
  reason: string;
  warn?: boolean;
}

/** The pull request this event is about, or why there is none. */
export function pullRequestOf(context: RunContext): { number: number } | NoTarget {
  const { eventName, payload } = context;
  const name = oneLine(eventName || 'unknown', 60);
  const isCommentEvent = (COMMENT_EVENTS as readonly string[]).includes(eventName);
  if (isCommentEvent && context.payloadProblem)
    return { reason: context.payloadProblem, warn: true };
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
