import { ApiError, TransientError } from '../../src/shared/errors.ts';
import { poll } from '../../src/wait/poller.ts';
import type { PollOptions, RoundReport } from '../../src/wait/poller.ts';
import type { DescribeResult, Task, TaskApi } from '../../src/wait/task.ts';
import { decide, failures } from '../../src/wait/verdict.ts';
import { fakeTime } from '../helpers/fake-time.ts';
import type { FakeTime } from '../helpers/fake-time.ts';
import { apiRow as row, apiTask as task } from '../helpers/task-results.ts';

/** An API whose answer for each ID (one row, several rows, or none) is a function of the fake time elapsed. */
function scriptedApi(
  time: FakeTime,
  script: (id: string, elapsedMs: number) => Task | Task[] | undefined
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
      const tasks = ids.flatMap((id) => script(id, time.clock() - start) ?? []);
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
    // Never answered is pending everywhere: in results too, never NotFound.
    const verdict = decide(outcome);
    expect(verdict.pendingIds).toEqual(['1']);
    expect(verdict.results).toEqual([
      expect.objectContaining({ TaskId: '1', Status: 'Pending', Description: 'no answer yet' })
    ]);
    expect(failures(verdict)).toEqual([]);
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

const deps = (time: FakeTime, api: TaskApi) => ({
  api,
  clock: time.clock,
  sleep: time.sleep,
  random: () => 0
});

describe('poll: one ID covering several paths', () => {
  test('a Complete row listed before a Failed row fails the ID; failures() names that path', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) =>
      id === '7'
        ? [
            row('7', 'a.png', 'Complete', '100%'),
            row('7', 'b.png', 'Failed', '0%', 'Origin Timeout')
          ]
        : task(id, 'Complete', '100%')
    );
    const outcome = await poll(['7', '8'], deps(time, api), options(time));
    expect(outcome.end).toBe('done');
    const verdict = decide(outcome);
    expect(verdict.status).toBe('failed');
    expect(verdict.failedIds).toEqual(['7']);
    expect(verdict.completeIds).toEqual(['8']);
    expect(verdict.results.map((r) => [r.TaskId, r.ObjectPath, r.Status])).toEqual([
      ['7', 'https://example.com/a.png', 'Complete'],
      ['7', 'https://example.com/b.png', 'Failed'],
      ['8', 'https://example.com/8', 'Complete']
    ]);
    expect(failures(verdict)).toEqual([
      expect.objectContaining({
        TaskId: '7',
        ObjectPath: 'https://example.com/b.png',
        Description: 'Origin Timeout'
      })
    ]);
  });

  test('an ID with one row still Refreshing is not terminal, and is asked about again', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id, elapsed) => [
      row(id, 'a.png', 'Complete', '100%'),
      elapsed >= 10_000
        ? row(id, 'b.png', 'Complete', '100%')
        : row(id, 'b.png', 'Refreshing', '40%'),
      row(id, 'c.png', 'Failed', '0%', 'Internal Error')
    ]);
    const terminal: boolean[] = [];
    const outcome = await poll(['7'], deps(time, api), options(time), (r) =>
      terminal.push(r.states[0]?.terminal ?? false)
    );
    expect(terminal.slice(0, 2)).toEqual([false, false]);
    expect(terminal.at(-1)).toBe(true);
    expect(api.calls.length).toBeGreaterThan(1);
    expect(api.callTimes.at(-1)).toBeGreaterThanOrEqual(10_000);
    const verdict = decide(outcome);
    expect(verdict.failedIds).toEqual(['7']);
    expect(failures(verdict).map((r) => r.ObjectPath)).toEqual(['https://example.com/c.png']);
  });

  test('results: input order of IDs, then the API order of paths within each ID', async () => {
    const time = fakeTime();
    const api: TaskApi = {
      async describeTasks() {
        // Interleaved, and not in request order: rows are matched by TaskId.
        const tasks = [
          row('8', 'x', 'Complete', '100%'),
          row('7', 'b', 'Complete', '100%'),
          row('8', 'y', 'Complete', '100%'),
          row('7', 'a', 'Complete', '100%')
        ];
        return { tasks, requestId: 'r' };
      }
    };
    const verdict = decide(await poll(['7', '8'], deps(time, api), options(time)));
    expect(verdict.status).toBe('complete');
    expect(verdict.completeIds).toEqual(['7', '8']);
    expect(verdict.results.map((r) => `${r.TaskId} ${r.ObjectPath.slice(-1)}`)).toEqual([
      '7 b',
      '7 a',
      '8 x',
      '8 y'
    ]);
  });

  test('a path once Failed is never un-finished, even when a later answer says otherwise', async () => {
    const time = fakeTime();
    let answers = 0;
    const api: TaskApi = {
      async describeTasks(ids) {
        answers += 1;
        const tasks =
          answers === 1
            ? [row('7', 'a', 'Failed', '0%', 'Origin Timeout'), row('7', 'b', 'Refreshing', '50%')]
            : [row('7', 'a', 'Refreshing', '10%'), row('7', 'b', 'Complete', '100%')];
        return { tasks: tasks.filter((t) => ids.includes(t.TaskId)), requestId: 'r' };
      }
    };
    const outcome = await poll(['7'], deps(time, api), options(time));
    expect(outcome.end).toBe('done');
    expect(outcome.states[0]?.rows.map((r) => r.Status)).toEqual(['Failed', 'Complete']);
    expect(failures(decide(outcome))).toEqual([
      expect.objectContaining({
        ObjectPath: 'https://example.com/a',
        Description: 'Origin Timeout'
      })
    ]);
  });

  test('the same path listed twice in one answer is one row, the terminal one', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) => [
      row(id, 'a', 'Complete', '100%'),
      row(id, 'a', 'Refreshing', '20%')
    ]);
    const outcome = await poll(['7'], deps(time, api), options(time));
    expect(outcome.end).toBe('done');
    expect(decide(outcome).results).toEqual([row('7', 'a', 'Complete', '100%')]);
  });
});

