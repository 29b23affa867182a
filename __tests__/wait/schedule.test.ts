// The schedule's pieces one by one (pure functions), then the progress schedule through its
// round protocol. The whole poller on random timelines is in poller-schedule.test.ts.
import { pollDelay } from '../../src/wait/backoff.ts';
import { createSchedule } from '../../src/wait/schedule.ts';
import type { Schedule, ScheduleBounds } from '../../src/wait/schedule.ts';
import { chooseIds, nextDueAt } from '../../src/wait/schedule/choose.ts';
import type { Candidate } from '../../src/wait/schedule/choose.ts';
import { dueOf } from '../../src/wait/schedule/due.ts';
import type { Due, DueContext } from '../../src/wait/schedule/due.ts';
import { gateOf } from '../../src/wait/schedule/gate.ts';
import { crowdDoneAt, sweepBy, sweepMs } from '../../src/wait/schedule/hold-back.ts';
import { nextDelay } from '../../src/wait/schedule/next-delay.ts';
import { expectedDone, isSteady, nextTrack, notBefore } from '../../src/wait/schedule/readings.ts';
import type { Track } from '../../src/wait/schedule/readings.ts';
import type { Task } from '../../src/wait/task.ts';
import { apiTask as task } from '../helpers/task-results.ts';

const BOUNDS: ScheduleBounds = { minMs: 5000, maxMs: 30_000 };
const fixed = () => 0.5;

/** A track from readings [ms, status or percent], as answers would build it. */
function track(...readings: [number, string | number][]): Track {
  let t: Track | undefined;
  for (const [at, reading] of readings) {
    const answer: Task =
      typeof reading === 'number'
        ? task('1', 'Refreshing', `${reading}%`)
        : task('1', reading, reading === 'Complete' ? '100%' : '0%');
    t = nextTrack(t, answer, at);
  }
  return t as Track;
}

describe('readings: what a task can and probably will do', () => {
  test('a steady rise bounds the finish from below, and forecasts it', () => {
    // 1% per second, read as whole percents: done at 100 s.
    const t = track([10_000, 10], [20_000, 20], [30_000, 30]);
    expect(isSteady(t)).toBe(true);
    expect(notBefore(t)).toBeLessThan(100_000);
    expect(notBefore(t)).toBeGreaterThan(30_000);
    // Rises of 10 could be steps of 10: forecast from the middle of the last step, 5 s early.
    expect(expectedDone(t)).toBe(95_000);
  });

  test('the bound never lies for linear progress read as floors', () => {
    // True progress 0.37%/s from 0: every reading is a floor; the bound stays before 270.3 s.
    const rate = 0.37 / 1000;
    const readAt = [5000, 11_000, 40_000, 41_000, 90_000, 200_000];
    let t: Track | undefined;
    for (const at of readAt) {
      t = nextTrack(t, task('1', 'Refreshing', `${Math.floor(at * rate)}%`), at);
      expect(notBefore(t)).toBeLessThanOrEqual(100 / rate);
    }
  });

  test('Pending, no progress yet, or one reading: only "open when last read"', () => {
    expect(notBefore(track([1000, 'Pending']))).toBe(1000);
    expect(notBefore(track([1000, 0], [9000, 0]))).toBe(9000); // 0% -> 100% in one go is possible
    expect(notBefore(track([1000, 40]))).toBe(1000);
    expect(expectedDone(track([1000, 0], [9000, 0]))).toBeUndefined();
  });

  test('progress in equal steps is steady; a rise of no whole number of steps is jumpy', () => {
    const quarters = track([0, 0], [10_000, 25], [15_000, 25], [20_000, 50], [30_000, 75]);
    expect(isSteady(quarters)).toBe(true);
    const uneven = track([0, 0], [10_000, 25], [15_000, 25], [20_000, 61]);
    expect(isSteady(uneven)).toBe(false);
    expect(notBefore(uneven)).toBe(20_000);
  });

  test('progress faster than any steady rate allows, or going backwards, is jumpy for good', () => {
    const jump = track([0, 10], [10_000, 20], [20_000, 30], [21_000, 90]);
    expect(isSteady(jump)).toBe(false);
    // Forecast from the reading before the jump: 60% in 1 s.
    expect(expectedDone(jump)).toBeLessThan(22_000);
    const back = track([0, 50], [10_000, 60], [20_000, 10], [30_000, 20], [40_000, 30]);
    expect(isSteady(back)).toBe(false);
  });
});

