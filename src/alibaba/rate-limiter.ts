// Paces this run's API calls and adapts the pace to the account, which every job on it shares.
//
// Choice: AIMD (additive increase, multiplicative decrease) on an evenly spaced send rate, not
// the AWS SDK's adaptive mode (a token bucket whose rate recovers along a cubic curve in time).
// - The account's limit is one flat rate shared by senders that cannot see each other. AIMD is the
//   rule proven to bring such senders to a fair share of it (Chiu and Jain), and it is one line
//   each way, so the pace can be explained from the log.
// - CUBIC grows with the time since the last throttle. A copy of this action sends in rounds and
//   idles between them, so it would come back from every pause at or above its old rate, just
//   when the other copies are busy. Here the rate grows only with answered calls: idle time earns
//   nothing.
// - Even spacing instead of a bucket: a bucket saves up a burst while idle, and the account's
//   window counts bursts.
//
// The rules: the rate starts at the ceiling (max-requests-per-second) and never exceeds it. A
// throttling answer cuts it to BACKOFF_FACTOR of itself, unless it answers a call sent before the
// last cut (sent at the old rate, it says nothing new); a server's Retry-After pauses every
// call. Each answered call adds INCREASE_PER_SECOND / rate, so a run that keeps sending regains
// INCREASE_PER_SECOND calls/s every second. The limiter gates the send itself: callers wait in
// one queue and leave it one at a time at the current spacing, so after a cut the calls already
// waiting (retries included) leave at the new, slower pace, not all at once.

import type { Clock, Sleep } from '../shared/time.ts';

/** How late after its slot a call may reach the server without breaking the ceiling. */
const SEND_JITTER_MS = 50;
/** A throttle cuts the rate to this share of itself. */
export const BACKOFF_FACTOR = 0.5;
/** Calls per second regained per second of answered calls. */
export const INCREASE_PER_SECOND = 0.5;
/**
 * A throttle answering a call sent before the last cut says nothing new: it does not cut again.
 * Answers are matched to sends in order; without a send on record (an answer lost to a network
 * error upsets the count), throttles this soon after a cut are taken for such answers.
 */
export const COOLDOWN_MS = 1000;
/** A send this old without an answer is forgotten (the request timed out or failed). */
const SEND_MEMORY_MS = 15_000;
/** The rate never falls below this (calls/s), so a long throttle storm still makes progress. */
export const MIN_RATE = 0.5;
/** A Retry-After beyond this is not believed (the client's own retry cap). */
const MAX_PAUSE_MS = 60_000;

export class RateLimiter {
  private readonly ceiling: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  /** Current calls per second, MIN_RATE..ceiling. */
  private rate: number;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** When each call still waiting for its answer was let go, oldest first. */
  private readonly sent: number[] = [];
  private readonly waiting: { go: () => void; fail: (error: unknown) => void }[] = [];
  private pumping = false;

  constructor(perSecond: number, clock: Clock, sleep: Sleep) {
    this.ceiling = perSecond;
    this.rate = perSecond;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** The current pace, calls per second (for the debug log and tests). */
  get callsPerSecond(): number {
    return this.rate;
  }

  /**
   * Feedback from the call layer: the account answered "too busy" (429, Throttling*, queue
   * full), optionally with the server's own wait. The whole run slows down, not just one call.
   */
  onThrottle(retryAfterMs?: number): void {
    const now = this.clock();
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, MAX_PAUSE_MS));
    }
    const sentAt = this.answered(now);
    if (sentAt === undefined ? now - this.lastCutAt < COOLDOWN_MS : sentAt <= this.lastCutAt) {
      return;
    }
    this.lastCutAt = now;
    this.rate = Math.max(Math.min(MIN_RATE, this.ceiling), this.rate * BACKOFF_FACTOR);
  }

  /** Feedback from the call layer: a call was answered (whatever its verdict), not throttled. */
  onSuccess(): void {
    this.answered(this.clock());
    this.rate = Math.min(this.ceiling, this.rate + INCREASE_PER_SECOND / this.rate);
  }

  /** When the call this answer belongs to was let go (the oldest unanswered one), if known. */
  private answered(now: number): number | undefined {
    while ((this.sent[0] ?? now) < now - SEND_MEMORY_MS) this.sent.shift();
    return this.sent.shift();
  }

  /** Waits until this caller may send. Callers leave in the order they came. */
  acquire(): Promise<void> {
    return new Promise((go, fail) => {
      this.waiting.push({ go, fail });
      if (!this.pumping) void this.pump();
    });
  }

  /** Lets waiting callers go one at a time, re-reading the pace before each one. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        // Slots are 5% wider than the rate needs, so a call that leaves up to 50 ms after its
        // slot (the first one opens the connection on cold code) cannot squeeze one call too
        // many into any second at the server.
        const spacing = (1000 + SEND_JITTER_MS) / this.rate;
        const due = Math.max(this.lastSendAt + spacing, this.pausedUntil);
        const now = this.clock();
        if (now < due) {
          await this.sleep(due - now);
          continue; // the pace may have changed meanwhile
        }
        this.lastSendAt = now;
        this.sent.push(now);
        if (this.sent.length > 1000) this.sent.shift(); // answers that never came: keep it small
        this.waiting.shift()?.go();
      }
    } catch (error) {
      // The sleep failed (the job was cancelled): every waiting caller hears it.
      for (const waiter of this.waiting.splice(0)) waiter.fail(error);
    } finally {
      this.pumping = false;
    }
  }
}
