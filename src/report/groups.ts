// Which rows people read first: failures grouped by reason (largest group first), then what is
// still pending, then what is complete. One ID may cover several paths, so each row is placed by
// its own status; the verdict's ID lists settle rows that never came in an answer.

import { NOT_FOUND } from '../wait/task.ts';
import type { TaskResult } from '../wait/task.ts';
import type { Verdict } from '../wait/verdict.ts';

export type RowKind = 'failed' | 'pending' | 'complete';

interface FailureGroup {
  /** The failure's reason as the API gave it (untrusted; escape before Markdown). */
  reason: string;
  rows: TaskResult[];
}

export interface RowGroups {
  failures: FailureGroup[];
  pending: TaskResult[];
  complete: TaskResult[];
}

/** Status compared as the API means it: "FAILED", " complete " are Failed and Complete. */
export function normalStatus(status: string): string {
  return status.trim().toLowerCase();
}

function rowKind(result: TaskResult, pendingIds: ReadonlySet<string>): RowKind {
  const status = normalStatus(result.Status);
  if (status === 'failed') return 'failed';
  if (status === 'complete') return 'complete';
  // NotFound: failed after repeated misses, or never answered at all (then still pending).
  if (result.Status === NOT_FOUND) return pendingIds.has(result.TaskId) ? 'pending' : 'failed';
  return 'pending';
}

/** Why a failed row failed, in words: the API's Description, or what we know. */
export function reasonOf(result: TaskResult): string {
  const description = result.Description.trim();
  if (result.Status === NOT_FOUND) {
    return description ? `Not found: ${description}` : 'Not found by the API';
  }
  return description || 'No reason given';
}

export function groupRows(verdict: Verdict): RowGroups {
  const pendingIds = new Set(verdict.pendingIds);
  const byReason = new Map<string, TaskResult[]>();
  const pending: TaskResult[] = [];
  const complete: TaskResult[] = [];
  for (const result of verdict.results) {
    const kind = rowKind(result, pendingIds);
    if (kind === 'pending') pending.push(result);
    else if (kind === 'complete') complete.push(result);
    else {
      const reason = reasonOf(result);
      const rows = byReason.get(reason);
      if (rows) rows.push(result);
      else byReason.set(reason, [result]);
    }
  }
  // Map order is first appearance; the sort is stable, so equal groups keep it.
  const failures = [...byReason]
    .map(([reason, rows]) => ({ reason, rows }))
    .sort((a, b) => b.rows.length - a.rows.length);
  return { failures, pending, complete };
}
