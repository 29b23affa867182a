// The one log line per polling round: "[0:35] 7/10 complete, 2 refreshing (avg 60%), 1 pending".

import { formatElapsed } from '../shared/duration.ts';
import type { RoundReport, TaskState } from '../wait/poller.ts';
import { oneLine } from '../shared/text.ts';
import { plural } from '../shared/plural.ts';
import { NOT_FOUND } from '../wait/task.ts';
import { percent } from '../wait/percent.ts';
import { canonicalStatus } from '../wait/status.ts';

export function progressLine(report: RoundReport): string {
  const total = report.states.length;
  const counts = new Map<string, number>();
  let refreshingPercent = 0;
  let unseen = 0;
  // Indexed: once per round over every ID, where a for-of makes an object per ID until V8
  // optimizes the loop (megabytes a minute at 10,000 IDs).
  const { states } = report;
  for (let i = 0; i < states.length; i++) {
    const task = (states[i] as TaskState).task;
    if (task === undefined) {
      unseen += 1;
      continue;
    }
    // "FAILED" counts as Failed; an unknown status is shown as it came.
    const status = canonicalStatus(task.Status);
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (status === 'Refreshing') refreshingPercent += percent(task.Process);
  }
  const complete = counts.get('Complete') ?? 0;
  const parts = [`${complete}/${total} complete`];
  const refreshing = counts.get('Refreshing') ?? 0;
  if (refreshing)
    parts.push(`${refreshing} refreshing (avg ${Math.round(refreshingPercent / refreshing)}%)`);
  const pending = (counts.get('Pending') ?? 0) + unseen;
  if (pending) parts.push(`${pending} pending`);
  if (counts.get('Failed')) parts.push(`${counts.get('Failed')} failed`);
  if (counts.get(NOT_FOUND)) parts.push(`${counts.get(NOT_FOUND)} not found`);
  for (const [status, count] of counts) {
    if (!KNOWN.has(status)) parts.push(`${count} "${oneLine(status, 40)}"`);
  }
  let line = `[${formatElapsed(report.elapsedMs)}] ${parts.join(', ')}`;
  if (report.failedCalls) {
    line += ` (${report.failedCalls} of ${plural(report.calls, 'call')} failed after retries: ${report.lastError ?? 'unknown error'})`;
  }
  return line;
}

const KNOWN = new Set(['Complete', 'Refreshing', 'Pending', 'Failed', NOT_FOUND]);

/** Request IDs for the debug log: enough to quote to support, not a 40 KB line per round. */
export function requestIdLine(round: number, requestIds: readonly string[]): string {
  const shown = requestIds.slice(0, 20).join(', ');
  const more = requestIds.length > 20 ? ` and ${requestIds.length - 20} more` : '';
  return `round ${round} request IDs: ${shown}${more}`;
}
