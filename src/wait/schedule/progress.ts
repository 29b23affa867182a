// The progress-aware schedule (the default).
//
// Policy. The wait ends when the last task finishes, so what matters is to notice that moment
// soon, and to ask about every other task once after it is done. The gate (gate.ts) is the
// latest moment some task is known to be still open: the latest answer that showed one open or,
// once a task's progress has risen steadily, the earliest moment the fastest rate its readings
// allow can finish it. Every open task, the never-asked included, is due again by poll-interval
// after the gate (hold-back.ts), and due tasks are asked about at the ceiling without pause: so
// the last completion is never noticed later than plain polling at poll-interval would notice it,
// whatever the progress shape. Before then a task that finishes cannot be the last one, and asking
// about it can wait (due.ts): a task forecast done is asked about ten at a time, in full calls;
// the gate's holders together, when their forecast says done and at least halfway to their bound,
// so a wrong forecast is caught early; while the gate is near, each task gets a second reading at
// poll-interval to find a rate; and IDs never asked about wait until most of the first tasks
// answered are done or forecast done. Without steady progress anywhere this is plain polling at
// poll-interval. A round asks about at most what the ceiling sends in one poll-interval, most
// urgent first, and fills its last call with the tasks likely done soonest (choose.ts); the pause
// lasts until the next task is due, at most max-poll-interval (next-delay.ts). At the deadline a
// last round asks about the open tasks, those asked about longest ago first.

import { TERMINAL_STATUSES } from '../task.ts';
import type { Task } from '../task.ts';
import { NextDue, RoundChoice } from './choose.ts';
import { dueOf } from './due.ts';
import type { Due, DueContext } from './due.ts';
import { gateOf } from './gate.ts';
import type { Gate } from './gate.ts';
import { IDS_PER_CALL, crowdDoneAt, sweepBy, sweepMs } from './hold-back.ts';
import { nextDelay } from './next-delay.ts';
import { expectedDone, nextTrack } from './readings.ts';
import type { Track } from './readings.ts';
import type { Round, RoundEnd, Schedule, ScheduleBounds } from './types.ts';

/**
 * The first tasks answered (the probe) tell when tasks like the never-asked ones are done; while
 * those take long to ask about, the probe is read until it has forecasts (hold-back.ts).
 */
const PROBE = 100;
/** Gate holders re-checked ahead of the sweep: one call's worth. */
const HOLDERS = IDS_PER_CALL;
/** Tasks due within this share of poll-interval of each other share a round. */
const WINDOW_SHARE = 0.25;
/** Calls per second assumed until answers measure the pace. */
const DEFAULT_CALLS_PER_SECOND = 10;

/** What the answers so far say, for every task: recomputed only when an answer came in. */
interface Outlook {
  version: number;
  open: number;
  gate: Gate;
  holders: ReadonlySet<string>;
  /** Open tasks never asked about. */
  unasked: number;
  /** The due context without `learning`, which depends on the time. */
  due: Omit<DueContext, 'learning'>;
}

export class ProgressSchedule implements Schedule {
  private readonly bounds: ScheduleBounds;
  private readonly tracks = new Map<string, Track>();
  /** The latest answer that showed some task still open. */
  private openSeenAt = Number.NEGATIVE_INFINITY;
  /**
   * When the latest round that got no answer for some task started (a failed call, an ID not
   * listed): the gate is at least there, so such tasks are asked again a poll-interval later, as
   * plain polling would, not at once.
   */
  private unansweredAt = Number.NEGATIVE_INFINITY;
  /** Time per call at the pace the run gets: the ceiling, or slower when throttled. */
  private callMs: number;
  private readonly floorCallMs: number;
  /** The probe (see PROBE): when each was seen finished, undefined while open. */
  private readonly probe = new Map<string, number | undefined>();
  /** Answers recorded so far: the outlook is recomputed when this changes. */
  private version = 0;
  private outlook: Outlook | undefined;

  constructor(bounds: ScheduleBounds) {
    this.bounds = bounds;
    this.floorCallMs = bounds.callsPerSecond ? 1000 / bounds.callsPerSecond : 0;
    this.callMs = 1000 / (bounds.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND);
  }

  startRound(open: readonly string[], now: number): Round {
    const capacity = Math.max(
      IDS_PER_CALL,
      Math.floor(this.bounds.minMs / Math.max(1, this.callMs)) * IDS_PER_CALL
    );
    const final = now >= (this.bounds.deadline ?? Number.POSITIVE_INFINITY);
    const choice = new RoundChoice(now, final ? 0 : this.bounds.minMs * WINDOW_SHARE, capacity);
    this.choose(open, now, final, choice);
    const chosen = choice.pick();
    const ids = chosen.size === open.length ? open : open.filter((id) => chosen.has(id));
    return new ProgressRound(this, ids, now);
  }

  /** Step 2 of the protocol, through the round. */
  record(id: string, task: Task, at: number): void {
    this.version += 1;
    const finished = TERMINAL_STATUSES.has(task.Status);
    if (this.probe.has(id) || this.probe.size < PROBE) {
      this.probe.set(id, finished ? at : undefined);
    }
    if (finished) {
      this.tracks.delete(id); // never asked about again: memory stays flat over long runs
      return;
    }
    this.openSeenAt = Math.max(this.openSeenAt, at);
    this.tracks.set(id, nextTrack(this.tracks.get(id), task, at));
  }

