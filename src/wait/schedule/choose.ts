// Which open tasks a round asks about, at most `capacity`: the ones to learn from, the gate's
// holders together when one of them is due, the tasks swept (asked about longest ago first,
// never-asked first of all), and forecast-done ones in full calls of ten. Spare room in the last
// call goes to the tasks likely done soonest: it costs nothing.
//
// One pass over the candidates, keeping only those that may be asked about: with 10,000 tasks a
// round must not hold 10,000 candidates at once.

import type { Due } from './due.ts';
import { IDS_PER_CALL } from './hold-back.ts';

export interface Candidate {
  id: string;
  due: Due;
  /** When it was last answered; -Infinity if never. */
  readAt: number;
  /** When it is likely done, to pick riders for spare room (lower rides first). */
  doneAt: number;
}

/** What a round keeps of a candidate it may ask about: no copy of its due time. */
type Kept = Pick<Candidate, 'id' | 'readAt' | 'doneAt'>;

/**
 * Chooses the IDs for a round at `now` in one pass: offer every open task, then pick. Tasks due
 * within `windowMs` of now share the round.
 */
export class RoundChoice {
  private readonly now: number;
  private readonly horizon: number;
  private readonly capacity: number;
  private readonly learn: Kept[] = [];
  private readonly holders: Kept[] = [];
  private readonly swept: Kept[] = [];
  private readonly ripe: Kept[] = [];
  private readonly idle = new Best(IDS_PER_CALL);
  private checking = false;
  /** After a cut: the last readAt (swept) and doneAt (ripe) kept; anything later is not. */
  private sweptCutoff = Number.POSITIVE_INFINITY;
  private ripeCutoff = Number.POSITIVE_INFINITY;

  constructor(now: number, windowMs: number, capacity: number) {
    this.now = now;
    this.horizon = now + windowMs;
    this.capacity = capacity;
  }

  /** `due` may be reused by the caller after this returns: it is read, never kept. */
  offer(id: string, due: Due, readAt: number, doneAt: number): void {
    const { reason, at, by } = due;
    // Learning and checking come first, even in a sweep: they can move the gate and end it.
    let list: Kept[] | undefined;
    if (reason === 'learn' && at <= this.horizon) list = this.learn;
    else if (reason === 'check') {
      list = this.holders;
      this.checking ||= at <= this.horizon;
    } else if (by <= this.horizon || (reason === 'sweep' && at <= this.horizon)) list = this.swept;
    else if (reason === 'ripe' && at <= this.now) list = this.ripe;
    else if (!this.idle.wants(doneAt)) return;
    // Once a long list has been cut, a task that sorts after everything it kept can only be cut
    // again: no object for it (a sweep of 10,000 tasks made 20,000 of them a round). A tie with
    // the last one kept sorts after it too (the sort is stable), so it goes as well: at 10,000
    // never-asked IDs, all at -Infinity, that is nearly all of them.
    if (list === this.swept && readAt >= this.sweptCutoff) return;
    if (list === this.ripe && doneAt >= this.ripeCutoff) return;
    const kept: Kept = { id, readAt, doneAt };
    if (!list) {
      this.idle.offer(kept);
      return;
    }
    list.push(kept);
    // A sweep of 10,000 tasks keeps no more than a round can ask about (plus slack to sort less).
    if (list.length > 2 * this.capacity + IDS_PER_CALL) {
      if (list === this.swept) list.sort(byReadAt);
      else if (list === this.ripe) list.sort(byDoneAt);
      else return;
      list.length = this.capacity + IDS_PER_CALL;
      const last = list[list.length - 1] as Kept;
      if (list === this.swept) this.sweptCutoff = last.readAt;
      else this.ripeCutoff = last.doneAt;
    }
  }

  pick(): Set<string> {
    const { learn, holders, swept, ripe, capacity } = this;
    swept.sort(byReadAt);
    ripe.sort(byDoneAt);
    const full = ripe.length - (ripe.length % IDS_PER_CALL);
    const chosen = new Set<string>();
    const take = (c: Kept) => {
      if (chosen.size < capacity) chosen.add(c.id);
    };
    learn.forEach(take);
    if (this.checking) holders.forEach(take);
    swept.forEach(take);
    ripe.slice(0, full).forEach(take);
    const room =
      chosen.size === 0
        ? IDS_PER_CALL
        : (IDS_PER_CALL - (chosen.size % IDS_PER_CALL)) % IDS_PER_CALL;
    if (room > 0) {
      // Riders: whatever was left out, likeliest done first.
      const left = new Best(room);
      const rest = [...this.idle.list, ...ripe.slice(full), ...swept];
      if (!this.checking) rest.push(...holders);
      for (const c of rest) if (!chosen.has(c.id)) left.offer(c);
      for (const c of left.list) chosen.add(c.id);
    }
    return chosen;
  }
}

const byReadAt = (a: Kept, b: Kept) => a.readAt - b.readAt;
const byDoneAt = (a: Kept, b: Kept) => a.doneAt - b.doneAt;

/** The IDs for a round at `now`, from a list of candidates (see RoundChoice). */
export function chooseIds(
  candidates: Iterable<Candidate>,
  now: number,
  windowMs: number,
  capacity: number
): Set<string> {
  const choice = new RoundChoice(now, windowMs, capacity);
  for (const c of candidates) choice.offer(c.id, c.due, c.readAt, c.doneAt);
  return choice.pick();
}

/** The `size` candidates likely done soonest of those offered: a short sorted list. */
class Best {
  readonly list: Kept[] = [];
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  wants(doneAt: number): boolean {
    return this.list.length < this.size || doneAt < (this.list.at(-1)?.doneAt ?? Infinity);
  }
  offer(c: Kept): void {
    const { list } = this;
    if (!this.wants(c.doneAt)) return;
    let i = list.length;
    while (i > 0 && (list[i - 1]?.doneAt ?? -Infinity) > c.doneAt) i--;
    list.splice(i, 0, c);
    if (list.length > this.size) list.pop();
  }
}

/**
 * When the next round is due: the first learn, check or sweep time, or the moment the tenth
 * forecast-done task ripens (a full call).
 */
export class NextDue {
  private earliest = Number.POSITIVE_INFINITY;
  /** The IDS_PER_CALL earliest ripening times, sorted. */
  private readonly ripening: number[] = [];

  offer(due: Due): void {
    this.earliest = Math.min(this.earliest, due.by);
    if (due.reason !== 'ripe') {
      this.earliest = Math.min(this.earliest, due.at);
      return;
    }
    const { ripening } = this;
    if (ripening.length === IDS_PER_CALL && due.at >= (ripening.at(-1) as number)) return;
    let i = ripening.length;
    while (i > 0 && (ripening[i - 1] as number) > due.at) i--;
    ripening.splice(i, 0, due.at);
    if (ripening.length > IDS_PER_CALL) ripening.pop();
  }

  get at(): number {
    const tenth = this.ripening[IDS_PER_CALL - 1];
    return tenth === undefined ? this.earliest : Math.min(this.earliest, tenth);
  }
}

export function nextDueAt(dues: Iterable<Due>): number {
  const next = new NextDue();
  for (const due of dues) next.offer(due);
  return next.at;
}
