// Forecast from readings: what a task's answers so far say about when it can finish, and when
// it probably will. Pure: a new Track per answer, constant memory per task whatever the rounds.
//
// Progress ("40%") is read as a floor: the true share lies in [p, p + step + 1), where step is the
// smallest rise seen (1 for smooth progress, 25 for progress in quarters) and 1 allows for the
// rounding of the reading itself (progress in thirds reads 33, 66). If progress is linear,
// each pair of readings bounds the rate from both sides; while every pair agrees, the fastest
// rate they allow gives the earliest moment the task can finish: a bound, not a guess. Progress
// that stands still between readings moves in steps: then every rise must be a whole number of
// equal steps, or the task is jumpy and its readings bound nothing.

import { percent } from '../percent.ts';
import type { Task } from '../task.ts';

interface Reading {
  at: number;
  percent: number;
}

export interface Track {
  /** When the latest answer about this task arrived. */
  readonly readAt: number;
  /** Answers about it so far. */
  readonly reads: number;
  /** Refreshing readings since the measure (re)started; undefined while not Refreshing. */
  readonly first: Reading | undefined;
  readonly last: Reading | undefined;
  /** Smallest rise between two readings: their resolution. Undefined until progress moves. */
  readonly step: number | undefined;
  /** Rises seen since the measure started. */
  readonly moves: number;
  /** Progress stood still between two readings since the measure started: it moves in steps. */
  readonly flat: boolean;
  /** Rates (percent per ms) that every pair of readings since the measure started allows. */
  readonly slowest: number;
  readonly fastest: number;
  /** Progress once ran faster, slower or backwards from what one steady rate allows. */
  readonly jumpy: boolean;
}

/** A steady rate needs this many rises before its bound is believed. */
const MIN_MOVES = 1;

export function nextTrack(track: Track | undefined, task: Task, at: number): Track {
  const reads = (track?.reads ?? 0) + 1;
  const jumpy = track?.jumpy ?? false;
  if (task.Status !== 'Refreshing') {
    // Pending or an unknown status: nothing to measure, and an earlier measure no longer applies.
    return restart(at, reads, undefined, track?.step, jumpy);
  }
  const point = { at, percent: percent(task.Process) };
  const { first, last } = track ?? {};
  if (!track || !first || !last) return restart(at, reads, point, track?.step, jumpy);
  if (point.percent < last.percent) return restart(at, reads, point, track.step, true);
  const rise = point.percent - last.percent;
  const step = rise > 0 ? Math.min(track.step ?? rise, rise) : track.step;
  const moves = track.moves + (rise > 0 ? 1 : 0);
  const flat = track.flat || rise === 0;
  const uneven =
    flat &&
    track.step !== undefined &&
    rise > 0 &&
    !(rise >= track.step ? wholeSteps(rise, track.step) : wholeSteps(track.step, rise));
  let { slowest, fastest } = track;
  if (step !== undefined) {
    for (const from of [last, first]) {
      const span = at - from.at;
      if (span <= 0) continue;
      slowest = Math.max(slowest, (point.percent - from.percent - step - 1) / span);
      fastest = Math.min(fastest, (point.percent - from.percent + step + 1) / span);
    }
  }
  if (slowest > fastest || uneven) {
    // No steady rate fits: measure again from the previous reading, and never trust a bound.
    return { ...restart(at, reads, last, step, true), last: point, moves: rise > 0 ? 1 : 0 };
  }
  return { readAt: at, reads, first, last: point, step, moves, flat, slowest, fastest, jumpy };
}

/** Whether `rise` is a whole number of `step`s, allowing each its rounding (33 + 33 + 34). */
function wholeSteps(rise: number, step: number): boolean {
  const count = Math.round(rise / step);
  return count >= 1 && Math.abs(rise - count * step) <= count;
}

function restart(
  at: number,
  reads: number,
  point: Reading | undefined,
  step: number | undefined,
  jumpy: boolean
): Track {
  return {
    readAt: at,
    reads,
    first: point,
    last: point,
    step,
    moves: 0,
    flat: false,
    slowest: 0,
    fastest: Number.POSITIVE_INFINITY,
    jumpy
  };
}

/** Whether the task's bound can be believed: steady progress, risen often enough, never jumpy. */
export function isSteady(track: Track): boolean {
  return !track.jumpy && track.moves >= MIN_MOVES && Number.isFinite(track.fastest);
}

/**
 * The earliest moment the task can finish: at the fastest rate its readings allow, from the top
 * of its last reading's range. Without a steady rate, only that it was open when last read.
 */
export function notBefore(track: Track): number {
  const { last, step } = track;
  if (!last || step === undefined || !isSteady(track)) return track.readAt;
  const left = 100 - last.percent - step - 1;
  return left <= 0 ? track.readAt : last.at + left / track.fastest;
}

/**
 * When the task probably finishes: the average rate since the measure started (after a jump,
 * since the reading before it), from the middle of the last reading's range. Undefined until
 * progress has moved.
 */
export function expectedDone(track: Track): number | undefined {
  const { first, last } = track;
  if (!first || !last || last.at <= first.at || last.percent <= first.percent) return undefined;
  const rate = (last.percent - first.percent) / (last.at - first.at);
  const left = Math.max(0, 100 - last.percent - (track.step ?? 1) / 2);
  return Math.max(notBefore(track), last.at + left / rate);
}
