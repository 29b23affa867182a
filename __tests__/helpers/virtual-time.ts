// Virtual time for whole-action tests over real sockets: sleeps end at once, in wake-up order,
// and move a shared clock forward, so a 20-minute storm of 429s runs in milliseconds. The
// emulator takes the same clock, so task timelines and its rate limit follow virtual time too.
import type { Clock, Sleep } from '../../src/shared/time.ts';

export interface VirtualTime {
  clock: Clock;
  sleep: Sleep;
  /** Total virtual time that has passed. */
  elapsed(): number;
}

export function virtualTime(start = Date.now()): VirtualTime {
  let now = start;
  let sequence = 0;
  const sleepers: { wake: number; order: number; resolve: () => void }[] = [];
  const pump = (): void => {
    sleepers.sort((a, b) => a.wake - b.wake || a.order - b.order);
    const next = sleepers.shift();
    if (!next) return;
    now = Math.max(now, next.wake);
    next.resolve();
  };
  return {
    clock: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.push({ wake: now + Math.max(0, ms), order: sequence++, resolve });
        // Let pending socket events run first; then wake the earliest sleeper.
        setImmediate(pump);
      }),
    elapsed: () => now - start
  };
}
