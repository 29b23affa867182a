// A fake clock whose sleep advances time at once: poller tests run without real waiting.
import type { Clock, Sleep } from '../../src/shared/time.ts';

export interface FakeTime {
  clock: Clock;
  sleep: Sleep;
  sleeps: number[];
}

export function fakeTime(start = 1_000_000): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps
  };
}
