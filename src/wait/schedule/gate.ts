// The gate: the latest moment some task is known to be still open, so the earliest the wait can
// end. Every open task must be asked about again by poll-interval after it (see hold-back.ts):
// before it, a task that finishes cannot be the last one.

import { isSteady, notBefore } from './readings.ts';
import type { Track } from './readings.ts';

export interface Gate {
  /** Clock time the wait cannot end before. */
  at: number;
  /** Whether a steady task's bound holds the gate beyond the last time a task was seen open. */
  bounded: boolean;
  /**
   * Steady tasks with the latest bounds, latest first: at most `holders`, within `nearMs` of the
   * latest. They hold the gate up, so they are worth re-checking.
   */
  holders: readonly string[];
}

/**
 * `ids` are the open tasks, `trackOf` what the answers said about each (undefined if never asked
 * about); `openSeenAt` is the latest answer that showed some task still open (a fact, whatever
 * the progress shape).
 */
export function gateOf(
  ids: readonly string[],
  trackOf: (id: string) => Track | undefined,
  openSeenAt: number,
  holders: number,
  nearMs: number
): Gate {
  // The `holders` latest bounds, kept sorted latest first: a small list, not a sort of all tasks.
  const top: { id: string; at: number }[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as string;
    const track = trackOf(id);
    if (!track || !isSteady(track)) continue;
    const at = notBefore(track);
    if (top.length === holders && at <= (top.at(-1)?.at ?? Infinity)) continue;
    let i = top.length;
    while (i > 0 && (top[i - 1]?.at ?? Infinity) < at) i--;
    top.splice(i, 0, { id, at });
    if (top.length > holders) top.pop();
  }
  // A holder whose bound has passed is still the likeliest to finish last: it stays one.
  const best = top[0];
  const bounded = best !== undefined && best.at > openSeenAt;
  // Only bounds near the top one could take over the gate if it turns out wrong.
  const near = top.filter((h) => h.at >= (best?.at ?? 0) - nearMs);
  return { at: bounded ? best.at : openSeenAt, bounded, holders: near.map((h) => h.id) };
}
