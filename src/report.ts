// Words and tables for people: the headline, the job summary and the failure annotations.
// Everything here only formats a Verdict; nothing decides.

import { formatElapsed } from './duration.ts';
import { escapeCell, table } from './markdown.ts';
import { oneLine } from './text.ts';
import type { TaskResult } from './types.ts';
import { isFailure } from './verdict.ts';
import type { Verdict } from './verdict.ts';

export interface RunFacts {
  elapsedMs: number;
  calls: number;
  timeoutMs: number;
  lastError?: string | undefined;
}

/** GitHub rejects a step summary over 1 MiB; stay well under it with room for the rest. */
export const SUMMARY_BUDGET = 900 * 1024;

export function headline(verdict: Verdict): string {
  const total = verdict.results.length;
  switch (verdict.status) {
    case 'complete':
      return `All ${total} DCDN task${total === 1 ? '' : 's'} complete`;
    case 'failed':
      return `${verdict.failedIds.length} of ${total} DCDN task${total === 1 ? '' : 's'} failed`;
    case 'timed-out':
      return `Timed out with ${verdict.pendingIds.length} of ${total} DCDN task${total === 1 ? '' : 's'} still pending`;
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
    const failed = verdict.results
      .filter(isFailure)
      .map(
        (r) =>
          `${r.TaskId} (${oneLine(r.ObjectPath || 'unknown path', 120)}: ${oneLine(detail(r), 120)})`
      );
    return `${head}: ${listSome(failed)}`;
  }
  if (verdict.status === 'timed-out') {
    const why = facts.lastError ? `; the last calls failed: ${oneLine(facts.lastError, 200)}` : '';
    return `${head}: pending ${listSome(verdict.pendingIds)}${why}. Raise timeout, or set fail-on-timeout: false to let the job go on.`;
  }
  return `${head}.`;
}

function listSome(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** What a failed task's Detail column and annotation say. */
export function detail(result: TaskResult): string {
  if (result.Status === 'Failed') return result.Description || 'no reason given';
  if (isFailure(result))
    return result.Description || 'never found: wrong account or endpoint, or older than 3 days';
  return '';
}

/** Failed first, then pending, then complete; input order within each group. */
export function sortedForPeople(verdict: Verdict): TaskResult[] {
  const pending = new Set(verdict.pendingIds);
  const rank = (r: TaskResult): number => (isFailure(r) ? 0 : pending.has(r.TaskId) ? 1 : 2);
  return verdict.results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}

const COLUMNS = ['Task ID', 'Status', 'Progress', 'Type', 'Object Path', 'Created', 'Detail'];

function row(result: TaskResult): string[] {
  return [
    result.TaskId,
    result.Status,
    result.Process,
    result.ObjectType,
    result.ObjectPath,
    result.CreationTime,
    detail(result)
  ];
}

const ICON: Record<Verdict['status'], string> = {
  complete: '✅',
  failed: '❌',
  'timed-out': '⏱️'
};

/** The job summary: verdict line, counts, and the task table, cut to fit GitHub's limit. */
export function summaryMarkdown(
  verdict: Verdict,
  facts: RunFacts,
  budget = SUMMARY_BUDGET
): string {
  const intro = [
    `### ${ICON[verdict.status]} ${escapeCell(headline(verdict))}`,
    '',
    `${escapeCell(counts(verdict))} · waited ${formatElapsed(facts.elapsedMs)} · ${facts.calls} API calls`,
    ''
  ].join('\n');
  const rows = sortedForPeople(verdict).map(row);
  let shown = rows.length;
  let body = table(COLUMNS, rows);
  while (intro.length + body.length > budget && shown > 0) {
    shown = Math.floor(shown * 0.9);
    body = table(COLUMNS, rows.slice(0, shown));
  }
  const cut =
    shown < rows.length
      ? `\n\n${rows.length - shown} more rows are left out to stay under GitHub's summary size limit; the \`results\` output has every task.`
      : '';
  return `${intro}\n${body}${cut}\n`;
}
