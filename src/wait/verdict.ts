// Turns the poller's final state into the action's verdict and outputs. No I/O here.

import type { PollOutcome } from './poller.ts';
import { statusKind } from './status.ts';
import { MISSING_LIMIT } from './answer.ts';
import type { TaskResult, TaskState } from './task.ts';

export type VerdictStatus = 'complete' | 'failed' | 'timed-out' | 'cancelled';

export interface Verdict {
  status: VerdictStatus;
  /**
   * One entry per row: input order of IDs, then the API's order of paths within an ID (one ID may
   * cover several paths). API field names; an ID never answered has one Pending row.
   */
  results: TaskResult[];
  /** One entry per ID, input order, as in the three lists below. */
  completeIds: string[];
  /** IDs with a Failed row, or NotFound, or refused by the API. */
  failedIds: string[];
  /** Not terminal when the poller stopped. */
  pendingIds: string[];
}

export function decide(outcome: PollOutcome): Verdict {
  const results = outcome.states.flatMap(resultsOf);
  const completeIds: string[] = [];
  const failedIds: string[] = [];
  const pendingIds: string[] = [];
  for (const state of outcome.states) {
    if (!state.terminal) pendingIds.push(state.id);
    else if (state.rows.every((row) => statusKind(row.Status) === 'complete'))
      completeIds.push(state.id);
    else failedIds.push(state.id);
  }
  // A cancelled job reports the state it reached as cancelled; otherwise a failure is final
  // whatever else is still pending, so it outranks a timeout.
  const status: VerdictStatus =
    outcome.end === 'cancelled' && pendingIds.length > 0
      ? 'cancelled'
      : failedIds.length > 0
        ? 'failed'
        : pendingIds.length > 0
          ? 'timed-out'
          : 'complete';
  return { status, results, completeIds, failedIds, pendingIds };
}

function resultsOf(state: TaskState): TaskResult[] {
  // The rows themselves, not copies: nothing changes a row, and at 10,000 IDs copies cost MBs.
  if (state.rows.length > 0) return state.rows;
  // No answer has listed this ID yet (every call about it failed, or it was never asked):
  // pending, like everywhere else it is counted, never NotFound.
  return [
    {
      TaskId: state.id,
      Status: 'Pending',
      Process: '',
      ObjectType: '',
      ObjectPath: '',
      CreationTime: '',
      Description:
        state.missingCount > 0
          ? `no answer yet (missing from ${state.missingCount} answer${state.missingCount === 1 ? '' : 's'}; NotFound after ${MISSING_LIMIT})`
          : 'no answer yet'
    }
  ];
}

/**
 * The failed rows, in results order: each failed or NotFound path of a failed ID (not the paths of
 * that ID that completed).
 */
export function failures(verdict: Verdict): TaskResult[] {
  const failed = new Set(verdict.failedIds);
  return verdict.results.filter(
    (result) => failed.has(result.TaskId) && statusKind(result.Status) !== 'complete'
  );
}
