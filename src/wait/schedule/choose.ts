// Which open tasks a round asks about, at most `capacity`: the ones to learn from, the gate's
// holders together when one of them is due, the tasks swept (asked about longest ago first,
// never-asked first of all), and forecast-done ones in full calls of ten. Spare room in the last
// call goes to the tasks likely done soonest: it costs nothing.

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

/** The IDs for a round at `now`; tasks due within `windowMs` of it share the round. */
export function chooseIds(
  candidates: readonly Candidate[],
  now: number,
  windowMs: number,
  capacity: number
): Set<string> {
  const horizon = now + windowMs;
  // Learning and checking come first, even in a sweep: they can move the gate and end it.
  const swept = (c: Candidate) =>
    c.due.by <= horizon || (c.due.reason === 'sweep' && c.due.at <= horizon);
  const due = (c: Candidate, reason: Due['reason'], by = horizon) =>
    c.due.reason === reason && c.due.at <= by;
  const holders = candidates.filter((c) => c.due.reason === 'check');
  const checking = holders.some((c) => c.due.at <= horizon);
  const ripe = candidates
    .filter((c) => !swept(c) && due(c, 'ripe', now))
    .sort((a, b) => a.doneAt - b.doneAt);
  const order = [
    ...candidates.filter((c) => due(c, 'learn')),
    ...(checking ? holders : []),
    ...candidates.filter(swept).sort((a, b) => a.readAt - b.readAt),
    ...ripe.slice(0, ripe.length - (ripe.length % IDS_PER_CALL))
  ];
  const chosen = new Set<string>();
  for (const c of order) {
    if (chosen.size >= capacity) break;
    chosen.add(c.id);
  }
  const room =
    chosen.size === 0 ? IDS_PER_CALL : (IDS_PER_CALL - (chosen.size % IDS_PER_CALL)) % IDS_PER_CALL;
  if (room > 0) for (const id of riders(candidates, chosen, room)) chosen.add(id);
  return chosen;
}

/** The `count` tasks likely done soonest among those not chosen, in one pass (no full sort). */
function riders(candidates: readonly Candidate[], chosen: Set<string>, count: number): string[] {
  const best: Candidate[] = [];
  for (const c of candidates) {
    if (chosen.has(c.id)) continue;
    if (best.length === count && c.doneAt >= (best.at(-1)?.doneAt ?? Infinity)) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1]?.doneAt ?? -Infinity) > c.doneAt) i--;
    best.splice(i, 0, c);
    if (best.length > count) best.pop();
  }
  return best.map((c) => c.id);
}

/**
 * When the next round is due: the first learn, check or sweep time, or the moment the tenth
 * forecast-done task ripens (a full call).
 */
export function nextDueAt(candidates: readonly Candidate[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  const ripening: number[] = [];
  for (const { due } of candidates) {
    earliest = Math.min(earliest, due.by, due.reason === 'ripe' ? due.by : due.at);
    if (due.reason === 'ripe') ripening.push(due.at);
  }
  if (ripening.length >= IDS_PER_CALL) {
    ripening.sort((a, b) => a - b);
    earliest = Math.min(earliest, ripening[IDS_PER_CALL - 1] as number);
  }
  return earliest;
}
