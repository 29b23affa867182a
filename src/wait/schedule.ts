// When to poll next. Two schedules share one interface so the poller (and the benchmark) can run
// either: plain growing backoff, and a progress-aware one that reads each task's Process over
// time, forecasts when the last open task will finish and aims the next round there.

import { pollDelay } from './backoff.ts';
import { percent } from './percent.ts';
import { TERMINAL_STATUSES } from './task.ts';
import type { Random } from '../shared/time.ts';
import type { Task } from './task.ts';

export type ScheduleName = 'progress' | 'backoff';

export interface ScheduleBounds {
  /** Shortest delay between rounds (poll-interval). */
  minMs: number;
  /** Longest delay between rounds (max-poll-interval). */
  maxMs: number;
  /** Clock time of the last round (the deadline): IDs never asked about are asked before it. */
  deadline?: number;
}

export interface Scheduler {
  /** Records what an answer said about one task, at the clock time the answer arrived. */
  observe(id: string, task: Task, at: number): void;
  /**
   * Which of the open IDs to ask about in a round starting at `now` (in their given order): all,
   * or fewer when some cannot have finished yet. The poller packs them 10 to a call.
   */
  select(open: readonly string[], now: number): readonly string[];
  /**
   * Of the IDs a round left out, those never asked about that may be asked about now (the
   * answers so far say they may be done): the round goes on with them.
   */
  release(open: readonly string[], now: number): readonly string[];
  /** Delay before round `round + 1` (rounds count from 1), given the IDs still open at `now`. */
  nextDelay(round: number, open: readonly string[], now: number): number;
  /**
   * When every open task may be finished, as of the latest nextDelay() call; undefined without a
   * forecast (backoff schedule, or no progress signal yet).
   */
  readonly forecastAt: number | undefined;
}

export function createScheduler(
  name: ScheduleName,
  bounds: ScheduleBounds,
  random: Random
): Scheduler {
  return name === 'backoff'
    ? backoffScheduler(bounds, random)
    : new ProgressScheduler(bounds, random);
}

/** The plain schedule: poll-interval, growing by about half each round, up to max-poll-interval. */
function backoffScheduler(bounds: ScheduleBounds, random: Random): Scheduler {
  return {
    observe: () => undefined,
    select: (open) => open,
    release: () => [],
    nextDelay: (round) => pollDelay(round - 1, bounds.minMs, bounds.maxMs, random),
    forecastAt: undefined
  };
}

interface Point {
  at: number;
  percent: number;
}

/** What the scheduler remembers about one open task: O(1) memory, whatever the number of rounds. */
interface Track {
  /** First Refreshing reading since the task started (or restarted) refreshing. */
  first: Point | undefined;
  /** Latest Refreshing readings, oldest first (at most RECENT_POINTS). */
  recent: Point[];
  /** Latest reading of any status; percent counts as 0 unless Refreshing. */
  last: Point;
  /** Predicted completion time, or undefined without a usable rate. */
  eta: number | undefined;
  /** Whether the last two forecasts agreed: only then may a round skip this task. */
  steady: boolean;
}

/** The API takes at most this many IDs per call (the poller's batch size). */
const MAX_IDS_PER_CALL = 10;
/** A task skipped on its forecast is still asked about after this many max-poll-intervals. */
const STALE_FACTOR = 3;

/** Consecutive forecasts agree when they differ by at most this share of the time remaining. */
const STEADY_SHARE = 0.1;

/** The first round asks about at most this many IDs (10 calls, 1 s at the default ceiling). */
const PROBE_IDS = 100;
/** An ID never asked about is asked about no later than this after the first round. */
const MAX_DEFER_MS = 90_000;
/**
 * IDs never asked about are held back until this share of the tasks seen so far is done or
 * forecast done by the time they have all been asked about: asking about a task that is still
 * open costs a call now and more later.
 */
const RELEASE_SHARE = 1;

/** Enough history for a recent rate over a few rounds, bounded for 10,000 IDs. */
const RECENT_POINTS = 4;
/** The recent rate needs this many points of progress, so rounding steps do not dominate it. */
const MIN_RECENT_SPAN = 5;

