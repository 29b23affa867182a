import { pollDelay } from '../../src/wait/backoff.ts';
import { createScheduler } from '../../src/wait/schedule.ts';
import { apiTask as task } from '../helpers/task-results.ts';

const BOUNDS = { minMs: 5000, maxMs: 30_000 };
const fixed = () => 0.5;

describe('backoff schedule', () => {
  test('is the plain growing delay, whatever the answers say', () => {
    const s = createScheduler('backoff', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '10%'), 0);
    s.observe('1', task('1', 'Refreshing', '90%'), 1000);
    const delays = [1, 2, 3, 4, 5, 6].map((round) => s.nextDelay(round, ['1'], 1000));
    expect(delays).toEqual([1, 2, 3, 4, 5, 6].map((r) => pollDelay(r - 1, 5000, 30_000, fixed)));
    expect(s.forecastAt).toBeUndefined();
  });
});

describe('progress schedule', () => {
  test('without any progress signal it is exactly the backoff schedule', () => {
    const progress = createScheduler('progress', BOUNDS, fixed);
    const backoff = createScheduler('backoff', BOUNDS, fixed);
    for (let round = 1; round <= 8; round++) {
      const at = round * 10_000;
      progress.observe('1', task('1', 'Pending'), at);
      progress.observe('2', task('2', 'Queued', '30%'), at); // unknown status: no signal
      progress.observe('3', task('3', 'Refreshing', '40%'), at); // progress never moves
      expect(progress.nextDelay(round, ['1', '2', '3'], at)).toBe(
        backoff.nextDelay(round, ['1', '2', '3'], at)
      );
      expect(progress.forecastAt).toBeUndefined();
    }
  });

  test('aims at the forecast completion of a steadily refreshing task', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '20%'), 0);
    s.observe('1', task('1', 'Refreshing', '40%'), 10_000); // 2% per second: 100% at 40 s
    expect(s.nextDelay(2, ['1'], 10_000)).toBe(30_000); // 30 s away: capped at max-poll-interval
    expect(s.forecastAt).toBe(40_000);
    s.observe('1', task('1', 'Refreshing', '70%'), 25_000);
    expect(s.nextDelay(3, ['1'], 25_000)).toBe(15_000); // lands on the forecast, not on a tick
    expect(s.forecastAt).toBe(40_000);
  });

  test('never sooner than poll-interval, even when the forecast is due', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '10%'), 0);
    s.observe('1', task('1', 'Refreshing', '95%'), 10_000);
    expect(s.nextDelay(2, ['1'], 10_000)).toBe(5000);
  });

  test('the gate is the task that finishes last', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('fast', task('fast', 'Refreshing', '0%'), 0);
    s.observe('slow', task('slow', 'Refreshing', '0%'), 0);
    s.observe('fast', task('fast', 'Refreshing', '80%'), 8000); // done at 10 s
    s.observe('slow', task('slow', 'Refreshing', '40%'), 8000); // done at 20 s
    expect(s.nextDelay(2, ['fast', 'slow'], 8000)).toBe(12_000);
    expect(s.forecastAt).toBe(20_000);
  });

  test('a task still Pending skips rounds that cannot end the wait, never polling more than backoff', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    // A peer refreshed at 1% per second: a task not yet started needs at least 100 s.
    s.observe('peer', task('peer', 'Refreshing', '0%'), 0);
    s.observe('peer', task('peer', 'Refreshing', '10%'), 10_000);
    s.observe('waiting', task('waiting', 'Pending'), 10_000);
    const plain = pollDelay(1, 5000, 30_000, fixed);
    expect(plain).toBeLessThan(30_000);
    expect(s.nextDelay(2, ['peer', 'waiting'], 10_000)).toBe(30_000);
    expect(s.forecastAt).toBe(110_000);
    // With a very fast peer the bound is near, and backoff's own delay wins.
    const quick = createScheduler('progress', BOUNDS, fixed);
    quick.observe('peer', task('peer', 'Refreshing', '0%'), 0);
    quick.observe('peer', task('peer', 'Refreshing', '50%'), 1000);
    quick.observe('waiting', task('waiting', 'Pending'), 1000);
    expect(quick.nextDelay(5, ['peer', 'waiting'], 1000)).toBe(pollDelay(4, 5000, 30_000, fixed));
  });

  test('forecasts that keep missing back off instead of pinning the poller to poll-interval', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '0%'), 0);
    s.observe('1', task('1', 'Refreshing', '90%'), 9000); // due at 10 s ... then it stalls at 99%
    let now = 9000;
    const delays: number[] = [];
    for (let round = 2; round <= 7; round++) {
      const delay = s.nextDelay(round, ['1'], now);
      delays.push(delay);
      now += delay;
      s.observe('1', task('1', 'Refreshing', '99%'), now);
    }
    expect(delays[0]).toBe(5000);
    expect(delays.slice(1)).toEqual([0, 1, 2, 3, 4].map((m) => pollDelay(m, 5000, 30_000, fixed)));
  });

  test('a jumpy forecast far off does not hold back a round aimed at the steady ones', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    for (const [pct, at] of [
      [10, 10_000],
      [20, 20_000],
      [30, 30_000]
    ] as const) {
      s.observe('steady', task('steady', 'Refreshing', `${pct}%`), at); // done at 100 s
    }
    s.observe('jumpy', task('jumpy', 'Refreshing', '10%'), 10_000);
    s.observe('jumpy', task('jumpy', 'Refreshing', '20%'), 20_000);
    s.observe('jumpy', task('jumpy', 'Refreshing', '21%'), 30_000); // forecast leaps to ~174 s
    expect(s.nextDelay(5, ['steady', 'jumpy'], 75_000)).toBe(25_000);
    expect(s.forecastAt).toBeGreaterThan(170_000);
  });

  test('a task stuck at 99% stops being aimed at: the rounds go back to max-poll-interval', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const readings = [
      [10, 10_000],
      [20, 20_000],
      [30, 30_000],
      [95, 95_000]
    ] as const;
    for (const [pct, at] of readings)
      s.observe('stuck', task('stuck', 'Refreshing', `${pct}%`), at);
    s.observe('jumpy', task('jumpy', 'Refreshing', '1%'), 10_000);
    s.observe('jumpy', task('jumpy', 'Refreshing', '2%'), 20_000);
    s.observe('jumpy', task('jumpy', 'Refreshing', '3%'), 95_000);
    let now = 95_000;
    let jumpy = 3;
    const delays: number[] = [];
    for (let round = 5; round < 12; round++) {
      const delay = s.nextDelay(round, ['stuck', 'jumpy'], now);
      delays.push(delay);
      now += delay;
      s.observe('stuck', task('stuck', 'Refreshing', '99%'), now);
      jumpy += round % 2 ? 1 : 3;
      s.observe('jumpy', task('jumpy', 'Refreshing', `${jumpy}%`), now);
    }
    expect(delays.slice(0, 2)).toEqual([5000, 5000]); // aimed at the steady forecast (100 s)
    expect(delays.slice(2)).toEqual(Array(5).fill(30_000));
  });

  test('progress going backwards (a restarted task) is measured afresh', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '50%'), 0);
    s.observe('1', task('1', 'Refreshing', '60%'), 1000);
    s.observe('1', task('1', 'Refreshing', '10%'), 2000);
    // No rate of its own now: only the floor from the shortest duration seen (10 s), so backoff.
    expect(s.nextDelay(3, ['1'], 2000)).toBe(pollDelay(2, 5000, 30_000, fixed));
    expect(s.forecastAt).toBe(2000 + 0.9 * 10_000);
    s.observe('1', task('1', 'Refreshing', '20%'), 12_000); // 1% per second from the restart
    s.nextDelay(4, ['1'], 12_000);
    expect(s.forecastAt).toBe(92_000);
  });

  test('accelerating progress is forecast from the recent rate, not the slow start', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '0%'), 0);
    s.observe('1', task('1', 'Refreshing', '10%'), 20_000); // average: 0.5% per second
    s.observe('1', task('1', 'Refreshing', '50%'), 30_000); // lately: 4% per second
    s.nextDelay(3, ['1'], 30_000);
    expect(s.forecastAt).toBe(42_500);
  });

  test('finished tasks no longer count towards the gate', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    s.observe('1', task('1', 'Refreshing', '0%'), 0);
    s.observe('1', task('1', 'Refreshing', '10%'), 10_000); // would take 100 s
    s.observe('2', task('2', 'Refreshing', '0%'), 0);
    s.observe('2', task('2', 'Refreshing', '50%'), 10_000);
    s.observe('1', task('1', 'Failed'), 12_000);
    expect(s.nextDelay(2, ['2'], 12_000)).toBe(8000);
  });
});

