// The emulator in a process of its own, for the real-time end-to-end run: its event loop is not
// shared with anything else the benchmark does, so arrival times (the peak-rate figure) are clean.

import { peakPerSecond, startEmulator } from '../../emulator/server.ts';
import { openAt } from './sim.ts';
import { generateTimelines } from './timelines.ts';
import type { TimelineSet } from './timelines.ts';

/** `count` tasks, or one set per entry of `copies` (copies of the action sharing the account). */
export type EmulatorRequest =
  | { type: 'start'; count: number; seed: number; timeScale: number; copies?: number[] }
  | { type: 'stats' };

export interface EmulatorStats {
  requests: number;
  throttled: number;
  peakPerSecond: number;
  /** Arrival times (ms after the first request) of the busiest 1 s window. */
  busiestWindow: number[];
  /** Largest number of IDs in one request. */
  maxIdsPerRequest: number;
  firstAt: number;
  lastAt: number;
  lastDoneAt: number;
  /** IDs no answer had shown finished when the last task finished. */
  openAtLastDone: number;
}

export type EmulatorReply =
  | { type: 'ready'; url: string; ids: string[]; copies: string[][] }
  | { type: 'stats'; stats: EmulatorStats };

let all: TimelineSet = { tasks: [], doneAt: [], lastDoneAt: 0 };
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- errors end the child process
process.on('message', async (message: EmulatorRequest) => {
  if (message.type === 'start') {
    const sets = (message.copies ?? [message.count]).map((count, i) =>
      generateTimelines(count, message.seed + i, {
        start: Date.now(),
        timeScale: message.timeScale,
        firstId: 700_000_000 + i * 100_000,
        failedShare: 0 // so exit code 0 and status=complete show the whole run went through
      })
    );
    all = {
      tasks: sets.flatMap((set) => set.tasks),
      doneAt: sets.flatMap((set) => set.doneAt),
      lastDoneAt: Math.max(...sets.map((set) => set.lastDoneAt))
    };
    emulator = await startEmulator({ tasks: all.tasks });
    const copies = sets.map((set) => set.tasks.map((t) => t.id));
    reply({ type: 'ready', url: emulator.url, ids: copies.flat(), copies });
    return;
  }
  const requests = emulator?.requests ?? [];
  reply({
    type: 'stats',
    stats: {
      requests: requests.length,
      throttled: requests.filter((r) => r.status === 429).length,
      peakPerSecond: peakPerSecond(requests.map((r) => r.wallAt)),
      busiestWindow: busiestWindow(requests.map((r) => r.wallAt)),
      maxIdsPerRequest: Math.max(0, ...requests.map((r) => r.ids.length)),
      firstAt: requests[0]?.wallAt ?? Number.NaN,
      lastAt: requests.at(-1)?.wallAt ?? Number.NaN,
      lastDoneAt: all.lastDoneAt,
      // The emulator's own clock is the wall clock here, like the timelines'.
      openAtLastDone: openAt(
        requests.map((r) => ({ at: r.wallAt, ids: r.ids, status: r.status })),
        all,
        all.lastDoneAt
      )
    }
  });
  await emulator?.close();
  process.disconnect?.();
});

function reply(message: EmulatorReply): void {
  process.send?.(message);
}

function busiestWindow(times: readonly number[]): number[] {
  let best: number[] = [];
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    if (end - start + 1 > best.length) best = times.slice(start, end + 1);
  }
  const first = times[0] ?? 0;
  return best.map((t) => t - first);
}
