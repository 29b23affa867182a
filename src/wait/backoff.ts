// The plain polling schedule's delays, with jitter so many runners do not poll in lockstep.

import type { Random } from '../shared/time.ts';

/**
 * Delay before polling round `round + 1` (0-based): starts at `minMs`, grows by about half each
 * round with up to 20% jitter, never below `minMs` nor above `maxMs`.
 */
export function pollDelay(round: number, minMs: number, maxMs: number, random: Random): number {
  const base = minMs * 1.5 ** round;
  const jittered = round === 0 ? base : base * (0.9 + random() * 0.2);
  return Math.min(maxMs, Math.max(minMs, jittered));
}