describe('choosing which open tasks a round asks about', () => {
  /** Readings at 10%, 20% and 30% of a steady refresh that ends at `doneAt`. */
  function steady(s: ReturnType<typeof createScheduler>, id: string, doneAt: number): void {
    for (const pct of [10, 20, 30])
      s.observe(id, task(id, 'Refreshing', `${pct}%`), (doneAt * pct) / 100);
  }
  const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  test('backoff asks about every open task', () => {
    const s = createScheduler('backoff', BOUNDS, fixed);
    expect(s.select(['1', '2', '3'], 0)).toEqual(['1', '2', '3']);
  });

  test('skips steady forecasts that are not due, filling the last call with the soonest', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const late = range(20, 'late');
    late.forEach((id, i) => steady(s, id, 200_000 + i * 1000)); // read until 60-66 s
    const pending = range(5, 'pending'); // no forecast: always asked
    pending.forEach((id) => s.observe(id, task(id, 'Pending'), 66_000));
    // 5 due + the 5 forecast to finish first: one full call.
    expect(s.select([...late, ...pending], 66_000)).toEqual([...late.slice(0, 5), ...pending]);
  });

  test('a task is due once its forecast is within poll-interval', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const pending = range(10, 'pending');
    pending.forEach((id) => s.observe(id, task(id, 'Pending'), 90_000));
    steady(s, 'soon', 100_000);
    range(10, 'late').forEach((id) => steady(s, id, 300_000));
    const open = [...pending, 'soon', ...range(10, 'late')];
    expect(s.select(open, 90_000)).toEqual(pending); // a full call, 'soon' not yet due
    const asked = s.select(open, 96_000);
    expect(asked).toHaveLength(20);
    expect(asked).toContain('soon');
  });

  test('with nothing due a round still asks about the ten soonest, to keep forecasts fresh', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const ids = range(30);
    ids.forEach((id, i) => steady(s, id, 300_000 - i * 1000));
    expect(s.select(ids, 90_000)).toEqual(ids.slice(20));
  });

  test('never skips a task for three max-poll-intervals or more', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const ids = range(11);
    ids.forEach((id) => steady(s, id, 600_000)); // last read at 180 s
    expect(s.select(ids, 180_000)).toHaveLength(10);
    expect(s.select(ids, 269_000)).toHaveLength(10);
    expect(s.select(ids, 270_000)).toHaveLength(11);
  });

  test('an unsteady forecast (progress that jumps) is always asked about', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const ids = range(11);
    ids.forEach((id) => steady(s, id, 600_000));
    s.observe('0', task('0', 'Refreshing', '40%'), 190_000); // a jump moves the forecast a lot
    const asked = s.select(ids, 190_000);
    expect(asked).toContain('0');
    expect(asked).toHaveLength(10);
  });
});

