// Turns the poller's final state into the action's verdict and outputs. No I/O here.

import type { PollOutcome, TaskState } from './poller.ts';
import { NOT_FOUND } from './task.ts';
import type { TaskResult } from './task.ts';

export type VerdictStatus = 'complete' | 'failed' | 'timed-out' | 'cancelled';

export interface Verdict {
  status: VerdictStatus;
  /** One entry per input ID, input order, API field names. */
  results: TaskResult[];
  completeIds: string[];
  /** Failed and NotFound tasks. */
  failedIds: string[];
  /** Not terminal when the poller stopped. */
  pendingIds: string[];
}

export function decide(outcome: PollOutcome): Verdict {
  const results = outcome.states.map(resultOf);
  const completeIds: string[] = [];
  const failedIds: string[] = [];
  const pendingIds: string[] = [];
  for (const state of outcome.states) {
    const status = state.task?.Status;
    if (!state.terminal) pendingIds.push(state.id);
    else if (status === 'Complete') completeIds.push(state.id);
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

function resultOf(state: TaskState): TaskResult {
  if (state.task) return { ...state.task };
  return {
    TaskId: state.id,
    Status: NOT_FOUND,
    Process: '',
    ObjectType: '',
    ObjectPath: '',
    CreationTime: '',
    Description: ''
  };
}

/** The results that failed (Failed, or NotFound after repeated misses), in input order. */
export function failures(verdict: Verdict): TaskResult[] {
  const failed = new Set(verdict.failedIds);
  return verdict.results.filter((result) => failed.has(result.TaskId));
}