describe('poll: statuses as the API means them', () => {
  test('"FAILED" and " complete " are terminal, and kept as they came', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id) =>
      id === '1' ? task(id, 'FAILED', '0%', 'Origin Timeout') : task(id, ' complete ', '100%')
    );
    const outcome = await poll(['1', '2'], deps(time, api), options(time));
    expect(outcome.end).toBe('done');
    expect(api.calls).toHaveLength(1);
    const verdict = decide(outcome);
    expect(verdict.failedIds).toEqual(['1']);
    expect(verdict.completeIds).toEqual(['2']);
    expect(verdict.results.map((r) => r.Status)).toEqual(['FAILED', ' complete ']);
    expect(failures(verdict).map((r) => r.Description)).toEqual(['Origin Timeout']);
    expect(outcome.unknownStatuses).toEqual([]);
  });

  test('an unknown status is reported once (distinct values, as they came); known ones never', async () => {
    const time = fakeTime();
    const api = scriptedApi(time, (id, elapsed) => {
      if (elapsed >= 20_000) return task(id, 'Complete', '100%');
      if (id === '3') return task(id, ' REFRESHING ', '30%');
      return task(id, id === '1' ? 'Queued' : 'Queued ', '0%');
    });
    const seen: (readonly string[] | undefined)[] = [];
    const outcome = await poll(['1', '2', '3'], deps(time, api), options(time), (r) =>
      seen.push(r.unknownStatuses)
    );
    expect(outcome.end).toBe('done');
    expect(api.calls.length).toBeGreaterThan(2);
    expect(outcome.unknownStatuses).toEqual(['Queued', 'Queued ']);
    expect(seen[0]).toEqual(['Queued', 'Queued ']);
  });
});

/** An error as DcdnClient words a non-retryable DCDN answer. */
function refusal(code: string, message: string): ApiError {
  return new ApiError(
    `DescribeDcdnRefreshTaskById failed: HTTP 400 ${code}: ${message} (RequestId: req-x). Hint: check the task IDs.`,
    { service: 'DCDN', code, requestId: 'req-x', httpStatus: 400 }
  );
}

/** Refuses any call that holds one of `bad` (as the API refuses a whole batch), else answers. */
function refusingApi(
  inner: ReturnType<typeof scriptedApi>,
  bad: Record<string, ApiError>
): TaskApi & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async describeTasks(ids) {
      calls.push([...ids]);
      const refused = ids.find((id) => bad[id]);
      if (refused) throw bad[refused] as Error;
      return inner.describeTasks(ids);
    }
  };
}

const TEN = Array.from({ length: 10 }, (_, i) => String(101 + i));
const TOO_OLD = refusal('InvalidTime', 'The query time cannot exceed the last 3 days.');

