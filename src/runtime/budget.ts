// The timeout is a hard budget. Every wait of a run is either a sleep or a request, so bounding
// those two bounds everything (rounds, retries, STS exchanges, a server that never answers),
// without a timer of its own that could keep the process alive after the run.

import type { Transport } from '../alibaba/transport.ts';
import { BudgetExceededError } from '../shared/errors.ts';
import type { Clock, Sleep } from '../shared/time.ts';

/** A round that starts at the deadline may still be answered within this much. */
const BUDGET_GRACE_MS = 800;

export interface Budget {
  transport: Transport;
  sleep: Sleep;
  /** Whether the budget ran out (as opposed to a cancellation by the runner). */
  spent(): boolean;
}

export function budgeted(
  inner: { transport: Transport; sleep: Sleep; clock: Clock },
  deadline: number,
  graceMs = BUDGET_GRACE_MS
): Budget {
  const { clock } = inner;
  const end = deadline + graceMs;
  let spent = false;
  const left = (): number => {
    const ms = end - clock();
    if (ms <= 0) {
      spent = true;
      throw new BudgetExceededError(`the timeout (budget) ran out`);
    }
    return ms;
  };
  return {
    transport: {
      send: async (request, timeoutMs) =>
        inner.transport.send(request, Math.min(timeoutMs, left())),
      close: () => inner.transport.close()
    },
    sleep: async (ms) => {
      const room = left();
      await inner.sleep(Math.min(ms, room));
      if (ms >= room) left(); // slept to the end of the budget: stop here
    },
    spent: () => spent
  };
}
