// When each open task is next worth asking about, and why.

import { expectedDone, notBefore } from './readings.ts';
import type { Track } from './readings.ts';

export interface DueContext {
  /** Every open task is due by then (hold-back.ts). */
  sweepBy: number;
  /** A task never asked about is due then (hold-back.ts), if before sweepBy. */
  crowdAt: number;
  /** The gate cannot hold the sweep off: tasks read only once or twice are read again soon. */
  learning: boolean;
  /**
   * A task of the probe while IDs were never asked about (hold-back.ts): read again until it has
   * a forecast, at poll-interval growing by half each time up to max-poll-interval.
   */
  probing?: boolean;
  pollMs: number;
  maxMs: number;
}

/**
 * Why a task is asked about: `learn`, a rate to find while the gate is near; `check`, a gate
 * holder's forecast to verify (the holders are asked about together); `ripe`, forecast done
 * (asked about ten at a time, a full call); `sweep`, nothing of its own: its hold-back is over.
 */
type Reason = 'learn' | 'check' | 'ripe' | 'sweep';

export interface Due {
  /** When it is worth asking about, for `reason`. */
  at: number;
  reason: Reason;
  /** When it must be asked about at the latest (the sweep), whatever the reason. */
  by: number;
}

/** Readings a task gets at poll-interval while the gate is near: enough for a rate. */
const LEARN_READS = 2;
/** A forecast due this soon after the last answer waits a little: answers are not free. */
const MIN_RECHECK_SHARE = 0.2;

/**
 * A task never asked about (`track` undefined) waits until tasks like it are likely done, any
 * other until the sweep, unless it has a reason of its own. A gate holder is asked about
 * when its forecast says it is done and at least halfway to its bound (poll-interval to
 * max-poll-interval apart), so a wrong forecast is caught early. Any other task with a forecast
 * ripens when it is forecast done.
 */
export function dueOf(
  track: Track | undefined,
  holder: boolean,
  ctx: DueContext,
  into: Due = { at: 0, reason: 'sweep', by: 0 }
): Due {
  // `into` lets one pass over 10,000 tasks reuse one object instead of making 10,000.
  const by = ctx.sweepBy;
  into.by = by;
  into.reason = 'sweep';
  into.at = by;
  if (!track) {
    into.at = Math.min(ctx.crowdAt, by);
    return into;
  }
  const done = expectedDone(track);
  const soonest = track.readAt + ctx.pollMs * MIN_RECHECK_SHARE;
  if (holder) {
    const halfway = (notBefore(track) - track.readAt) / 2;
    const check = track.readAt + Math.min(ctx.maxMs, Math.max(ctx.pollMs, halfway));
    into.reason = 'check';
    into.at = done === undefined ? check : Math.min(check, Math.max(done, soonest));
  } else if (ctx.learning && track.reads < LEARN_READS) {
    into.reason = 'learn';
    into.at = track.readAt + ctx.pollMs;
  } else if (ctx.probing && done === undefined) {
    into.reason = 'learn';
    into.at = track.readAt + Math.min(ctx.maxMs, ctx.pollMs * 1.5 ** Math.max(0, track.reads - 1));
  } else if (done !== undefined) {
    into.reason = 'ripe';
    into.at = Math.max(done, soonest);
  }
  return into;
}
