// The round protocol between the poller and a schedule, in the types: a round can only be
// observed once it has been started, and only a finished round says when the next one is.
//
//   const round = schedule.startRound(open, now); // 1. which IDs to ask about
//   round.observe(id, task, at);                  // 2. each answered row, as it arrives
//   const { delayMs } = round.finish(open, now);  // 3. how long to wait before the next round

import type { Task } from '../task.ts';

export type ScheduleName = 'progress' | 'backoff' | 'fixed';

export interface ScheduleBounds {
  /** poll-interval: a task that may have finished is asked about again within this. */
  minMs: number;
  /** max-poll-interval: the longest pause between rounds. */
  maxMs: number;
  /** Clock time of the last round (the timeout): the last round asks about every open task. */
  deadline?: number;
  /** Calls per second the run may send (max-requests-per-second), until answers measure it. */
  callsPerSecond?: number;
}

export interface Schedule {
  /** Step 1: a round starts at `now`; `open` lists the tasks not yet finished, in input order. */
  startRound(open: readonly string[], now: number): Round;
}

export interface Round {
  /** The IDs to ask about, a subset of `open` in its order. The poller packs them 10 to a call. */
  readonly ids: readonly string[];
  /** Step 2: what an answer said about one task, at the clock time the answer arrived. */
  observe(id: string, task: Task, at: number): void;
  /** Step 3: the round's calls are done; `open` is what is still not finished. */
  finish(open: readonly string[], now: number): RoundEnd;
}

export interface RoundEnd {
  /** How long to wait before the next round (the poller also stops at the deadline). */
  delayMs: number;
  /** When the last open task is expected to finish, if every open task has a forecast. */
  forecastAt: number | undefined;
}