/**
 * Progress-aware schedule. A Refreshing task with two different progress readings gets a rate and
 * so an ETA. The wait cannot end before the latest ETA of the open tasks (the "gate"), so rounds
 * before it only refresh the forecast: they are spaced at max-poll-interval, and the round that
 * should end the wait is aimed at the gate itself. A task without a rate of its own (Pending, an
 * unknown status, no progress yet) is assumed to need at least the shortest duration any task has
 * shown; while any task lacks its own ETA the schedule never polls more often than plain backoff,
 * and with no rate seen at all it is plain backoff. When a jumpy (unsteady) forecast holds the
 * gate out of reach but every steady forecast falls within it, the round is aimed at the latest
 * steady one instead. A round aimed at the gate that leaves tasks open counts as a miss, and later
 * aimed rounds back off, so a stalled task cannot pin the poller to poll-interval.
 * A round skips a task whose forecast is steady (two in a row agree) and not yet due, for at most
 * STALE_FACTOR max-poll-intervals, and fills its last call with the tasks due soonest instead.
 * With more than PROBE_IDS IDs, the first round asks about the first PROBE_IDS only; the others
 * are held back until those forecast that every task like them may be done by the time all have
 * been asked about (the round goes on with them as soon as its answers say so), and at the latest
 * MAX_DEFER_MS after the first round or a max-poll-interval before the deadline.
 */
class ProgressScheduler implements Scheduler {
  private readonly bounds: ScheduleBounds;
  private readonly random: Random;
  private readonly tracks = new Map<string, Track>();
  /** Shortest refresh duration any rate implied: the floor for tasks without a rate. */
  private shortestMs: number | undefined;
  private aimed = false;
  private misses = 0;
  /** Clock time of the first round; undefined before it. */
  private start: number | undefined;
  /** IDs asked about while some were still held back (cleared once none is). */
  private readonly asked = new Set<string>();
  /** Seen tasks that have finished: the population forecast counts them as done. */
  private finished = 0;
  /** Whether some open ID may never have been asked about. */
  private unseenLeft = true;
  /** Answer times in the first round, to measure how long a call takes at the ceiling. */
  private readonly probe = { probing: false, first: Number.NaN, last: Number.NaN, answers: 0 };
  forecastAt: number | undefined;

  constructor(bounds: ScheduleBounds, random: Random) {
    this.bounds = bounds;
    this.random = random;
  }

  observe(id: string, task: Task, at: number): void {
    const { probe } = this;
    if (probe.probing && at !== probe.last) {
      if (probe.answers === 0) probe.first = at;
      probe.last = at;
      probe.answers += 1;
    }
    if (TERMINAL_STATUSES.has(task.Status)) {
      this.finished += 1;
      this.tracks.delete(id); // never polled again: keeps memory flat over long runs
      this.asked.delete(id);
      return;
    }
    if (task.Status !== 'Refreshing') {
      // Pending or an unknown status: no rate to read, and any earlier one no longer applies.
      this.tracks.set(id, {
        first: undefined,
        recent: [],
        last: { at, percent: 0 },
        eta: undefined,
        steady: false
      });
      return;
    }
    const point = { at, percent: percent(task.Process) };
    let track = this.tracks.get(id);
    const previous = track?.recent.at(-1);
    if (!track || !previous || point.percent < previous.percent) {
      // New, just started refreshing, or progress went backwards: measure afresh.
      track = { first: point, recent: [], last: point, eta: undefined, steady: false };
      this.tracks.set(id, track);
    }
    track.recent.push(point);
    if (track.recent.length > RECENT_POINTS) track.recent.shift();
    track.last = point;
    const rate = rateOf(track.first, track.recent);
    const eta = rate === undefined ? undefined : at + (100 - point.percent) / rate;
    track.steady =
      eta !== undefined &&
      track.eta !== undefined &&
      Math.abs(eta - track.eta) <= Math.max(this.bounds.minMs, (eta - at) * STEADY_SHARE);
    track.eta = eta;
    if (rate !== undefined) this.shortestMs = Math.min(this.shortestMs ?? Infinity, 100 / rate);
  }

