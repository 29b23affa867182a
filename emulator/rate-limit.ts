// Sliding one-second windows, e.g. one per account and one per account and action. A call is
// admitted only if every window it belongs to has room, and only admitted calls occupy windows,
// so a client that keeps calling while throttled gets through as soon as old calls leave them.
export interface RateBucket {
  key: string;
  limitPerSecond: number;
}

export interface RateLimiter {
  /** True if the call is admitted (and counted in every bucket). */
  admit(buckets: readonly RateBucket[]): boolean;
}

export function createRateLimiter(now: () => number): RateLimiter {
  const windows = new Map<string, number[]>();
  function live(key: string, t: number): number[] {
    const calls = windows.get(key) ?? [];
    windows.set(key, calls);
    while (calls.length > 0 && (calls[0] ?? t) <= t - 1000) calls.shift();
    return calls;
  }
  return {
    admit(buckets) {
      const t = now();
      const lists = buckets.map((b) => [live(b.key, t), b.limitPerSecond] as const);
      if (lists.some(([calls, limit]) => calls.length >= limit)) return false;
      for (const [calls] of lists) calls.push(t);
      return true;
    }
  };
}
