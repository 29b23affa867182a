// Words for people: the headline, counts, final message and failure details that the job
// summary (summary.ts), the PR comment (comment.ts) and the annotations share.
// Everything here only formats a Verdict; nothing decides.

import { formatElapsed } from '../shared/duration.ts';
import { clip, escapeCell } from './markdown.ts';
import { oneLine } from '../shared/text.ts';
import { NOT_FOUND } from '../wait/task.ts';
import type { TaskResult } from '../wait/task.ts';
import { failures } from '../wait/verdict.ts';
import { statusKind } from '../wait/status.ts';
import type { Verdict } from '../wait/verdict.ts';

export interface RunFacts {
  elapsedMs: number;
  calls: number;
  timeoutMs: number;
  lastError?: string | undefined;
}

export function headline(verdict: Verdict): string {
  const total = verdict.results.length;
  switch (verdict.status) {
    case 'complete':
      return `All ${total} DCDN task${total === 1 ? '' : 's'} complete`;
    case 'failed':
      return `${verdict.failedIds.length} of ${total} DCDN task${total === 1 ? '' : 's'} failed`;
    case 'timed-out':
      return `Timed out with ${verdict.pendingIds.length} of ${total} DCDN task${total === 1 ? '' : 's'} still pending`;
    case 'cancelled':
      return `Cancelled with ${verdict.pendingIds.length} of ${total} DCDN task${total === 1 ? '' : 's'} still pending`;
  }
}

export function counts(verdict: Verdict): string {
  const parts = [`${verdict.completeIds.length} complete`];
  if (verdict.failedIds.length) parts.push(`${verdict.failedIds.length} failed`);
  if (verdict.pendingIds.length) parts.push(`${verdict.pendingIds.length} pending`);
  return parts.join(', ');
}

/** The step's closing message: short, names the tasks that need attention. */
export function finalMessage(verdict: Verdict, facts: RunFacts): string {
  const head = `${headline(verdict)} after ${formatElapsed(facts.elapsedMs)} (${facts.calls} API calls)`;
  if (verdict.status === 'failed') {
    const failed = failures(verdict).map(
      (r) =>
        `${r.TaskId} (${oneLine(r.ObjectPath || 'unknown path', 120)}: ${oneLine(detail(r), 120)})`
    );
    return `${head}: ${listSome(failed)}`;
  }
  if (verdict.status === 'timed-out') {
    const why = facts.lastError ? `; the last calls failed: ${oneLine(facts.lastError, 200)}` : '';
    return `${head}: pending ${listSome(verdict.pendingIds)}${why}. Raise timeout, or set fail-on-timeout: false to let the job go on.`;
  }
  if (verdict.status === 'cancelled') {
    const failed = verdict.failedIds.length ? `; failed ${listSome(verdict.failedIds)}` : '';
    return `${head}: the job was cancelled; pending ${listSome(verdict.pendingIds)}${failed}.`;
  }
  return `${head}.`;
}

function listSome(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** What a failed task's Detail column and annotation say. */
export function detail(result: TaskResult): string {
  if (statusKind(result.Status) === 'failed') return result.Description || 'no reason given';
  if (result.Status === NOT_FOUND) return result.Description || 'not seen in any answer yet';
  return '';
}

/** Failed first, then pending, then complete; input order within each group. */
export function sortedForPeople(verdict: Verdict): TaskResult[] {
  const failed = new Set(verdict.failedIds);
  const pending = new Set(verdict.pendingIds);
  const rank = (r: TaskResult): number =>
    failed.has(r.TaskId) ? 0 : pending.has(r.TaskId) ? 1 : 2;
  return verdict.results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
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

/** The headline, counts and (after a timeout) the last error: the top of summary and comment. */
export function verdictIntro(verdict: Verdict, facts: RunFacts): string {
  const lines = [
    `### ${statusIcon(verdict.status)} ${escapeCell(headline(verdict))}`,
    '',
    `${escapeCell(counts(verdict))} · waited ${formatElapsed(facts.elapsedMs)} · ${facts.calls} API calls`
  ];
  if (verdict.status === 'timed-out' && facts.lastError) {
    lines.push('', `The last calls failed: ${escapeCell(clip(facts.lastError, 300))}`);
  }
  return lines.join('\n');
}
