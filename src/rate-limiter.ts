// Spaces API calls so this action never sends more than its ceiling in any one-second window.

import type { Clock, Sleep } from './types.ts';

export class RateLimiter {
  private readonly spacingMs: number;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(perSecond: number, clock: Clock, sleep: Sleep) {
    // Even spacing (not bursts) is gentler on the account's shared limit; the extra millisecond
    // absorbs network jitter so arrivals at the server stay under the ceiling as well.
    this.spacingMs = 1000 / perSecond + 1;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** Waits for this caller's slot. Slots are reserved synchronously, so concurrent callers queue. */
  async acquire(): Promise<void> {
    const now = this.clock();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
