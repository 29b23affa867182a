// One deadline for the whole comment (every request, retry and wait), so GitHub can never hold
// the step: each request gets an AbortSignal that fires at the deadline, and is also raced
// against it in case a library does not pass the signal on.

import type { Clock } from '../shared/time.ts';

/** The comment may take at most this long, all attempts together. */
export const COMMENT_BUDGET_MS = 30_000;

export class Budget {
  readonly deadline: number;
  private readonly clock: Clock;
  constructor(clock: Clock, totalMs: number) {
    this.clock = clock;
    this.deadline = clock() + totalMs;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock());
  }

  /** Whether a wait of `ms` still leaves time for the request after it. */
  fits(ms: number): boolean {
    return ms < this.remainingMs();
  }

  /**
   * Runs one request with a signal that ends at the deadline (or after `capMs`, if sooner), and
   * rejects at that moment even if the request ignores the signal.
   */
  async run<T>(request: (signal: AbortSignal) => Promise<T>, capMs = Infinity): Promise<T> {
    const ms = Math.ceil(Math.min(this.remainingMs(), capMs)); // AbortSignal.timeout wants an integer
    if (ms <= 0) throw new DOMException('The time for the comment is spent.', 'TimeoutError');
    const signal = AbortSignal.timeout(ms);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([request(signal), aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
}
