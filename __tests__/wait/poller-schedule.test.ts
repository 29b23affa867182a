// The poller with its schedules on seeded random timelines (the benchmark's generator), in
// virtual time, through the real rate limiter: properties that hold for any progress shape.
import { taskViewAt } from '../../emulator/timeline.ts';
import type { ScheduledTask } from '../../emulator/timeline.ts';
import { generateTimelines } from '../../scripts/bench/timelines.ts';
import type { ProgressShape } from '../../scripts/bench/timelines.ts';
import { RateLimiter } from '../../src/alibaba/rate-limiter.ts';
import { pollDelay } from '../../src/wait/backoff.ts';
import { poll } from '../../src/wait/poller.ts';
import type { PollOutcome, RoundReport } from '../../src/wait/poller.ts';
import type { ScheduleName } from '../../src/wait/schedule.ts';
import { TERMINAL_STATUSES } from '../../src/wait/task.ts';
import type { DescribeResult, TaskApi } from '../../src/wait/task.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { virtualTime } from '../helpers/virtual-time.ts';

const START = Date.UTC(2026, 10, 29);
const POLL_MS = 5000;
const MAX_MS = 30_000;
const CALLS_PER_SECOND = 10;
/** The limiter's spacing at the ceiling (5% wider than 1 s / rate), and the network's. */
const CALL_MS = 1050 / CALLS_PER_SECOND;
const RTT_MS = 50;

interface Run {
  outcome: PollOutcome;
  rounds: RoundReport[];
  /** Open tasks after each round (the reports share one states array). */
  openAfter: number[];
  calls: { at: number; ids: readonly string[] }[];
  /** When an answer first showed each task finished. */
  seenDoneAt: Map<string, number>;
  /** When the last task finished (the emulator's timeline). */
  lastDoneAt: number;
  endAt: number;
}

async function run(
  shape: ProgressShape,
  count: number,
  seed: number,
  options: { schedule?: ScheduleName; timeoutMs?: number; timeScale?: number } = {}
): Promise<Run> {
  const time = virtualTime(START);
  const timelines = generateTimelines(count, seed, {
    start: START,
    shape,
    timeScale: options.timeScale ?? 0.3
  });
  const tasks = new Map(timelines.tasks.map((t) => [t.id, t as ScheduledTask]));
  const limiter = new RateLimiter(CALLS_PER_SECOND, time.clock, time.sleep);
  const calls: Run['calls'] = [];
  const seenDoneAt = new Map<string, number>();
  const api: TaskApi = {
    async describeTasks(ids): Promise<DescribeResult> {
      await limiter.acquire();
      calls.push({ at: time.clock(), ids });
      await time.sleep(RTT_MS / 2);
      const at = time.clock();
      const views = ids.flatMap((id) => taskViewAt(tasks.get(id) as ScheduledTask, at) ?? []);
      for (const v of views) {
        if (TERMINAL_STATUSES.has(v.Status) && !seenDoneAt.has(v.TaskId))
          seenDoneAt.set(v.TaskId, at);
      }
      await time.sleep(RTT_MS / 2);
      limiter.onSuccess();
      return { tasks: views, requestId: `r${calls.length}` };
    }
  };
  const rounds: RoundReport[] = [];
  const openAfter: number[] = [];
  const outcome = await poll(
    [...tasks.keys()],
    { api, clock: time.clock, sleep: time.sleep, random: seededRandom(seed) },
    {
      pollIntervalMs: POLL_MS,
      maxPollIntervalMs: MAX_MS,
      deadline: START + (options.timeoutMs ?? 20 * 60_000),
      callsPerSecond: CALLS_PER_SECOND,
      ...(options.schedule ? { schedule: options.schedule } : {})
    },
    (r) => {
      rounds.push(r);
      openAfter.push(r.states.filter((state) => !state.terminal).length);
    }
  );
  return {
    outcome,
    rounds,
    openAfter,
    calls,
    seenDoneAt,
    lastDoneAt: timelines.lastDoneAt,
    endAt: time.clock()
  };
}

/** Seeded cases: every shape, mostly small runs and a few hundred-ID ones. */
const SHAPES: ProgressShape[] = ['linear', 'stepwise', 'none'];
const CASES = SHAPES.flatMap((shape) =>
  Array.from({ length: 6 }, (_, i) => {
    const seed = 100 + i;
    const count = i === 5 ? 300 : 1 + Math.floor(seededRandom(seed)() * 40);
    return { shape, seed, count };
  })
);

