// Decides when to ask about which tasks, and when to stop. Pure: time, sleep, randomness and the
// API come in as arguments, so tests drive it with a fake clock and no real waiting.

import { pollDelay } from './backoff.ts';
import { TransientError } from './errors.ts';
import { NOT_FOUND, TERMINAL_STATUSES } from './types.ts';
import type { Clock, Random, Sleep, Task, TaskApi } from './types.ts';

/** The API takes at most this many IDs per call. */
export const MAX_IDS_PER_CALL = 10;
/** Consecutive answers an ID may be missing from before it counts as NotFound. */
export const MISSING_LIMIT = 3;

export interface TaskState {
  id: string;
  /** The latest answer for this ID, or a synthesized NotFound entry. */
  task: Task | undefined;
  missingCount: number;
  terminal: boolean;
}

export interface PollDeps {
  api: TaskApi;
  clock: Clock;
  sleep: Sleep;
  random: Random;
}

export interface PollOptions {
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** Clock time at which to give up (after one last round). */
  deadline: number;
  signal?: AbortSignal;
}

export interface RoundReport {
  round: number;
  elapsedMs: number;
  states: readonly TaskState[];
  calls: number;
  failedCalls: number;
  requestIds: string[];
  lastError: string | undefined;
}

export type PollEnd = 'done' | 'timed-out' | 'cancelled';

export interface PollOutcome {
  end: PollEnd;
  /** One entry per input ID, in input order. */
  states: TaskState[];
  rounds: number;
  calls: number;
  elapsedMs: number;
  /** The last transient error, if calls were still failing when the poller stopped. */
  lastError: string | undefined;
}

export async function poll(
  ids: readonly string[],
  deps: PollDeps,
  options: PollOptions,
  onRound: (report: RoundReport) => void = () => undefined
): Promise<PollOutcome> {
  const { clock, sleep, random } = deps;
  const start = clock();
  const states = ids.map((id): TaskState => ({
    id,
    task: undefined,
    missingCount: 0,
    terminal: false
  }));
  let rounds = 0;
  let calls = 0;
  let lastError: string | undefined;
  const finish = (end: PollEnd): PollOutcome => ({
    end,
    states,
    rounds,
    calls,
    elapsedMs: clock() - start,
    lastError
  });

  for (;;) {
    if (options.signal?.aborted) return finish('cancelled');
    const report = await pollRound(states, deps.api);
    rounds += 1;
    calls += report.calls;
    lastError = report.failedCalls > 0 ? report.lastError : undefined;
    onRound({ ...report, round: rounds, elapsedMs: clock() - start, states });
    if (states.every((state) => state.terminal)) return finish('done');
    if (options.signal?.aborted) return finish('cancelled');
    const now = clock();
    if (now >= options.deadline) return finish('timed-out');
    const delay = pollDelay(rounds - 1, options.pollIntervalMs, options.maxPollIntervalMs, random);
    // Never sleep past the deadline: the last round happens at the deadline itself.
    await sleep(Math.min(delay, options.deadline - now));
  }
}

type RoundResult = Omit<RoundReport, 'round' | 'elapsedMs' | 'states'>;

async function pollRound(states: TaskState[], api: TaskApi): Promise<RoundResult> {
  const open = states.filter((state) => !state.terminal);
  const batches: TaskState[][] = [];
  for (let i = 0; i < open.length; i += MAX_IDS_PER_CALL) {
    batches.push(open.slice(i, i + MAX_IDS_PER_CALL));
  }
  const answers = await Promise.all(
    batches.map(async (batch) => {
      try {
        return await api.describeTasks(batch.map((state) => state.id));
      } catch (error) {
        if (error instanceof TransientError) return error;
        throw error;
      }
    })
  );
  const result: RoundResult = {
    calls: batches.length,
    failedCalls: 0,
    requestIds: [],
    lastError: undefined
  };
  answers.forEach((answer, index) => {
    if (answer instanceof TransientError) {
      // A batch we could not read stays as it was: its IDs are neither missing nor finished.
      result.failedCalls += 1;
      result.lastError = answer.message;
      return;
    }
    result.requestIds.push(answer.requestId);
    applyAnswer(batches[index] as TaskState[], answer.tasks);
  });
  return result;
}

function applyAnswer(batch: TaskState[], tasks: readonly Task[]): void {
  const byId = new Map<string, Task>();
  for (const task of tasks) {
    // If an answer lists an ID twice, a terminal entry wins: a task is never un-finished.
    const seen = byId.get(task.TaskId);
    if (!seen || !TERMINAL_STATUSES.has(seen.Status)) byId.set(task.TaskId, task);
  }
  for (const state of batch) {
    const task = byId.get(state.id);
    if (task) {
      state.task = task;
      state.missingCount = 0;
      state.terminal = TERMINAL_STATUSES.has(task.Status);
      continue;
    }
    state.missingCount += 1;
    if (state.missingCount >= MISSING_LIMIT) {
      state.terminal = true;
      state.task = notFoundTask(state.id, state.task);
    }
  }
}

function notFoundTask(id: string, last: Task | undefined): Task {
  return {
    TaskId: id,
    Status: NOT_FOUND,
    Process: last?.Process ?? '',
    ObjectType: last?.ObjectType ?? '',
    ObjectPath: last?.ObjectPath ?? '',
    CreationTime: last?.CreationTime ?? '',
    Description: `missing from ${MISSING_LIMIT} consecutive answers: wrong account or endpoint, or older than 3 days`
  };
}
