// Spaces API calls so this action never sends more than its ceiling in any one-second window.

import type { Clock, Sleep } from '../shared/time.ts';

/** How late after its slot a call may reach the server without breaking the ceiling. */
const SEND_JITTER_MS = 50;

export class RateLimiter {
  private readonly spacingMs: number;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(perSecond: number, clock: Clock, sleep: Sleep) {
    // Even spacing (not bursts) is gentler on the account's shared limit. Slots are 5% wider than
    // the ceiling needs, so a call that leaves up to 50 ms after its slot (the first one opens the
    // connection on cold code: ~15 ms) cannot squeeze one call too many into any second at the
    // server.
    this.spacingMs = (1000 + SEND_JITTER_MS) / perSecond;
    this.clock = clock;
    this.sleep = sleep;
  }

  /**
   * Feedback from the call layer: the account answered "too busy" (429, Throttling*, queue
   * full), optionally with the server's own wait. The whole run slows down, not just one call.
   */
  onThrottle(_retryAfterMs?: number): void {}

  /** Feedback from the call layer: a call was answered (whatever its verdict), not throttled. */
  onSuccess(): void {}

  /** Waits for this caller's slot. Slots are reserved synchronously, so concurrent callers queue. */
  async acquire(): Promise<void> {
    const now = this.clock();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
