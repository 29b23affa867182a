// Schedules that ignore the answers, for comparison (the benchmark, the property tests) and as a
// fallback: every round asks about every open task.
// - backoff: poll-interval, growing by about half each round, up to max-poll-interval.
// - fixed: poll-interval every time (plain polling; with poll-interval 20 s, a "20 s waiter").

import { pollDelay } from '../backoff.ts';
import type { Random } from '../../shared/time.ts';
import type { Round, RoundEnd, Schedule, ScheduleBounds } from './types.ts';

export function plainSchedule(
  kind: 'backoff' | 'fixed',
  bounds: ScheduleBounds,
  random: Random
): Schedule {
  let rounds = 0;
  const delay = (): number =>
    kind === 'fixed' ? bounds.minMs : pollDelay(rounds - 1, bounds.minMs, bounds.maxMs, random);
  return {
    startRound: (open): Round => ({
      ids: open,
      observe: () => undefined,
      finish: (): RoundEnd => {
        rounds += 1;
        return { delayMs: delay(), forecastAt: undefined };
      }
    })
  };
}
