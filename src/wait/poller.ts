// Decides when to ask about which tasks, and when to stop. Pure: time, sleep, randomness and the
// API come in as arguments, so tests drive it with a fake clock and no real waiting.

import { CancelledError, TransientError } from '../shared/errors.ts';
import { createSchedule } from './schedule.ts';
import type { Round, ScheduleName } from './schedule.ts';
import { applyAnswer, settle } from './answer.ts';
import { halves, isBadIdError, refusedRow } from './bad-ids.ts';
import { UnknownStatuses } from './status.ts';
import type { Clock, Random, Sleep } from '../shared/time.ts';
import type { TaskApi, TaskState } from './task.ts';

export type { TaskState } from './task.ts';

/** The API takes at most this many IDs per call. */
const MAX_IDS_PER_CALL = 10;
/**
 * Calls a round keeps in flight at most. The rate limiter sets the pace; this only has to exceed
 * ceiling x round trip (30/s x 1 s) so that slow answers or retries do not slow a round down.
 */
const MAX_CALLS_IN_FLIGHT = 32;

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
  /** How to space rounds (default 'progress'; see schedule.ts and docs/performance.md). */
  schedule?: ScheduleName;
  /** The client's ceiling (max-requests-per-second), so the schedule knows how long a sweep takes. */
  callsPerSecond?: number;
}

export interface RoundReport {
  round: number;
  elapsedMs: number;
  states: readonly TaskState[];
  calls: number;
  failedCalls: number;
  requestIds: string[];
  lastError: string | undefined;
  /** IDs asked about in this round (each open ID once). */
  ids?: number;
  /** Delay before the next round; undefined when there is none (done, or at the deadline). */
  nextDelayMs?: number;
  /** Progress schedule: when the last open task is expected to finish (clock time). */
  forecastAt?: number;
  /** Statuses the API sent so far that it does not document, distinct, as they came (capped). */
  unknownStatuses?: readonly string[];
}

type PollEnd = 'done' | 'timed-out' | 'cancelled';

export interface PollOutcome {
  end: PollEnd;
  /** One entry per input ID, in input order. */
  states: TaskState[];
  rounds: number;
  calls: number;
  elapsedMs: number;
  /** The last transient error, if calls were still failing when the poller stopped. */
  lastError: string | undefined;
  /**
   * Statuses the API sent during the run that it does not document (not Complete, Failed,
   * Pending or Refreshing in any case), distinct, as they came, at most MAX_UNKNOWN_STATUSES:
   * name them in one warning.
   */
  unknownStatuses: string[];
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
    rows: [],
    task: undefined,
    missingCount: 0,
    terminal: false
  }));
  let rounds = 0;
  let calls = 0;
  let lastError: string | undefined;
  const unknown = new UnknownStatuses();
  const finish = (end: PollEnd): PollOutcome => ({
    end,
    states,
    rounds,
    calls,
    elapsedMs: clock() - start,
    lastError,
    unknownStatuses: unknown.list()
  });

  const schedule = createSchedule(
    options.schedule ?? 'progress',
    {
      minMs: options.pollIntervalMs,
      maxMs: options.maxPollIntervalMs,
      deadline: options.deadline,
      ...(options.callsPerSecond ? { callsPerSecond: options.callsPerSecond } : {})
    },
    random
  );

  const { signal } = options;
  // Resolves when the job is cancelled, so a round in flight (say a hung request) is not awaited.
  const aborted = new Promise<typeof ABORTED>((resolve) =>
    signal?.addEventListener('abort', () => resolve(ABORTED), { once: true })
  );

  // The open IDs, worked out once per round (at 10,000 IDs each list is an 80 KB array).
  let open = openIds(states);
  for (;;) {
    if (signal?.aborted) return finish('cancelled');
    const round = schedule.startRound(open, clock());
    const asking = pollRound(states, deps.api, clock, round, signal, unknown);
    asking.catch(() => undefined); // if cancellation wins the race, the round's end is not awaited
    let report: RoundResult;
    try {
      const first = await Promise.race([asking, aborted]);
      if (first === ABORTED) return finish('cancelled');
      report = first;
    } catch (error) {
      if (error instanceof CancelledError || signal?.aborted) return finish('cancelled');
      throw error;
    }
    rounds += 1;
    calls += report.calls;
    lastError = report.failedCalls > 0 ? report.lastError : undefined;
    open = openIds(states);
    const now = clock();
    // Never sleep past the deadline: the last round happens at the deadline itself.
    const end = open.length === 0 || now >= options.deadline ? undefined : round.finish(open, now);
    const delay = end && Math.min(end.delayMs, options.deadline - now);
    onRound({
      ...report,
      round: rounds,
      elapsedMs: now - start,
      states,
      nextDelayMs: delay,
      forecastAt: end?.forecastAt,
      unknownStatuses: unknown.list()
    });
    if (open.length === 0) return finish('done');
    if (signal?.aborted) return finish('cancelled');
    if (delay === undefined) return finish('timed-out');
    try {
      await sleep(delay);
    } catch (error) {
      if (error instanceof CancelledError) return finish('cancelled');
      throw error;
    }
  }
}

