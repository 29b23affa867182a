// Sliding one-second window per account. Only admitted calls occupy the window, so a client that
// keeps calling while throttled gets through again as soon as old calls leave the window.
export interface RateLimiter {
  /** True if the call is admitted (and counted). */
  admit(bucket: string): boolean;
}

export function createRateLimiter(limitPerSecond: number, now: () => number): RateLimiter {
  const windows = new Map<string, number[]>();
  return {
    admit(bucket) {
      const t = now();
      const calls = windows.get(bucket) ?? [];
      windows.set(bucket, calls);
      while (calls.length > 0 && (calls[0] ?? t) <= t - 1000) calls.shift();
      if (calls.length >= limitPerSecond) return false;
      calls.push(t);
      return true;
    }
  };
}