describe('the gate: the earliest the wait can end', () => {
  const steady = (doneAt: number): Track =>
    track([doneAt * 0.1, 10], [doneAt * 0.2, 20], [doneAt * 0.3, 30]);

  test('without a steady bound, the last time a task was seen open', () => {
    const only = track([1000, 'Pending']);
    const gate = gateOf(['a', 'never'], (id) => (id === 'a' ? only : undefined), 7000, 10, 30_000);
    expect(gate).toEqual({ at: 7000, bounded: false, holders: [] });
  });

  test('the latest bound holds it; its holders are the bounds near the latest', () => {
    const tracks: [string, Track][] = [
      ['late', steady(400_000)],
      ['near', steady(390_000)],
      ['early', steady(100_000)]
    ];
    const byId = new Map(tracks);
    const gate = gateOf([...byId.keys()], (id) => byId.get(id), 120_000, 10, 30_000);
    expect(gate.bounded).toBe(true);
    expect(gate.at).toBe(notBefore(tracks[0]?.[1] as Track));
    expect(gate.holders).toEqual(['late', 'near']);
  });
});

describe('the hold-back', () => {
  test('a sweep of n IDs takes one call per 10 after the first', () => {
    expect(sweepMs(10, 100)).toBe(0);
    expect(sweepMs(11, 100)).toBe(100);
    expect(sweepMs(1000, 100)).toBe(9900);
  });

  test('every task is due a poll-interval after the gate, and swept before the deadline', () => {
    const gate = { at: 60_000, bounded: true, holders: [] };
    expect(sweepBy(gate, 5000, Infinity, 9900)).toBe(65_000);
    expect(sweepBy(gate, 5000, 50_000, 9900)).toBe(40_100);
  });

  test('the crowd is done when 90% of the tasks asked about are done or forecast done', () => {
    const times = Float64Array.from([...Array.from({ length: 9 }, (_, i) => i * 1000), Infinity]);
    expect(crowdDoneAt(times)).toBe(8000);
    expect(crowdDoneAt(Float64Array.from([1000, Infinity, Infinity]))).toBe(Infinity);
    expect(crowdDoneAt(new Float64Array())).toBe(Infinity);
  });
});

describe('when each task is due', () => {
  const ctx: DueContext = {
    sweepBy: 200_000,
    crowdAt: 90_000,
    learning: false,
    pollMs: 5000,
    maxMs: 30_000
  };
  const linear = track([10_000, 10], [20_000, 20], [30_000, 30]); // done at 100 s

  test('never asked: when the crowd is done, never after the sweep', () => {
    expect(dueOf(undefined, false, ctx)).toEqual({ at: 90_000, reason: 'sweep', by: 200_000 });
    expect(dueOf(undefined, false, { ...ctx, crowdAt: 300_000 }).at).toBe(200_000);
  });

  test('a task with a forecast ripens when it is forecast done', () => {
    const due = dueOf(linear, false, ctx);
    expect(due.reason).toBe('ripe');
    expect(due.at).toBe(expectedDone(linear));
  });

  test('a gate holder is checked halfway to its bound, at most max-poll-interval apart', () => {
    const due = dueOf(linear, true, ctx);
    expect(due.reason).toBe('check');
    expect(due.at).toBe(30_000 + Math.min(30_000, (notBefore(linear) - 30_000) / 2));
  });

  test('a probe task without a forecast is read again, at a growing pace', () => {
    const probing = { ...ctx, probing: true };
    const pending = (reads: number) => {
      let t: Track | undefined;
      for (let r = 0; r < reads; r++) t = nextTrack(t, task('1', 'Pending'), 1000);
      return t as Track;
    };
    expect(dueOf(pending(2), false, probing)).toMatchObject({ at: 1000 + 7500, reason: 'learn' });
    expect(dueOf(pending(9), false, probing).at).toBe(1000 + 30_000);
    expect(dueOf(linear, false, probing).reason).toBe('ripe'); // a forecast: no more probing
  });

  test('while the gate is near, a task read once is read again at poll-interval', () => {
    expect(dueOf(track([1000, 'Pending']), false, { ...ctx, learning: true })).toEqual({
      at: 6000,
      reason: 'learn',
      by: 200_000
    });
    expect(dueOf(track([1000, 'Pending']), false, ctx).reason).toBe('sweep');
  });
});