  select(open: readonly string[], now: number): readonly string[] {
    const first = this.start === undefined;
    this.start ??= now;
    this.probe.probing = first;
    if (!this.unseenLeft) return this.selectSeen(open, now);
    const { seen, unseen } = this.split(open);
    // IDs never asked about: the first round asks about a sample at once, the rest wait until
    // that sample forecasts that similar tasks may be done (or the hold-back limit comes).
    const release =
      this.releaseAt(now, unseen.length) <= now + this.bounds.minMs
        ? unseen.length
        : first
          ? Math.min(PROBE_IDS, unseen.length)
          : 0;
    this.unseenLeft = release < unseen.length;
    const chosen = new Set(this.selectSeen(seen, now));
    for (const id of unseen.slice(0, release)) chosen.add(id);
    if (this.unseenLeft) for (const id of chosen) this.asked.add(id);
    else this.asked.clear();
    return chosen.size === open.length ? open : open.filter((id) => chosen.has(id));
  }

  release(open: readonly string[], now: number): readonly string[] {
    if (!this.unseenLeft) return [];
    const { unseen } = this.split(open);
    if (this.releaseAt(now, unseen.length) > now + this.bounds.minMs) return [];
    this.unseenLeft = false;
    this.asked.clear();
    return unseen;
  }

  /** Open IDs split into those asked about or answered before, and the rest (in given order). */
  private split(open: readonly string[]): { seen: string[]; unseen: string[] } {
    const seen: string[] = [];
    const unseen: string[] = [];
    for (const id of open) {
      if (this.tracks.has(id) || this.asked.has(id)) seen.push(id);
      else unseen.push(id);
    }
    return { seen, unseen };
  }

  /**
   * When IDs never asked about are to be asked about: once RELEASE_SHARE of the tasks seen so far
   * are done or forecast done, and at the latest MAX_DEFER_MS after the first round and a
   * max-poll-interval before the deadline.
   */
  private releaseAt(now: number, unseen: number): number {
    const { probe } = this;
    // Asking about them takes a while at the ceiling: start early enough to end by the forecast.
    const callMs = probe.answers > 1 ? (probe.last - probe.first) / (probe.answers - 1) : 0;
    const sweepMs = Math.ceil(unseen / MAX_IDS_PER_CALL) * callMs;
    let at = (this.start ?? now) + MAX_DEFER_MS;
    if (this.bounds.deadline !== undefined) {
      at = Math.min(at, this.bounds.deadline - this.bounds.maxMs);
    }
    const total = this.finished + this.tracks.size;
    const need = Math.ceil(total * RELEASE_SHARE) - this.finished;
    if (total === 0 || need > this.tracks.size) return at;
    if (need <= 0) return now;
    const forecasts: number[] = [];
    for (const track of this.tracks.values()) {
      // A task without a rate of its own may take any time: only forecasts count.
      if (track.eta !== undefined) forecasts.push(track.eta);
    }
    if (forecasts.length < need) return at;
    forecasts.sort((a, b) => a - b);
    return Math.min(at, (forecasts[need - 1] as number) - sweepMs);
  }

  private selectSeen(open: readonly string[], now: number): readonly string[] {
    const { minMs, maxMs } = this.bounds;
    const staleMs = maxMs * STALE_FACTOR;
    const due: string[] = [];
    const later: { id: string; eta: number }[] = [];
    for (const id of open) {
      const track = this.tracks.get(id);
      // Skip a task only on its own forecast, and never for long: forecasts can be wrong.
      if (
        track?.eta !== undefined &&
        track.steady &&
        track.eta > now + minMs &&
        now - track.last.at < staleMs
      ) {
        later.push({ id, eta: track.eta });
      } else due.push(id);
    }
    if (later.length === 0) return open;
    // Room left in the last call costs nothing: fill it with the tasks forecast to finish first
    // (and a round with nothing due still makes one call, to keep the forecasts fresh).
    const partial = due.length % MAX_IDS_PER_CALL;
    const room =
      due.length === 0 ? MAX_IDS_PER_CALL : partial === 0 ? 0 : MAX_IDS_PER_CALL - partial;
    const riders = new Set(
      later
        .sort((a, b) => a.eta - b.eta)
        .slice(0, room)
        .map((x) => x.id)
    );
    const chosen = new Set(due);
    return open.filter((id) => chosen.has(id) || riders.has(id));
  }

