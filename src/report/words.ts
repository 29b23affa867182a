// Words for people: the headline, counts, final message and failure details that the job
// summary (summary.ts), the PR comment (comment-body.ts) and the annotations share.
// Everything here only formats a Verdict; nothing decides.

import { formatDuration, formatElapsed } from '../shared/duration.ts';
import { formatCount, plural } from '../shared/plural.ts';
import { oneLine } from '../shared/text.ts';
import { NOT_FOUND } from '../wait/task.ts';
import type { TaskResult } from '../wait/task.ts';
import { failures } from '../wait/verdict.ts';
import { statusKind } from '../wait/status.ts';
import type { Verdict } from '../wait/verdict.ts';

/** What a run submitted before it waited (the submission issue); shown when present. */
export interface Submission {
  submitted: { kind: string; paths: number; taskIds: string[] }[];
  quotaLeft?: { kind: string; remain: number; quota: number }[];
}

export interface RunFacts {
  elapsedMs: number;
  calls: number;
  timeoutMs: number;
  lastError?: string | undefined;
  /** The product the tasks belong to, as its name is written: 'DCDN' (default) or 'CDN'. */
  product?: string | undefined;
  /** The fail-on-timeout input (default true): the timeout advice depends on it. */
  failOnTimeout?: boolean | undefined;
  /** The run's clock when it reports (ms since the epoch): times on that day omit the date. */
  now?: number | undefined;
  /**
   * Whether the `results` output lists every task (resultsOutput did not cut it). Unknown when
   * unset: a note then points at the results file, which always has every task.
   */
  resultsComplete?: boolean | undefined;
  submission?: Submission | undefined;
}

export const DEFAULT_PRODUCT = 'DCDN';

export function productOf(facts: Pick<RunFacts, 'product'>): string {
  return facts.product || DEFAULT_PRODUCT;
}

/** How many task IDs the verdict covers (one ID may cover several rows). */
export function taskCount(verdict: Verdict): number {
  return verdict.completeIds.length + verdict.failedIds.length + verdict.pendingIds.length;
}

/** "2 of 7 DCDN tasks failed", "The DCDN task is complete", "All 3 CDN tasks failed". */
export function headline(verdict: Verdict, product = DEFAULT_PRODUCT): string {
  const total = taskCount(verdict);
  const tasks = plural(total, `${product} task`);
  if (total === 0) return `No ${product} tasks to wait for`;
  const some = (count: number): string =>
    total === 1
      ? `the ${product} task`
      : count === total
        ? `all ${tasks}`
        : `${formatCount(count)} of ${tasks}`;
  switch (verdict.status) {
    case 'complete':
      return total === 1 ? `The ${product} task is complete` : `All ${tasks} are complete`;
    case 'failed':
      return capital(`${some(verdict.failedIds.length)} failed`);
    case 'timed-out':
      return `Timed out with ${some(verdict.pendingIds.length)} still pending`;
    case 'cancelled':
      return `Cancelled with ${some(verdict.pendingIds.length)} still pending`;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "3 failed, 1 pending, 4 complete": the counts that are not zero, failures first. */
export function counts(verdict: Verdict): string {
  const parts: string[] = [];
  if (verdict.failedIds.length) parts.push(`${formatCount(verdict.failedIds.length)} failed`);
  if (verdict.pendingIds.length) parts.push(`${formatCount(verdict.pendingIds.length)} pending`);
  if (verdict.completeIds.length || parts.length === 0)
    parts.push(`${formatCount(verdict.completeIds.length)} complete`);
  return parts.join(', ');
}

/**
 * What to change after a timeout; fail-on-timeout: false is suggested only when it is not set.
 * `code` marks up input names (backticks in Markdown, nothing in the log).
 */
export function timeoutAdvice(
  facts: Pick<RunFacts, 'timeoutMs' | 'failOnTimeout'>,
  code: (text: string) => string = (text) => text
): string {
  const raise = `Raise ${code('timeout')} (now ${formatDuration(facts.timeoutMs)})`;
  return facts.failOnTimeout === false
    ? `${raise} if the tasks need longer.`
    : `${raise}, or set ${code('fail-on-timeout: false')} to let the job go on.`;
}

/** The step's closing message: short, names the tasks that need attention. */
export function finalMessage(verdict: Verdict, facts: RunFacts): string {
  const head = `${headline(verdict, productOf(facts))} after ${formatElapsed(facts.elapsedMs)} (${plural(facts.calls, 'API call')})`;
  if (verdict.status === 'failed') {
    const failed = failures(verdict).map(
      (r) =>
        `${r.TaskId} (${oneLine(r.ObjectPath || 'unknown path', 120)}: ${oneLine(detail(r), 120)})`
    );
    return `${head}: ${listSome(failed)}`;
  }
  if (verdict.status === 'timed-out') {
    const why = facts.lastError ? `; the last calls failed: ${oneLine(facts.lastError, 200)}` : '';
    return `${head}: pending ${listSome(verdict.pendingIds)}${why}. ${timeoutAdvice(facts)}`;
  }
  if (verdict.status === 'cancelled') {
    const failed = verdict.failedIds.length ? `; failed ${listSome(verdict.failedIds)}` : '';
    return `${head}: the job was cancelled; pending ${listSome(verdict.pendingIds)}${failed}.`;
  }
  return `${head}.`;
}

/** "a, b, c", or "a, b, c, d, e and 3 more". */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${formatCount(items.length - max)} more` : shown;
}

/** What a failed task's annotation says. */
export function detail(result: TaskResult): string {
  if (statusKind(result.Status) === 'failed') return result.Description || 'no reason given';
  if (result.Status === NOT_FOUND) return result.Description || 'not seen in any answer yet';
  return '';
}

const ICON: Record<Verdict['status'], string> = {
  complete: '✅',
  failed: '❌',
  'timed-out': '⏱️',
  cancelled: '🛑'
};

/** The emoji that starts the summary and comment headlines. */
export function statusIcon(status: Verdict['status']): string {
  return ICON[status];
}