describe('which tasks a round asks about', () => {
  const due = (reason: Due['reason'], at: number, by = 1e9): Due => ({ reason, at, by });
  const candidate = (id: string, d: Due, readAt = 0, doneAt = Infinity): Candidate => ({
    id,
    due: d,
    readAt,
    doneAt
  });

  test('holders go together when one is due; spare room goes to the likeliest done', () => {
    const candidates = [
      candidate('h1', due('check', 1000)),
      candidate('h2', due('check', 50_000)),
      candidate('soon', due('ripe', 60_000), 0, 60_000),
      candidate('late', due('ripe', 90_000), 0, 90_000),
      candidate('new', due('sweep', 1e9), -Infinity)
    ];
    expect([...chooseIds(candidates, 1000, 0, 500)]).toEqual(['h1', 'h2', 'soon', 'late', 'new']);
    expect(chooseIds(candidates, 1000, 0, 500).size).toBe(5);
  });

  test('forecast-done tasks go ten at a time, so no call is spent on one', () => {
    const ripe = Array.from({ length: 23 }, (_, i) =>
      candidate(`r${i}`, due('ripe', i * 1000), 0, i * 1000)
    );
    expect(chooseIds(ripe, 9000, 0, 500).size).toBe(10);
    expect(chooseIds(ripe, 25_000, 0, 500).size).toBe(20); // the other 3 wait for 7 more
    expect(nextDueAt(ripe.map((c) => c.due))).toBe(9000);
    expect(nextDueAt(ripe.slice(0, 9).map((c) => c.due))).toBe(1e9); // never a full call: the sweep
  });

  test('a sweep asks about the never-asked first, then the longest unasked, up to capacity', () => {
    const candidates = [
      candidate('old', due('sweep', 0), 5000),
      candidate('older', due('sweep', 0), 1000),
      candidate('never', due('sweep', 0), -Infinity),
      candidate('fresh', due('sweep', 0), 9000)
    ];
    const chosen = [...chooseIds(candidates, 10_000, 0, 2)];
    expect(chosen.slice(0, 2)).toEqual(['never', 'older']);
  });

  test('a sweep long enough to be cut many times keeps the oldest, ties in input order', () => {
    // 3,000 candidates against room for 50: the list is cut again and again while it is built.
    const readAt = (i: number) => (i % 150 === 0 ? -Infinity : 1000 * (i % 13));
    const candidates = Array.from({ length: 3000 }, (_, i) =>
      candidate(`t${i}`, due('sweep', 0), readAt(i))
    );
    const chosen = [...chooseIds(candidates, 10_000, 0, 50)];
    const expected = candidates
      .map((c, i) => ({ id: c.id, readAt: c.readAt, i }))
      .sort((a, b) => a.readAt - b.readAt || a.i - b.i)
      .slice(0, 50)
      .map((c) => c.id);
    expect(chosen).toEqual(expected);
    expect(chosen.slice(0, 3)).toEqual(['t0', 't150', 't300']); // never asked, in input order
  });

  test('learning comes before the sweep, even when the sweep is overdue', () => {
    const candidates = [
      ...Array.from({ length: 20 }, (_, i) => candidate(`s${i}`, due('sweep', 0, 0), -Infinity)),
      candidate('learn', due('learn', 5000, 0), 0)
    ];
    expect([...chooseIds(candidates, 5000, 0, 10)][0]).toBe('learn');
  });

  test('the pause lasts until the next task is due, at most max-poll-interval', () => {
    expect(nextDelay(12_000, 10_000, 30_000)).toBe(2000);
    expect(nextDelay(5000, 10_000, 30_000)).toBe(0);
    expect(nextDelay(Infinity, 10_000, 30_000)).toBe(30_000);
  });
});

describe('plain schedules', () => {
  test('backoff: every open task, at the plain growing delay', () => {
    const s = createSchedule('backoff', BOUNDS, fixed);
    const delays = [1, 2, 3, 4, 5, 6].map(() => {
      const round = s.startRound(['1', '2'], 0);
      expect(round.ids).toEqual(['1', '2']);
      round.observe('1', task('1', 'Refreshing', '90%'), 0);
      return round.finish(['1', '2'], 0).delayMs;
    });
    expect(delays).toEqual([0, 1, 2, 3, 4, 5].map((r) => pollDelay(r, 5000, 30_000, fixed)));
  });

  test('fixed: poll-interval every time', () => {
    const s = createSchedule('fixed', BOUNDS, fixed);
    for (let i = 0; i < 5; i++) expect(s.startRound(['1'], 0).finish(['1'], 0).delayMs).toBe(5000);
  });
});

