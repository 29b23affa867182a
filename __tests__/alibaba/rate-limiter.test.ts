// The adaptive limiter in virtual time: even spacing under the ceiling, one cut per throttle
// episode that the queued callers obey at once, Retry-After as a pause for everyone, and a
// gradual recovery that only answered calls earn.
import {
  BACKOFF_FACTOR,
  COOLDOWN_MS,
  INCREASE_PER_SECOND,
  MIN_RATE,
  RateLimiter
} from '../../src/alibaba/rate-limiter.ts';
import { CancelledError } from '../../src/shared/errors.ts';
import { virtualTime } from '../helpers/virtual-time.ts';

/** Starts `count` callers at once; resolves with the clock time each one was let through. */
async function release(limiter: RateLimiter, clock: () => number, count: number) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      await limiter.acquire();
      return clock();
    })
  );
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

describe('RateLimiter', () => {
  test('spaces concurrent callers evenly, 5% wider than the ceiling needs', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    const times = await release(limiter, time.clock, 25);
    expect(times[0]).toBe(0);
    for (const gap of gaps(times)) expect(gap).toBeCloseTo(105, 6);
    // So no window of 1 s ever holds more than 10.
    for (let i = 10; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 10] as number)).toBeGreaterThan(1000);
    }
  });

  test('after an idle spell the first caller goes at once, and no burst follows', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    await release(limiter, time.clock, 3);
    await time.sleep(60_000);
    const start = time.clock();
    const times = await release(limiter, time.clock, 5);
    expect(times[0]).toBe(start);
    for (const gap of gaps(times)) expect(gap).toBeCloseTo(105, 6);
  });

  test('a throttle slows the callers already waiting, not only the next ones', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    const waiting = release(limiter, time.clock, 12);
    await time.sleep(250); // three have gone; nine wait in the queue
    limiter.onThrottle();
    const times = await waiting;
    const slower = 1050 / (10 * BACKOFF_FACTOR);
    expect(gaps(times).slice(-8)).toEqual(Array(8).fill(expect.closeTo(slower, 6)));
    expect(limiter.callsPerSecond).toBeCloseTo(10 * BACKOFF_FACTOR, 9);
  });

  test('throttles in one episode (answers to calls already sent) cut the rate once', () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    for (let i = 0; i < 5; i++) limiter.onThrottle();
    expect(limiter.callsPerSecond).toBeCloseTo(10 * BACKOFF_FACTOR, 9);
  });

  test('answers are matched to sends: only a throttle of a call sent after the cut cuts again', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    await release(limiter, time.clock, 4); // four calls out at the full rate
    limiter.onThrottle(); // the first answer: cut
    limiter.onThrottle(); // the other three were sent before the cut: no news
    limiter.onThrottle();
    limiter.onThrottle();
    expect(limiter.callsPerSecond).toBeCloseTo(10 * BACKOFF_FACTOR, 9);
    await release(limiter, time.clock, 1); // sent after the cut, at once, and throttled too
    limiter.onThrottle();
    expect(limiter.callsPerSecond).toBeCloseTo(10 * BACKOFF_FACTOR ** 2, 9);
  });

  test('throttles in later episodes cut again, never below the floor', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    for (let i = 0; i < 30; i++) {
      limiter.onThrottle();
      await time.sleep(COOLDOWN_MS);
    }
    expect(limiter.callsPerSecond).toBe(MIN_RATE);
  });

  test('Retry-After pauses every caller, capped at a minute', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    await limiter.acquire();
    limiter.onThrottle(3000);
    const times = await release(limiter, time.clock, 3);
    expect(times[0]).toBe(3000);
    limiter.onThrottle(10 * 60_000);
    const later = await release(limiter, time.clock, 1);
    expect(later[0]).toBe((times[2] as number) + 60_000);
  });

  test('answered calls win the rate back gradually, up to the ceiling and no further', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    limiter.onThrottle();
    const cut = limiter.callsPerSecond;
    // One second's worth of answers at the cut rate adds about INCREASE_PER_SECOND.
    for (let i = 0; i < Math.round(cut); i++) limiter.onSuccess();
    expect(limiter.callsPerSecond - cut).toBeGreaterThan(INCREASE_PER_SECOND * 0.9);
    expect(limiter.callsPerSecond - cut).toBeLessThan(INCREASE_PER_SECOND * 1.1);
    for (let i = 0; i < 1000; i++) limiter.onSuccess();
    expect(limiter.callsPerSecond).toBe(10);
  });

  test('idle time earns nothing: the rate after a pause is the rate before it', async () => {
    const time = virtualTime(0);
    const limiter = new RateLimiter(10, time.clock, time.sleep);
    limiter.onThrottle();
    await time.sleep(10 * 60_000);
    expect(limiter.callsPerSecond).toBeCloseTo(10 * BACKOFF_FACTOR, 9);
  });

  test('a cancelled sleep fails every waiting caller instead of leaving them hanging', async () => {
    let now = 0;
    let cancelled = false;
    const limiter = new RateLimiter(
      1,
      () => now,
      async (ms) => {
        if (cancelled) throw new CancelledError('cancelled');
        now += ms;
      }
    );
    await limiter.acquire();
    cancelled = true;
    const results = await Promise.allSettled([limiter.acquire(), limiter.acquire()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // And the next caller starts a fresh queue.
    cancelled = false;
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });
});