describe('poll: one bad ID never costs the others their answers', () => {
  test('a batch of 10 with one InvalidTime ID: that ID failed with the reason, 9 answered', async () => {
    const time = fakeTime();
    const api = refusingApi(scriptedApi(time, completeAfter(10_000)), { '105': TOO_OLD });
    const outcome = await poll(TEN, deps(time, api), options(time));
    expect(outcome.end).toBe('done');
    const verdict = decide(outcome);
    expect(verdict.failedIds).toEqual(['105']);
    expect(verdict.completeIds).toEqual(TEN.filter((id) => id !== '105'));
    expect(failures(verdict)).toEqual([
      expect.objectContaining({
        TaskId: '105',
        Status: 'Failed',
        Description: 'InvalidTime: The query time cannot exceed the last 3 days.'
      })
    ]);
    // Round 1: the refused call, then halves (depth first) down to the lone ID: 6 extra calls.
    expect(api.calls.slice(0, 7)).toEqual([
      TEN,
      ['101', '102', '103', '104', '105'],
      ['101', '102', '103'],
      ['104', '105'],
      ['104'],
      ['105'],
      ['106', '107', '108', '109', '110']
    ]);
    // Later rounds ask only about the 9 others, in one call each.
    expect(api.calls.length).toBeGreaterThan(7);
    expect(api.calls.slice(7).every((c) => c.length === 9 && !c.includes('105'))).toBe(true);
    expect(outcome.calls).toBe(api.calls.length);
  });

  test.each(TEN.map((id, i) => [i, id]))(
    'bisecting costs at most 2·ceil(log2 10) = 8 extra calls (bad ID at position %i)',
    async (_, badId) => {
      const time = fakeTime();
      const api = refusingApi(
        scriptedApi(time, (id) => task(id, 'Complete', '100%')),
        { [badId]: TOO_OLD }
      );
      const outcome = await poll(TEN, deps(time, api), options(time));
      expect(decide(outcome).failedIds).toEqual([badId]);
      expect(outcome.calls).toBe(api.calls.length);
      expect(api.calls.length - 1).toBeLessThanOrEqual(8);
      // Every other ID was answered by some call that did not hold the bad one.
      for (const id of TEN.filter((x) => x !== badId)) {
        expect(api.calls.some((c) => c.includes(id) && !c.includes(badId))).toBe(true);
      }
    }
  );

  test('an all-digit ID the API calls malformed likewise, and two bad IDs in one batch', async () => {
    const time = fakeTime();
    const malformed = refusal('InvalidTaskId.Malformed', 'The specified TaskId is invalid.');
    const ids = [...TEN.slice(0, 8), '0000', '108'];
    const api = refusingApi(
      scriptedApi(time, (id) => task(id, 'Complete', '100%')),
      { '0000': malformed, '102': TOO_OLD }
    );
    const verdict = decide(await poll(ids, deps(time, api), options(time)));
    expect(verdict.failedIds).toEqual(['102', '0000']);
    expect(failures(verdict).map((r) => `${r.TaskId} ${r.Description}`)).toEqual([
      '102 InvalidTime: The query time cannot exceed the last 3 days.',
      '0000 InvalidTaskId.Malformed: The specified TaskId is invalid.'
    ]);
    expect(verdict.completeIds).toHaveLength(8);
  });

  test('a transient error while bisecting leaves that half as it was, asked again next round', async () => {
    const time = fakeTime();
    const inner = scriptedApi(time, (id) => task(id, 'Complete', '100%'));
    let failedOnce = false;
    const api: TaskApi = {
      async describeTasks(ids) {
        if (ids.includes('103')) throw TOO_OLD;
        if (ids[0] === '106' && !failedOnce) {
          failedOnce = true;
          throw new TransientError('HTTP 503 ServiceUnavailable');
        }
        return inner.describeTasks(ids);
      }
    };
    const lines: RoundReport[] = [];
    const outcome = await poll(TEN, deps(time, api), options(time), (r) => lines.push(r));
    expect(lines[0]?.failedCalls).toBe(1);
    expect(lines[0]?.lastError).toBe('HTTP 503 ServiceUnavailable');
    // The second half (106-110) failed transiently in round 1 and was answered in round 2.
    expect(outcome.states.filter((s) => !s.terminal)).toEqual([]);
    expect(outcome.rounds).toBe(2);
    const verdict = decide(outcome);
    expect(verdict.failedIds).toEqual(['103']);
    expect(verdict.completeIds).toHaveLength(9);
  });

  test('any other API error while bisecting still ends the run', async () => {
    const time = fakeTime();
    let n = 0;
    const api: TaskApi = {
      async describeTasks() {
        n += 1;
        if (n === 1) throw TOO_OLD;
        throw new ApiError('Forbidden.RAM', {
          service: 'DCDN',
          code: 'Forbidden.RAM',
          requestId: 'r',
          httpStatus: 403
        });
      }
    };
    await expect(poll(TEN, deps(time, api), options(time))).rejects.toMatchObject({
      code: 'Forbidden.RAM'
    });
    expect(n).toBe(2); // no further halves once a fatal answer came
  });
});
