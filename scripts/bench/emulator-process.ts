// The emulator in a process of its own, for the real-time end-to-end run: its event loop is not
// shared with anything else the benchmark does, so arrival times (the peak-rate figure) are clean.

import { peakPerSecond, startEmulator } from '../../emulator/server.ts';
import { generateTimelines } from './timelines.ts';

export type EmulatorRequest =
  { type: 'start'; count: number; seed: number; timeScale: number } | { type: 'stats' };

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
}

export type EmulatorReply =
  { type: 'ready'; url: string; ids: string[] } | { type: 'stats'; stats: EmulatorStats };

let lastDoneAt = 0;
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- errors end the child process
process.on('message', async (message: EmulatorRequest) => {
  if (message.type === 'start') {
    const timelines = generateTimelines(message.count, message.seed, {
      start: Date.now(),
      timeScale: message.timeScale,
      failedShare: 0 // so exit code 0 and status=complete show the whole run went through
    });
    lastDoneAt = timelines.lastDoneAt;
    emulator = await startEmulator({ tasks: timelines.tasks });
    reply({ type: 'ready', url: emulator.url, ids: timelines.tasks.map((t) => t.id) });
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
      lastDoneAt
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
