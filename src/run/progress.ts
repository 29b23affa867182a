// What a run has heard so far. The ending of a run stopped from outside the poller (the budget,
// a cancellation, a fatal answer) reports from it, so no answer already had is lost.

import type { Config } from '../inputs/config.ts';
import { ApiError } from '../shared/errors.ts';
import { formatElapsed } from '../shared/duration.ts';
import { oneLine } from '../shared/text.ts';
import type { SubmitReport } from '../submit/submit.ts';
import type { PollOutcome, RoundReport, TaskState } from '../wait/poller.ts';

export interface Progress {
  started: number;
  states: readonly TaskState[] | undefined;
  rounds: number;
  calls: number;
  /** Calls that got a usable answer: a run with none never ends as a mere timeout. */
  answered: number;
  lastError: string | undefined;
  unknownStatuses: string[];
  requestsSent: () => number;
  /** What this run submitted before it waited, for the summary and the comment. */
  submission?: SubmitReport | undefined;
  /** The IDs this run submitted, in submission order. */
  submitted?: string[];
}

export function startProgress(now: number): Progress {
  return {
    started: now,
    states: undefined,
    rounds: 0,
    calls: 0,
    answered: 0,
    lastError: undefined,
    unknownStatuses: [],
    requestsSent: () => 0
  };
}

/** Takes in one polling round. */
export function record(progress: Progress, round: RoundReport): void {
  progress.states = round.states;
  progress.rounds = round.round;
  progress.calls += round.calls;
  progress.answered += round.calls - round.failedCalls;
  progress.lastError = round.failedCalls > 0 ? round.lastError : undefined;
  if (round.unknownStatuses) progress.unknownStatuses = [...round.unknownStatuses];
}

/** The outcome of a run that was stopped from outside the poller (budget, cancellation). */
export function outcomeSoFar(
  ids: readonly string[],
  progress: Progress,
  now: number,
  end: PollOutcome['end']
): PollOutcome {
  return {
    end,
    states: [...(progress.states ?? unansweredStates(ids))],
    rounds: progress.rounds,
    calls: progress.calls,
    elapsedMs: now - progress.started,
    lastError: progress.lastError,
    unknownStatuses: progress.unknownStatuses
  };
}

function unansweredStates(ids: readonly string[]): TaskState[] {
  return ids.map((id) => ({ id, rows: [], task: undefined, missingCount: 0, terminal: false }));
}

/** No call ever got an answer: that is a broken setup (endpoint, proxy, network), not a slow edge. */
export function unanswered(config: Config, outcome: PollOutcome): ApiError {
  const why = outcome.lastError ? `: ${oneLine(outcome.lastError, 300)}` : '';
  return new ApiError(
    `No ${config.product.name} API call to ${config.endpoint.host} got an answer in ${formatElapsed(outcome.elapsedMs)}${why}`,
    {
      service: config.product.name,
      code: '',
      requestId: '',
      httpStatus: 0,
      hint: "check the endpoint input, the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY); raising timeout will not help."
    }
  );
}
