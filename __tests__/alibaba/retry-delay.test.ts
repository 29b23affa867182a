import { parseRetryAfter, retryDelay, serverRetryAfter } from '../../src/alibaba/retry.ts';

describe('retry delays', () => {
  test('exponential, capped, with jitter in the upper half', () => {
    expect(retryDelay(1, () => 0)).toBe(250);
    expect(retryDelay(1, () => 0.999)).toBeCloseTo(499.75);
    expect(retryDelay(2, () => 0)).toBe(500);
    expect(retryDelay(3, () => 0)).toBe(1000);
    expect(retryDelay(10, () => 0)).toBe(4000);
    expect(retryDelay(10, () => 0.999)).toBeLessThan(8000);
  });

  test('the jitter spreads delays over the upper half of the ceiling, linearly', () => {
    // Third retry: ceiling 2000 ms, so 1000 ms plus up to 1000 ms of jitter.
    expect(retryDelay(3, () => 0.1)).toBe(1100);
    expect(retryDelay(3, () => 0.9)).toBe(1900);
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 29, 10, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test("the gateway's x-acs-retry-after counts milliseconds and comes first", () => {
    const now = Date.UTC(2026, 10, 29, 10, 0, 0);
    expect(serverRetryAfter({ 'x-acs-retry-after': '1500' }, now)).toBe(1500);
    expect(serverRetryAfter({ 'x-acs-retry-after': '250', 'retry-after': '3' }, now)).toBe(250);
    expect(serverRetryAfter({ 'x-acs-retry-after': 'soon', 'retry-after': '3' }, now)).toBe(3000);
    expect(serverRetryAfter({}, now)).toBeUndefined();
  });
});