describe.each(CASES)('progress schedule, $shape progress, $count ID(s), seed $seed', (c) => {
  let result: Run;
  beforeAll(async () => {
    result = await run(c.shape, c.count, c.seed);
  });

  test('every task is seen finished', () => {
    expect(result.outcome.end).toBe('done');
    expect(result.seenDoneAt.size).toBe(c.count);
  });

  test('never a call for a task already seen finished', () => {
    for (const call of result.calls) {
      for (const id of call.ids) {
        const doneAt = result.seenDoneAt.get(id) as number;
        expect(call.at).toBeLessThanOrEqual(doneAt);
      }
    }
  });

  test('the last completion noticed no later than plain polling at poll-interval would', () => {
    // Plain polling at poll-interval asks about every open task within poll-interval, then
    // needs one sweep at the ceiling for the IDs it did not yet know finished.
    const open = [...result.seenDoneAt.values()].filter((at) => at > result.lastDoneAt).length;
    const sweep = Math.max(0, Math.ceil(open / 10) - 1) * CALL_MS;
    const latency = result.endAt - result.lastDoneAt;
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThanOrEqual(POLL_MS + sweep + RTT_MS + CALL_MS);
  });

  test('never faster than the ceiling', () => {
    const times = result.calls.map((call) => call.at);
    for (let i = 10; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 10] as number)).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('a deadline before the tasks finish, any shape', () => {
  test.each(SHAPES)(
    '%s: at most one round past the deadline, which asks about every open task',
    async (shape) => {
      const timeoutMs = 40_000;
      const { rounds, openAfter, outcome, endAt } = await run(shape, 25, 7, {
        timeoutMs,
        timeScale: 1
      });
      expect(outcome.end).toBe('timed-out');
      const past = rounds.filter((r) => r.elapsedMs >= timeoutMs);
      expect(past).toHaveLength(1);
      expect(rounds.at(-1)).toBe(past[0]);
      expect(past[0]?.ids).toBe(openAfter.at(-2));
      expect(endAt - START).toBeLessThan(timeoutMs + 1000);
    }
  );
});

describe('the progress schedule against the plain ones', () => {
  test('steady progress: noticed sooner than a 20 s waiter, with fewer calls', async () => {
    const progress = await run('linear', 300, 3, { timeScale: 1 });
    const time = virtualTime(START);
    // The waiter: plain polling every 20 s, same timelines, same ceiling.
    const waiter = await (async () => {
      const timelines = generateTimelines(300, 3, { start: START, shape: 'linear' });
      const tasks = new Map(timelines.tasks.map((t) => [t.id, t as ScheduledTask]));
      const limiter = new RateLimiter(CALLS_PER_SECOND, time.clock, time.sleep);
      let calls = 0;
      const api: TaskApi = {
        async describeTasks(ids) {
          await limiter.acquire();
          calls += 1;
          await time.sleep(RTT_MS);
          const at = time.clock();
          return {
            tasks: ids.flatMap((id) => taskViewAt(tasks.get(id) as ScheduledTask, at) ?? []),
            requestId: 'r'
          };
        }
      };
      await poll(
        [...tasks.keys()],
        { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
        {
          pollIntervalMs: 20_000,
          maxPollIntervalMs: 20_000,
          deadline: START + 20 * 60_000,
          schedule: 'fixed'
        }
      );
      return { calls, latency: time.clock() - timelines.lastDoneAt };
    })();
    expect(progress.calls.length).toBeLessThan(waiter.calls);
    expect(progress.endAt - progress.lastDoneAt).toBeLessThan(waiter.latency);
  });

  test('no progress at all: plain polling at poll-interval', async () => {
    const progress = await run('none', 12, 9);
    const plain = await run('none', 12, 9, { schedule: 'fixed' });
    expect(progress.calls).toHaveLength(plain.calls.length);
    expect(progress.rounds.map((r) => r.ids)).toEqual(plain.rounds.map((r) => r.ids));
    // Each round starts early enough for its sweep to end a poll-interval after the last.
    for (const r of progress.rounds.slice(0, -1)) {
      expect(r.nextDelayMs).toBeGreaterThanOrEqual(POLL_MS - CALL_MS);
      expect(r.nextDelayMs).toBeLessThanOrEqual(POLL_MS);
    }
  });

  test('backoff sleeps exactly the plain growing delays', async () => {
    const { rounds } = await run('linear', 1, 4, { schedule: 'backoff', timeScale: 3 });
    const random = seededRandom(4);
    const expected = rounds.slice(0, -1).map((_, r) => pollDelay(r, POLL_MS, MAX_MS, random));
    expect(rounds.slice(0, -1).map((r) => r.nextDelayMs)).toEqual(expected);
  });

  test('2,000 IDs: in calls of 10, mostly spent on finished tasks', async () => {
    const big = await run('linear', 2000, 11, { timeScale: 0.5 });
    expect(big.outcome.end).toBe('done');
    expect(big.calls.every((c) => c.ids.length <= 10)).toBe(true);
    // Calls are spent mostly on finished tasks: at most twice the one call per 10 IDs needed.
    expect(big.calls.length).toBeLessThan(2 * 200);
  });
});

describe('IDs the API never lists', () => {
  test('still end NotFound, asked about three times', async () => {
    const time = virtualTime(START);
    const timelines = generateTimelines(30, 5, { start: START, shape: 'linear' });
    const tasks = new Map(timelines.tasks.map((t) => [t.id, t as ScheduledTask]));
    const ghosts = Array.from({ length: 12 }, (_, i) => String(900_000 + i));
    const asked = new Map<string, number>();
    const api: TaskApi = {
      async describeTasks(ids) {
        await time.sleep(RTT_MS);
        for (const id of ids) asked.set(id, (asked.get(id) ?? 0) + 1);
        const at = time.clock();
        const views = ids.flatMap((id) => {
          const t = tasks.get(id);
          return t ? (taskViewAt(t, at) ?? []) : [];
        });
        return { tasks: views, requestId: 'r' };
      }
    };
    const outcome = await poll(
      [...tasks.keys(), ...ghosts],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
      { pollIntervalMs: POLL_MS, maxPollIntervalMs: MAX_MS, deadline: START + 20 * 60_000 }
    );
    expect(outcome.end).toBe('done');
    const notFound = outcome.states.filter((s) => s.task?.Status === 'NotFound');
    expect(notFound.map((s) => s.id)).toEqual(ghosts);
    for (const id of ghosts) expect(asked.get(id)).toBe(3);
  });
});
