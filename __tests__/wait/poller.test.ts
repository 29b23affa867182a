import { ApiError, TransientError } from '../../src/shared/errors.ts';
import { poll } from '../../src/wait/poller.ts';
import type { PollOptions, RoundReport } from '../../src/wait/poller.ts';
import type { DescribeResult, Task, TaskApi } from '../../src/wait/task.ts';
import { decide } from '../../src/wait/verdict.ts';
import { fakeTime } from '../helpers/fake-time.ts';
import type { FakeTime } from '../helpers/fake-time.ts';
import { apiTask as task } from '../helpers/task-results.ts';

/** An API whose answer for each ID is a function of the fake time elapsed. */
function scriptedApi(
  time: FakeTime,
  script: (id: string, elapsedMs: number) => Task | undefined
): TaskApi & { calls: string[][]; callTimes: number[] } {
  const start = time.clock();
  const calls: string[][] = [];
  const callTimes: number[] = [];
  return {
    calls,
    callTimes,
    async describeTasks(ids: readonly string[]): Promise<DescribeResult> {
      calls.push([...ids]);
      callTimes.push(time.clock() - start);
      const tasks = ids.map((id) => script(id, time.clock() - start)).filter((t): t is Task => !!t);
      return { tasks, requestId: `req-${calls.length}` };
    }
  };
}

function options(time: FakeTime, overrides: Partial<PollOptions> = {}): PollOptions {
  return {
    pollIntervalMs: 5000,
    maxPollIntervalMs: 30_000,
    deadline: time.clock() + 20 * 60_000,
    ...overrides
  };
}

const completeAfter = (ms: number) => (id: string, elapsed: number) =>
  elapsed >= ms ? task(id, 'Complete', '100%') : task(id, 'Refreshing', '50%');