const ABORTED = Symbol('aborted');

type RoundResult = Omit<RoundReport, 'round' | 'elapsedMs' | 'states' | 'nextDelayMs'>;

async function pollRound(
  states: TaskState[],
  api: TaskApi,
  clock: Clock,
  round: Round,
  signal: AbortSignal | undefined,
  unknown: UnknownStatuses
): Promise<RoundResult> {
  const asked = new Set(round.ids);
  const open = states.filter((state) => !state.terminal && asked.has(state.id));
  const batches: TaskState[][] = [];
  const queue = (states: TaskState[]): void => {
    for (let i = 0; i < states.length; i += MAX_IDS_PER_CALL) {
      batches.push(states.slice(i, i + MAX_IDS_PER_CALL));
    }
  };
  queue(open);
  const result: RoundResult = {
    calls: batches.length,
    failedCalls: 0,
    requestIds: [],
    lastError: undefined,
    ids: open.length
  };
  // A few workers take batches in turn (the client's rate limiter spaces their calls) and apply
  // each answer as it comes: with 10,000 IDs, neither 1,000 pending calls nor 1,000 answers wait
  // in memory for the round to end.
  let next = 0;
  let stopped = false;
  const ask = async (batch: TaskState[]): Promise<void> => {
    try {
      const answer = await api.describeTasks(batch.map((state) => state.id));
      // When this batch was answered: a round of 1,000 calls spans minutes at the ceiling.
      const at = clock();
      result.requestIds.push(answer.requestId);
      applyAnswer(
        batch,
        answer.tasks,
        (id, task) => round.observe(id, task, at),
        (status) => unknown.note(status)
      );
    } catch (error) {
      if (isBadIdError(error)) {
        // Refused because of some ID in it: a lone ID is that ID; otherwise ask each half
        // (through the same client, so the rate limiter paces these calls too).
        const [only] = batch;
        if (batch.length === 1 && only) {
          const row = refusedRow(only.id, error);
          settle(only, row);
          round.observe(only.id, row, clock());
          return;
        }
        for (const half of halves(batch)) {
          if (stopped || signal?.aborted) return;
          result.calls += 1;
          await ask(half);
        }
        return;
      }
      if (!(error instanceof TransientError)) {
        stopped = true; // a fatal answer ends the round: no further calls
        throw error;
      }
      // A batch we could not read stays as it was: its IDs are neither missing nor finished.
      result.failedCalls += 1;
      result.lastError = error.message;
    }
  };
  const worker = async (): Promise<void> => {
    while (!stopped && !signal?.aborted && next < batches.length) {
      await ask(batches[next++] as TaskState[]);
    }
  };
  const workers = Math.min(MAX_CALLS_IN_FLIGHT, batches.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

function openIds(states: readonly TaskState[]): string[] {
  // Indexed, and sized first: at 10,000 IDs a for-of and a growing array were most of what a
  // round allocated (see progressLine).
  let count = 0;
  for (let i = 0; i < states.length; i++) if (!(states[i] as TaskState).terminal) count += 1;
  const open = new Array<string>(count);
  let k = 0;
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as TaskState;
    if (!state.terminal) open[k++] = state.id;
  }
  return open;
}
