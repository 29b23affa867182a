// The next delay: until the earliest task is due, but never longer than max-poll-interval, so a
// long wait still checks in now and then.

export function nextDelay(earliestDue: number, now: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(0, earliestDue - now));
}