describe('poll', () => {
  test('first poll at once; done when every task is terminal', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) => task(id, 'Complete', '100%'));
    const outcome = await poll(
      ['1', '2'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
      options(time)
    );
    expect(outcome.end).toBe('done');
    expect(api.callTimes).toEqual([0]);
    expect(time.sleeps).toEqual([]);
    expect(decide(outcome).status).toBe('complete');
  });

  test('at most 10 IDs per call, only IDs not yet terminal', async () => {
    const time = fakeTime();
    const ids = Array.from({ length: 25 }, (_, i) => String(i + 1));
    // Odd IDs finish at once, even ones after 10 s.
    const api = scriptedApi(time, (id, elapsed) =>
      Number(id) % 2 === 1 || elapsed >= 10_000 ? task(id, 'Complete', '100%') : task(id, 'Pending')
    );
    await poll(ids, { api, clock: time.clock, sleep: time.sleep, random: () => 0 }, options(time));
    expect(api.calls.slice(0, 3).map((c) => c.length)).toEqual([10, 10, 5]);
    expect(api.calls.every((c) => c.length <= 10)).toBe(true);
    const later = api.calls.slice(3).flat();
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((id) => Number(id) % 2 === 0)).toBe(true);
  });

  test('backoff: delays start at poll-interval, grow with jitter, and stay within the bounds', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, completeAfter(10 * 60_000));
    let r = 0;
    const random = () => [0, 0.99, 0.5, 0.01][r++ % 4] as number;
    const backoff = options(time, { schedule: 'backoff' });
    await poll(['1'], { api, clock: time.clock, sleep: time.sleep, random }, backoff);
    expect(time.sleeps[0]).toBe(5000);
    for (const [i, ms] of time.sleeps.entries()) {
      expect(ms).toBeGreaterThanOrEqual(5000);
      expect(ms).toBeLessThanOrEqual(30_000);
      if (i > 0 && i < 4) expect(ms).toBeGreaterThan(time.sleeps[i - 1] as number);
    }
    expect(time.sleeps.filter((ms) => ms === 30_000).length).toBeGreaterThan(10);
  });

  test('never sleeps past the deadline, and polls once more at it before giving up', async () => {
    const time = fakeTime();
    const start = time.clock();
    const api = scriptedApi(time, (id) => task(id, 'Refreshing', '10%'));
    const outcome = await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0.5 },
      options(time, { deadline: start + 60_000 })
    );
    expect(outcome.end).toBe('timed-out');
    expect(api.callTimes.at(-1)).toBe(60_000);
    expect(time.clock() - start).toBe(60_000);
    const verdict = decide(outcome);
    expect(verdict.status).toBe('timed-out');
    expect(verdict.pendingIds).toEqual(['1']);
  });

  test('Failed tasks are terminal and fail the verdict with their Description', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) =>
      id === '2' ? task(id, 'Failed', '0%', 'Origin Timeout') : task(id, 'Complete', '100%')
    );
    const outcome = await poll(
      ['1', '2', '3'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time)
    );
    const verdict = decide(outcome);
    expect(verdict.status).toBe('failed');
    expect(verdict.failedIds).toEqual(['2']);
    expect(verdict.completeIds).toEqual(['1', '3']);
    expect(verdict.results[1]).toMatchObject({
      TaskId: '2',
      Status: 'Failed',
      Description: 'Origin Timeout'
    });
  });

  test('an ID missing from 3 consecutive answers becomes NotFound', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) => (id === '9' ? undefined : task(id, 'Refreshing', '10%')));
    const outcome = await poll(
      ['1', '9'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time, { deadline: time.clock() + 60_000 })
    );
    const nine = outcome.states[1];
    expect(nine?.terminal).toBe(true);
    expect(nine?.task?.Status).toBe('NotFound');
    // Asked about exactly three times, then no more.
    expect(api.calls.filter((c) => c.includes('9'))).toHaveLength(3);
    expect(decide(outcome).status).toBe('failed');
  });

  test('missing twice then found resets the count', async () => {
    const time = fakeTime();
    let seen = 0;
    const api = scriptedApi(time, (id) => {
      seen += 1;
      if (seen === 1 || seen === 2 || seen === 4 || seen === 5) return undefined;
      return seen >= 7 ? task(id, 'Complete', '100%') : task(id, 'Pending');
    });
    const outcome = await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time)
    );
    expect(decide(outcome).status).toBe('complete');
  });

  test('unknown statuses are not terminal and are kept as they came', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id, elapsed) =>
      elapsed < 6000 ? task(id, 'Queued', '0%') : task(id, 'Complete', '100%')
    );
    const rounds: RoundReport[] = [];
    const statuses: string[] = [];
    await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time),
      (r) => {
        rounds.push(r);
        statuses.push(r.states[0]?.task?.Status ?? '');
      }
    );
    expect(statuses).toEqual(['Queued', 'Queued', 'Complete']);
  });

  test('a task once Complete is never polled again (never un-finished)', async () => {
    const time = fakeTime();
    let calls = 0;
    const api = scriptedApi(time, (id) => {
      calls += 1;
      if (id === '1')
        return calls === 1 ? task(id, 'Complete', '100%') : task(id, 'Refreshing', '5%');
      return calls > 4 ? task(id, 'Complete', '100%') : task(id, 'Pending');
    });
    const outcome = await poll(
      ['1', '2'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time)
    );
    expect(outcome.states[0]?.task?.Status).toBe('Complete');
    expect(api.calls.slice(1).every((c) => !c.includes('1'))).toBe(true);
  });

  test('transient failures keep IDs pending (not missing) and the run goes on', async () => {
    const time = fakeTime();
    let n = 0;
    const api: TaskApi = {
      async describeTasks(ids) {
        n += 1;
        if (n <= 4) throw new TransientError('HTTP 503 ServiceUnavailable');
        return { tasks: ids.map((id) => task(id, 'Complete', '100%')), requestId: 'r' };
      }
    };
    const lines: string[] = [];
    const outcome = await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time),
      (r) => lines.push(r.lastError ?? '')
    );
    expect(outcome.end).toBe('done');
    expect(decide(outcome).status).toBe('complete');
    expect(lines.slice(0, 4)).toEqual(Array(4).fill('HTTP 503 ServiceUnavailable'));
  });

  test('a timeout while calls keep failing reports the last error', async () => {
    const time = fakeTime();
    const api: TaskApi = {
      async describeTasks() {
        throw new TransientError('HTTP 502 with a body that is not JSON');
      }
    };
    const outcome = await poll(
      ['1'],
      { api, clock: time.clock, sleep: time.sleep, random: () => 0 },
      options(time, { deadline: time.clock() + 30_000 })
    );
    expect(outcome.end).toBe('timed-out');
    expect(outcome.lastError).toMatch(/502/);
    expect(outcome.states[0]?.terminal).toBe(false);
  });

  test('fatal API errors stop polling at once', async () => {
    const time = fakeTime();
    const api: TaskApi = {
      async describeTasks() {
        throw new ApiError('SignatureDoesNotMatch', {
          service: 'DCDN',
          code: 'SignatureDoesNotMatch',
          requestId: 'r',
          httpStatus: 400
        });
      }
    };
    await expect(
      poll(['1'], { api, clock: time.clock, sleep: time.sleep, random: () => 0 }, options(time))
    ).rejects.toBeInstanceOf(ApiError);
    expect(time.sleeps).toEqual([]);
  });

  test('an aborted signal stops before the next round', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const api = scriptedApi(time, (id) => task(id, 'Pending'));
    const outcome = await poll(
      ['1'],
      {
        api,
        clock: time.clock,
        sleep: async (ms) => {
          await time.sleep(ms);
          controller.abort();
        },
        random: () => 0
      },
      options(time, { signal: controller.signal })
    );
    expect(outcome.end).toBe('cancelled');
    expect(api.calls).toHaveLength(1);
  });
});