describe('IDs never asked about (population forecast)', () => {
  const range = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  test('backoff never holds IDs back', () => {
    const s = createScheduler('backoff', BOUNDS, fixed);
    expect(s.select(range(500), 0)).toHaveLength(500);
    expect(s.release(range(500), 0)).toEqual([]);
  });

  test('the first round asks about a sample of 100; the rest wait, at most 90 s', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const ids = range(250);
    expect(s.select(ids, 0)).toEqual(ids.slice(0, 100));
    ids.slice(0, 100).forEach((id) => s.observe(id, task(id, 'Pending'), 0));
    // No forecast yet: the sample is polled, the others wait...
    expect(s.select(ids, 40_000)).toEqual(ids.slice(0, 100));
    expect(s.release(ids.slice(100), 40_000)).toEqual([]);
    // ...and the schedule comes back in time to ask about them 90 s after the start at the latest.
    expect(s.nextDelay(6, ids, 80_000)).toBe(10_000);
    expect(s.select(ids, 84_999)).toEqual(ids.slice(0, 100));
    expect(s.select(ids, 85_000)).toEqual(ids);
    // Once asked about, an ID is never held back again, even without any answer (NotFound).
    expect(s.select(ids, 120_000)).toEqual(ids);
  });

  test('released once the sample forecasts that similar tasks are done', () => {
    const slow = createScheduler('progress', BOUNDS, fixed);
    const fast = createScheduler('progress', BOUNDS, fixed);
    const ids = range(200);
    for (const [s, pct] of [
      [slow, 5],
      [fast, 50]
    ] as const) {
      expect(s.select(ids, 0)).toHaveLength(100);
      for (const id of ids.slice(0, 100)) {
        s.observe(id, task(id, 'Refreshing', '0%'), 0);
        s.observe(id, task(id, 'Refreshing', `${pct}%`), 5000);
      }
    }
    // 50% in 5 s: done at 10 s, within poll-interval. 5% in 5 s: done at 100 s.
    expect(fast.release(ids.slice(100), 5000)).toEqual(ids.slice(100));
    expect(slow.release(ids.slice(100), 5000)).toEqual([]);
    expect(slow.select(ids, 5000)).toHaveLength(100);
  });

  test('released at once when the whole sample has finished', () => {
    const s = createScheduler('progress', BOUNDS, fixed);
    const ids = range(1000);
    s.select(ids, 0);
    ids.slice(0, 100).forEach((id) => s.observe(id, task(id, 'Complete', '100%'), 0));
    expect(s.release(ids.slice(100), 0)).toEqual(ids.slice(100));
  });

  test('never held back past a max-poll-interval before the deadline', () => {
    const s = createScheduler('progress', { ...BOUNDS, deadline: 40_000 }, fixed);
    const ids = range(300);
    expect(s.select(ids, 0)).toHaveLength(100); // release at 10 s: more than poll-interval away
    ids.slice(0, 100).forEach((id) => s.observe(id, task(id, 'Pending'), 0));
    expect(s.nextDelay(1, ids, 0)).toBe(pollDelay(0, 5000, 30_000, fixed));
    expect(s.select(ids, 5000)).toEqual(ids);
  });
});
