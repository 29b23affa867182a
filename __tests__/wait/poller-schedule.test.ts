// The poller with each schedule, on a fake clock: no real sleeping, no wall-clock assertions.
import { pollDelay } from '../../src/wait/backoff.ts';
import { poll } from '../../src/wait/poller.ts';
import type { PollOptions, RoundReport } from '../../src/wait/poller.ts';
import type { ScheduleName } from '../../src/wait/schedule.ts';
import type { DescribeResult, Task, TaskApi } from '../../src/wait/task.ts';
import { fakeTime } from '../helpers/fake-time.ts';
import type { FakeTime } from '../helpers/fake-time.ts';

interface Timeline {
  /** When the task starts refreshing (ms after the poller starts). */
  startMs: number;
  /** How long it refreshes, with Process rising linearly. */
  refreshMs: number;
}

/** The emulator's simple timeline: Pending 0%, Refreshing floor(%) below 100, then Complete. */
function view(id: string, t: Timeline, elapsed: number): Task {
  const base = { TaskId: id, ObjectType: 'file', ObjectPath: `https://example.com/${id}` };
  const rest = { CreationTime: '2026-11-29T00:00:00Z', Description: '' };
  if (elapsed < t.startMs) return { ...base, Status: 'Pending', Process: '0%', ...rest };
  if (elapsed < t.startMs + t.refreshMs) {
    const pct = Math.min(99, Math.floor(((elapsed - t.startMs) / t.refreshMs) * 100));
    return { ...base, Status: 'Refreshing', Process: `${pct}%`, ...rest };
  }
  return { ...base, Status: 'Complete', Process: '100%', ...rest };
}

function timelineApi(
  time: FakeTime,
  timelines: Map<string, Timeline>
): TaskApi & { calls: number } {
  const start = time.clock();
  const api = {
    calls: 0,
    async describeTasks(ids: readonly string[]): Promise<DescribeResult> {
      api.calls += 1;
      const elapsed = time.clock() - start;
      const tasks = ids.map((id) => view(id, timelines.get(id) as Timeline, elapsed));
      return { tasks, requestId: `req-${api.calls}` };
    }
  };
  return api;
}