describe('the progress schedule, through its round protocol', () => {
  /** One round at `now`: answers every asked ID with `answer(id)` at now + 50 ms. */
  function round(
    s: Schedule,
    open: string[],
    now: number,
    answer: (id: string) => Task,
    after = open
  ) {
    const r = s.startRound(open, now);
    for (const id of r.ids) r.observe(id, answer(id), now + 50);
    return { ids: r.ids, ...r.finish(after, now + 50) };
  }

  test('without progress it is plain polling at poll-interval, every task every round', () => {
    const s = createSchedule('progress', BOUNDS, fixed);
    const open = ['1', '2', '3'];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      const r = round(s, open, now, (id) => task(id, i % 2 ? 'Refreshing' : 'Pending'));
      expect(r.ids).toEqual(open);
      expect(r.delayMs).toBe(5000);
      expect(r.forecastAt).toBeUndefined();
      now += 50 + r.delayMs;
    }
  });

  test('a steady task far from done holds the gate: the others wait, and one call checks it', () => {
    const s = createSchedule('progress', BOUNDS, fixed);
    const open = ['slow', ...Array.from({ length: 25 }, (_, i) => `q${i}`)];
    // 'slow' rises 0.1% per second (done at 1,000 s); the others never show progress.
    const answer = (at: number) => (id: string) =>
      id === 'slow'
        ? task(id, 'Refreshing', `${Math.floor(at / 10_000)}%`)
        : task(id, 'Refreshing', '0%');
    let now = 0;
    const asked: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = round(s, open, now, answer(now + 50));
      asked.push(r.ids.length);
      now += 50 + r.delayMs;
    }
    // Learning, then only one call of 10 at a time while the gate is far off.
    expect(asked.slice(0, 2)).toEqual([26, 26]);
    expect(asked.slice(-6)).toEqual(Array(6).fill(10));
    expect(now).toBeGreaterThan(100_000);
  });

  test('IDs never asked about wait until the first ones answered are mostly done', () => {
    const s = createSchedule('progress', { ...BOUNDS, callsPerSecond: 10 }, fixed);
    const open = Array.from({ length: 10_000 }, (_, i) => String(i));
    const first = round(s, open, 0, (id) => task(id, 'Refreshing', '0%'));
    expect(first.ids).toHaveLength(500); // what 10 calls/s send in one poll-interval
    // The probe is read again until it has forecasts; never-asked IDs wait for them.
    const answered = new Set(first.ids);
    const rest = open.filter((id) => !answered.has(id));
    const second = round(s, open, 5100, (id) => task(id, 'Complete', '100%'), rest);
    expect(second.ids.length).toBeGreaterThanOrEqual(100);
    expect(second.ids.every((id) => answered.has(id))).toBe(true);
    // Every task answered so far is done: the never-asked ones are due at once.
    const third = s.startRound(rest, 10_300);
    expect(third.ids.every((id) => !answered.has(id))).toBe(true);
    expect(third.ids).toHaveLength(500);
  });

  test('the last round, at the deadline, asks about every open task', () => {
    const s = createSchedule('progress', { ...BOUNDS, deadline: 20_000 }, fixed);
    const open = Array.from({ length: 30 }, (_, i) => String(i));
    round(s, open, 0, (id) => task(id, 'Refreshing', '1%'));
    expect(s.startRound(open, 20_000).ids).toEqual(open);
  });

  test('finished tasks are forgotten; the forecast is the last open task', () => {
    const s = createSchedule('progress', BOUNDS, fixed);
    round(s, ['a', 'b'], 0, (id) => task(id, 'Refreshing', '0%'));
    round(s, ['a', 'b'], 10_000, (id) => task(id, 'Refreshing', id === 'a' ? '50%' : '10%'));
    const r = round(
      s,
      ['a', 'b'],
      15_000,
      (id) => (id === 'a' ? task(id, 'Complete', '100%') : task(id, 'Refreshing', '15%')),
      ['b']
    );
    expect(r.forecastAt).toBeGreaterThan(90_000);
    expect(r.forecastAt).toBeLessThan(110_000);
  });
});