  /** Step 3 of the protocol, through the round. */
  end(
    round: { startedAt: number; unanswered: boolean; pace: number | undefined },
    open: readonly string[],
    now: number
  ): RoundEnd {
    if (round.pace !== undefined) this.callMs = Math.max(this.floorCallMs, round.pace);
    if (round.unanswered) {
      this.unansweredAt = round.startedAt;
      this.version += 1;
    }
    if (this.tracks.size > open.length) this.prune(open);
    const context = this.context(open, now);
    const next = new NextDue();
    const due: Due = { at: 0, reason: 'sweep', by: 0 };
    for (let i = 0; i < open.length; i++) {
      const id = open[i] as string;
      const ctx = this.probe.has(id) ? context.forProbe : context;
      next.offer(dueOf(this.tracks.get(id), context.holders.has(id), ctx, due));
    }
    return {
      delayMs: nextDelay(next.at, now, this.bounds.maxMs),
      forecastAt: this.lastForecast(open)
    };
  }

  /** When the last open task is forecast done, if every open task has a forecast. */
  private lastForecast(open: readonly string[]): number | undefined {
    let last: number | undefined;
    for (const id of open) {
      const track = this.tracks.get(id);
      const done = track && expectedDone(track);
      if (done === undefined) return undefined;
      last = Math.max(last ?? done, done);
    }
    return last;
  }

  /** The due context at `now`, with the gate's holders. */
  private context(
    open: readonly string[],
    now: number
  ): DueContext & { holders: ReadonlySet<string>; forProbe: DueContext } {
    const outlook = this.outlookFor(open);
    // While the gate cannot hold the sweep off, readings that could move it are worth most.
    const learning = outlook.due.sweepBy <= now + this.bounds.minMs;
    // While IDs were never asked about, the probe's readings tell when tasks like them are done.
    // Only worth its calls when asking about the never-asked IDs takes a while.
    const probing = sweepMs(outlook.unasked, this.callMs) > this.bounds.maxMs;
    const forProbe = { ...outlook.due, learning, probing };
    return { ...outlook.due, learning, holders: outlook.holders, forProbe };
  }

  /** Offers every open task to the round's choice (see choose.ts), reusing one Due. */
  private choose(open: readonly string[], now: number, final: boolean, choice: RoundChoice): void {
    const context = this.context(open, now);
    const due: Due = { at: now, reason: 'sweep', by: now };
    for (let i = 0; i < open.length; i++) {
      const id = open[i] as string;
      const track = this.tracks.get(id);
      const readAt = track?.readAt ?? Number.NEGATIVE_INFINITY;
      // At the deadline every open task is due: the last round asks about them all it can.
      const ctx = this.probe.has(id) ? context.forProbe : context;
      if (!final) dueOf(track, context.holders.has(id), ctx, due);
      // When it is likely done, for riders: a forecast shows in its due time.
      const forecast = due.reason === 'ripe' || due.reason === 'check';
      const guess = track ? readAt + this.bounds.maxMs : Number.POSITIVE_INFINITY;
      choice.offer(id, due, readAt, forecast ? due.at : guess);
    }
  }

  private outlookFor(open: readonly string[]): Outlook {
    const cached = this.outlook;
    if (cached?.version === this.version && cached.open === open.length) return cached;
    const { minMs, maxMs } = this.bounds;
    const { tracks } = this;
    const trackOf = (id: string) => tracks.get(id);
    const seenOpenAt = Math.max(this.openSeenAt, this.unansweredAt);
    const gate = gateOf(open, trackOf, seenOpenAt, HOLDERS, maxMs);
    const deadline = this.bounds.deadline ?? Number.POSITIVE_INFINITY;
    const by = sweepBy(gate, minMs, deadline, sweepMs(open.length, this.callMs));
    // The crowd: when the probe's tasks finished, or are forecast to.
    const doneAt = new Float64Array(this.probe.size);
    let i = 0;
    for (const [id, finishedAt] of this.probe) {
      const track = finishedAt === undefined ? tracks.get(id) : undefined;
      doneAt[i++] = finishedAt ?? (track && expectedDone(track)) ?? Number.POSITIVE_INFINITY;
    }
    let unasked = 0;
    for (let k = 0; k < open.length; k++) if (!tracks.has(open[k] as string)) unasked += 1;
    const crowdAt = crowdDoneAt(doneAt);
    this.outlook = {
      version: this.version,
      open: open.length,
      gate,
      holders: new Set(gate.holders),
      unasked,
      due: { sweepBy: by, crowdAt, pollMs: minMs, maxMs }
    };
    return this.outlook;
  }

  private prune(open: readonly string[]): void {
    const keep = new Set(open);
    for (const id of this.tracks.keys()) if (!keep.has(id)) this.tracks.delete(id);
  }
}

/** One round of the progress schedule: the IDs it asks about and the answers they get. */
class ProgressRound implements Round {
  readonly ids: readonly string[];
  private readonly schedule: ProgressSchedule;
  private readonly startedAt: number;
  private readonly answered = new Set<string>();
  /** Distinct answer times, to measure the pace of the calls. */
  private answers = 0;
  private firstAt = Number.NaN;
  private lastAt = Number.NaN;

  constructor(schedule: ProgressSchedule, ids: readonly string[], startedAt: number) {
    this.schedule = schedule;
    this.ids = ids;
    this.startedAt = startedAt;
  }

  observe(id: string, task: Task, at: number): void {
    this.answered.add(id);
    if (at !== this.lastAt) {
      if (this.answers === 0) this.firstAt = at;
      this.lastAt = at;
      this.answers += 1;
    }
    this.schedule.record(id, task, at);
  }

  finish(open: readonly string[], now: number): RoundEnd {
    // Three answers or more: the spacing the limiter (and the account) allowed.
    const pace = this.answers >= 3 ? (this.lastAt - this.firstAt) / (this.answers - 1) : undefined;
    const unanswered = this.answered.size < this.ids.length;
    return this.schedule.end({ startedAt: this.startedAt, unanswered, pace }, open, now);
  }
}
