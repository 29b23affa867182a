// The hold-back: how long a task may go unasked.
// - By poll-interval after the gate (gate.ts) at the latest, every open task, the never-asked
//   included, is due: before then a task that finishes cannot be the last one, and from then on
//   the sweep at the ceiling notices the last completion as soon as plain polling would. (The
//   sweep that ends before the deadline comes first.)
// - Before that, a task never asked about waits until most of the probe (the first tasks
//   answered) is done or forecast done: asking about a task that is still open costs a call now
//   and another later. When asking about all of them takes longer than max-poll-interval, the
//   probe is read again until it has forecasts, so this moment comes early when tasks are quick.

import type { Gate } from './gate.ts';

/** The API takes at most this many IDs per call (the poller's batch size). */
export const IDS_PER_CALL = 10;
/** Tasks never asked about wait until this share of the probe is done or forecast done. */
const CROWD_SHARE = 0.9;

/** How long asking about `ids` tasks takes at one call per `callMs` (the first call goes at once). */
export function sweepMs(ids: number, callMs: number): number {
  return Math.max(0, Math.ceil(ids / IDS_PER_CALL) - 1) * callMs;
}

/** When every open task must have been asked about again, at the latest. */
export function sweepBy(gate: Gate, pollMs: number, deadline: number, lastSweepMs: number): number {
  return Math.min(gate.at + pollMs, deadline - lastSweepMs);
}

/**
 * When tasks never asked about are likely done: CROWD_SHARE of `doneAt` (when each task of the
 * probe finished, or is forecast to; Infinity without a forecast) lies before it.
 */
export function crowdDoneAt(doneAt: Float64Array): number {
  if (doneAt.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = doneAt.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * CROWD_SHARE) - 1)] as number;
}