  nextDelay(round: number, open: readonly string[], now: number): number {
    const { minMs, maxMs } = this.bounds;
    this.probe.probing = false;
    if (!this.unseenLeft) return this.nextSeenDelay(round, open, now);
    // Some IDs are held back: forecast from the others, and come back when they are due.
    const { seen, unseen } = this.split(open);
    if (unseen.length === 0) {
      this.unseenLeft = false;
      this.asked.clear();
    }
    const delay = seen.length === 0 ? maxMs : this.nextSeenDelay(round, seen, now);
    if (unseen.length === 0) return delay;
    this.aimed = false;
    this.forecastAt = undefined;
    return Math.min(delay, Math.max(minMs, this.releaseAt(now, unseen.length) - now));
  }

  private nextSeenDelay(round: number, open: readonly string[], now: number): number {
    const { minMs, maxMs } = this.bounds;
    // Called only after a round that left tasks open: if that round was aimed at the gate, it missed.
    if (this.aimed) this.misses += 1;
    this.aimed = false;
    const plain = pollDelay(round - 1, minMs, maxMs, this.random);
    const gate = this.gate(open);
    this.forecastAt = gate?.at;
    if (!gate) return plain;
    let until = gate.at - now;
    // Some finish is only bounded from below: skip rounds that cannot end the wait, but never
    // poll more often than backoff would.
    if (!gate.own) return Math.max(plain, clamp(until, minMs, maxMs));
    // Only a round aimed at the whole gate can miss; see the class comment.
    this.aimed = until <= maxMs;
    // A jumpy forecast can hold the gate far off while every steady one is about to come true:
    // aim at those, so the round after leaves only the unpredictable tasks open.
    // (A steady forecast that slips moves by at least poll-interval, so it turns unsteady within a
    // round or two: these rounds need no miss counting of their own.)
    if (until > maxMs && gate.steadyAt > Number.NEGATIVE_INFINITY && gate.steadyAt - now <= maxMs) {
      until = gate.steadyAt - now;
    }
    // Beyond reach: a check-up round, early enough that the aimed one still lands on the gate
    // (a round just short of it would push the aimed one to poll-interval later).
    const delay = clamp(until <= maxMs ? until : Math.min(maxMs, until - minMs), minMs, maxMs);
    return this.misses > 0
      ? Math.max(delay, pollDelay(this.misses - 1, minMs, maxMs, this.random))
      : delay;
  }

  /**
   * The earliest time every open task may be finished; whether each task had an ETA of its own;
   * and the latest ETA among tasks whose forecast is steady (-Infinity if none).
   */
  private gate(
    open: readonly string[]
  ): { at: number; own: boolean; steadyAt: number } | undefined {
    if (open.length === 0) return undefined;
    let at = Number.NEGATIVE_INFINITY;
    let steadyAt = Number.NEGATIVE_INFINITY;
    let own = true;
    for (const id of open) {
      const track = this.tracks.get(id);
      if (track?.eta !== undefined) {
        at = Math.max(at, track.eta);
        if (track.steady) steadyAt = Math.max(steadyAt, track.eta);
        continue;
      }
      own = false;
      if (this.shortestMs === undefined || !track) return undefined;
      at = Math.max(at, track.last.at + ((100 - track.last.percent) / 100) * this.shortestMs);
    }
    return { at, own, steadyAt };
  }
}

/**
 * Percent per ms. The average since the first Refreshing reading is the steadiest estimate; the
 * recent rate replaces it only when progress has clearly sped up (by more than the whole-percent
 * rounding of the readings could explain), so accelerating tasks are not forecast late while
 * rounding noise does not pull steady ones early. Undefined until progress has moved.
 */
function rateOf(first: Point | undefined, recent: readonly Point[]): number | undefined {
  const last = recent.at(-1);
  if (!first || !last || last.percent <= first.percent || last.at <= first.at) return undefined;
  const average = (last.percent - first.percent) / (last.at - first.at);
  for (let i = recent.length - 2; i >= 0; i--) {
    const anchor = recent[i] as Point;
    const span = last.percent - anchor.percent;
    if (span >= MIN_RECENT_SPAN && last.at > anchor.at) {
      const lately = span / (last.at - anchor.at);
      // Readings are whole percents: a span of n points may really be n - 1 ... n + 1.
      return lately * (1 - 2 / span) > average ? lately : average;
    }
  }
  return average;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
