// Cancellation as the runner does it: SIGINT first, SIGTERM about 7.5 s later, then SIGKILL.
// The first signal aborts the wait so outputs and the summary are written for the state reached.

import { CancelledError } from '../shared/errors.ts';
import type { Sleep } from '../shared/time.ts';

/** A sleep that ends at once, with CancelledError, when the signal aborts. */
export function abortableSleep(signal: AbortSignal): Sleep {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new CancelledError('cancelled'));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError('cancelled'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

/** Aborts on the first SIGINT or SIGTERM; a second signal ends the process at once. */
export function abortOnSignals(
  controller: AbortController,
  announce: (message: string) => void,
  exitNow: () => never
): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (controller.signal.aborted) exitNow();
      announce(`Received ${name}: the job was cancelled; stopping and writing the results so far.`);
      controller.abort();
    });
  }
}