async function run(schedule: ScheduleName | undefined, timelines: Map<string, Timeline>) {
  const time = fakeTime();
  const start = time.clock();
  const api = timelineApi(time, timelines);
  const rounds: RoundReport[] = [];
  /** Open IDs after each round: what the next round could ask about. */
  const openAfter: number[] = [];
  const options: PollOptions = {
    pollIntervalMs: 5000,
    maxPollIntervalMs: 30_000,
    deadline: start + 20 * 60_000,
    ...(schedule ? { schedule } : {})
  };
  const outcome = await poll(
    [...timelines.keys()],
    { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
    options,
    (r) => {
      rounds.push(r);
      openAfter.push(r.states.filter((state) => !state.terminal).length);
    }
  );
  const lastDone = Math.max(...[...timelines.values()].map((t) => t.startMs + t.refreshMs));
  return {
    outcome,
    rounds,
    openAfter,
    calls: api.calls,
    sleeps: time.sleeps,
    latency: outcome.elapsedMs - lastDone
  };
}

const ONE = new Map([['1', { startMs: 3000, refreshMs: 100_000 }]]);

describe('poll with the backoff schedule', () => {
  test('sleeps exactly the plain growing delays', async () => {
    const { sleeps } = await run('backoff', ONE);
    expect(sleeps.slice(0, 6)).toEqual(
      [0, 1, 2, 3, 4, 5].map((r) => pollDelay(r, 5000, 30_000, () => 0.5))
    );
  });
});

describe('poll with the progress schedule (the default)', () => {
  test('notices a steadily refreshing task finishing sooner than backoff, with fewer calls', async () => {
    const progress = await run(undefined, ONE);
    const backoff = await run('backoff', ONE);
    expect(progress.outcome.end).toBe('done');
    expect(backoff.outcome.end).toBe('done');
    // Backoff ticks every 30 s by then and lands up to a tick late; the forecast lands on the finish.
    expect(progress.latency).toBeGreaterThanOrEqual(0);
    expect(progress.latency).toBeLessThan(2000);
    expect(backoff.latency).toBeGreaterThan(progress.latency);
    expect(progress.calls).toBeLessThanOrEqual(backoff.calls);
    // Every delay stays within poll-interval .. max-poll-interval.
    for (const ms of progress.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(5000);
      expect(ms).toBeLessThanOrEqual(30_000);
    }
  });

  test('many tasks: aims at the last one, one call per 10 open IDs per round', async () => {
    const timelines = new Map<string, Timeline>();
    for (let i = 0; i < 25; i++) {
      timelines.set(String(1000 + i), { startMs: 1000 + i * 700, refreshMs: 20_000 + i * 3000 });
    }
    const progress = await run('progress', timelines);
    const backoff = await run('backoff', timelines);
    expect(progress.outcome.end).toBe('done');
    expect(progress.latency).toBeLessThan(5000);
    expect(progress.latency).toBeLessThan(backoff.latency);
    expect(progress.calls).toBeLessThan(backoff.calls);
    for (const r of progress.rounds) expect(r.calls).toBe(Math.ceil((r.ids ?? 0) / 10));
    // The round report carries the forecast and the delay the poller is about to sleep.
    const aimed = progress.rounds.filter((r) => r.forecastAt !== undefined);
    expect(aimed.length).toBeGreaterThan(0);
    expect(progress.rounds.at(-1)?.nextDelayMs).toBeUndefined();
    expect(progress.rounds.slice(0, -1).map((r) => r.nextDelayMs)).toEqual(progress.sleeps);
  });

  test('rounds skip tasks whose steady forecast is not due, so fewer IDs are asked about', async () => {
    const timelines = new Map<string, Timeline>();
    for (let i = 0; i < 100; i++) {
      timelines.set(String(5000 + i), { startMs: 2000, refreshMs: 60_000 + i * 2000 });
    }
    const progress = await run('progress', timelines);
    const backoff = await run('backoff', timelines);
    expect(progress.outcome.end).toBe('done');
    const skipped = progress.rounds
      .slice(1)
      .filter((r, i) => (r.ids ?? 0) < (progress.openAfter[i] as number));
    expect(skipped.length).toBeGreaterThan(0);
    for (const r of progress.rounds) expect(r.calls).toBe(Math.ceil((r.ids ?? 0) / 10));
    const asked = (rs: RoundReport[]) => rs.reduce((n, r) => n + (r.ids ?? 0), 0);
    expect(asked(progress.rounds)).toBeLessThan(asked(backoff.rounds));
    expect(progress.calls).toBeLessThan(backoff.calls);
    expect(progress.latency).toBeLessThan(backoff.latency);
  });

  test('tasks that never show progress are polled exactly as backoff polls them', async () => {
    const flat = new Map([
      ['1', { startMs: 95_000, refreshMs: 1 }],
      ['2', { startMs: 60_000, refreshMs: 1 }]
    ]);
    const progress = await run('progress', flat);
    const backoff = await run('backoff', flat);
    expect(progress.sleeps).toEqual(backoff.sleeps);
    expect(progress.calls).toBe(backoff.calls);
  });

  test('a forecast beyond the deadline never makes it sleep past the deadline', async () => {
    const time = fakeTime();
    const start = time.clock();
    const api = timelineApi(time, new Map([['1', { startMs: 0, refreshMs: 10 * 60_000 }]]));
    const outcome = await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
      { pollIntervalMs: 5000, maxPollIntervalMs: 30_000, deadline: start + 42_000 }
    );
    expect(outcome.end).toBe('timed-out');
    expect(time.clock() - start).toBe(42_000);
    expect(time.sleeps.every((ms) => ms <= 30_000)).toBe(true);
  });

  describe('many IDs: a sample first, the rest when they may be done', () => {
    const slow = (n: number) => {
      const timelines = new Map<string, Timeline>();
      for (let i = 0; i < n; i++) {
        timelines.set(String(10_000 + i), { startMs: 3000, refreshMs: 60_000 + (i % 97) * 1500 });
      }
      return timelines;
    };

    test('asks about every ID within 90 s, and calls less than without holding back', async () => {
      const progress = await run('progress', slow(1000));
      const backoff = await run('backoff', slow(1000));
      expect(progress.outcome.end).toBe('done');
      expect(progress.rounds[0]?.ids).toBe(100);
      expect(progress.calls).toBeLessThan(backoff.calls / 2);
      expect(progress.latency).toBeLessThan(backoff.latency);
      for (const r of progress.rounds) expect(r.calls).toBe(Math.ceil((r.ids ?? 0) / 10));
    });

    test('no ID waits more than 90 s for its first question', async () => {
      const time = fakeTime();
      const start = time.clock();
      const timelines = slow(1000);
      const api = timelineApi(time, timelines);
      const firstAsked = new Map<string, number>();
      const recording: TaskApi = {
        describeTasks: (ids) => {
          for (const id of ids) if (!firstAsked.has(id)) firstAsked.set(id, time.clock() - start);
          return api.describeTasks(ids);
        }
      };
      const outcome = await poll(
        [...timelines.keys()],
        { api: recording, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
        { pollIntervalMs: 5000, maxPollIntervalMs: 30_000, deadline: start + 20 * 60_000 }
      );
      expect(outcome.end).toBe('done');
      expect(firstAsked.size).toBe(1000);
      const waits = [...firstAsked.values()];
      expect(waits.filter((ms) => ms === 0)).toHaveLength(100);
      expect(Math.max(...waits)).toBeGreaterThan(0);
      expect(Math.max(...waits)).toBeLessThanOrEqual(90_000);
    });

    test('tasks already finished: one round asks about all of them', async () => {
      const done = new Map<string, Timeline>();
      for (let i = 0; i < 1000; i++) done.set(String(i), { startMs: -2000, refreshMs: 1 });
      const { outcome, rounds, calls } = await run('progress', done);
      expect(outcome.end).toBe('done');
      expect(rounds).toHaveLength(1);
      expect(rounds[0]?.ids).toBe(1000);
      expect(calls).toBe(100);
    });

    test('IDs held back that the API never lists still end NotFound', async () => {
      const time = fakeTime();
      const timelines = slow(300);
      const api = timelineApi(time, timelines);
      const ghosts = Array.from({ length: 50 }, (_, i) => `ghost${i}`);
      const listed: TaskApi = {
        describeTasks: (ids) => api.describeTasks(ids.filter((id) => timelines.has(id)))
      };
      const outcome = await poll(
        [...timelines.keys(), ...ghosts],
        { api: listed, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
        { pollIntervalMs: 5000, maxPollIntervalMs: 30_000, deadline: time.clock() + 20 * 60_000 }
      );
      expect(outcome.end).toBe('done');
      const notFound = outcome.states.filter((s) => s.task?.Status === 'NotFound');
      expect(notFound.map((s) => s.id)).toEqual(ghosts);
    });
  });
});
