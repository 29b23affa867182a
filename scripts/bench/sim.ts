// Parent side of one simulated run: an emulator whose clock follows the child's virtual clock,
// the child process that polls it, and the figures read from outside the client: requests as the
// emulator received them, 429s, peak rate, and how late the end was noticed.

import { performance } from 'node:perf_hooks';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  peakPerSecond,
  startEmulator
} from '../../emulator/server.ts';
import type { PollSettings, SimConfig, SimResult, Variant } from './protocol.ts';
import type { TimelineSet } from './timelines.ts';
import { forkChild } from './fork-child.ts';

/** Figures the client process measures about itself, passed through as they came. */
type ClientFigures = Pick<
  SimResult,
  'cpuMs' | 'bootMs' | 'bootCpuMs' | 'maxRssBytes' | 'heapUsedBytes' | 'logLines'
>;

export interface SimRun extends ClientFigures {
  variant: Variant;
  ids: number;
  seed: number;
  end: string;
  /** HTTP requests the emulator received (retries and 429s included). */
  calls: number;
  /** Sum over rounds of ceil(IDs open at the round's start / 10): one call per 10 open IDs. */
  minCalls: number;
  /** Sum over rounds of ceil(IDs asked / 10): how well the asked IDs were packed. */
  packedCalls: number;
  /** IDs no answer had shown finished when the last task finished. */
  openAtLastDone: number;
  /** poll-interval plus one sweep of those IDs at the ceiling: the latency plain polling allows. */
  sweepBoundMs: number;
  pollIntervalMs: number;
  rounds: number;
  peakPerSecond: number;
  throttled: number;
  /** Last task's completion to the poller knowing every task's end, ms (virtual). */
  detectionMs: number;
  /** How long the action would run, ms (virtual). */
  runMs: number;
  /** Real time the simulation took, ms. */
  simWallMs: number;
}

export interface SimSettings extends PollSettings {
  /** The client script to run: sim-client.ts itself, or its type-stripped copy (transpile.ts). */
  clientScript: string;
}

export async function simulate(
  variant: Variant,
  timelines: TimelineSet,
  start: number,
  seed: number,
  settings: SimSettings
): Promise<SimRun> {
  let now = start;
  const emulator = await startEmulator({
    tasks: timelines.tasks,
    now: () => now,
    // The official SDK signs with the real clock; this action's client with the virtual one.
    ...(variant === 'sdk' ? {} : { wallClock: () => now })
  });
  const wallStart = performance.now();
  try {
    const { clientScript, ...rest } = settings;
    const config: SimConfig = {
      variant,
      ids: timelines.tasks.map((t) => t.id),
      endpoint: emulator.url,
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
      start,
      seed,
      ...rest
    };
    const result = await forkChild<SimResult>(
      clientScript,
      { type: 'start', config },
      config.variant,
      (t) => {
        now = t;
      }
    );
    const at = emulator.requests.map((r) => r.at);
    const open = openAt(emulator.requests, timelines, timelines.lastDoneAt);
    return {
      variant,
      ids: config.ids.length,
      seed,
      end: result.end,
      calls: emulator.requests.length,
      minCalls: result.rounds.reduce((n, r) => n + Math.ceil(r.open / 10), 0),
      packedCalls: result.rounds.reduce((n, r) => n + Math.ceil(r.ids / 10), 0),
      openAtLastDone: open,
      sweepBoundMs:
        settings.pollIntervalMs +
        (Math.max(0, Math.ceil(open / 10) - 1) * 1050) / settings.maxRequestsPerSecond,
      pollIntervalMs: settings.pollIntervalMs,
      rounds: result.rounds.length,
      peakPerSecond: peakPerSecond(at),
      throttled: emulator.requests.filter((r) => r.status === 429).length,
      detectionMs: result.end === 'done' ? result.endAt - timelines.lastDoneAt : Number.NaN,
      runMs: result.endAt - result.startAt,
      simWallMs: performance.now() - wallStart,
      cpuMs: result.cpuMs,
      bootMs: result.bootMs,
      bootCpuMs: result.bootCpuMs,
      maxRssBytes: result.maxRssBytes,
      heapUsedBytes: result.heapUsedBytes,
      logLines: result.logLines
    };
  } finally {
    await emulator.close();
  }
}

/**
 * Simulations only need CPU time, not timely CPU: let the real-time end-to-end run, which overlaps
 * them, go first, so its request spacing (the peak-rate figure) is not disturbed by them.
 */

/**
 * How many IDs no answer had yet shown finished at `at`: an ID counts as seen finished from the
 * first answered request that listed it at or after its finish.
 */
export function openAt(
  requests: readonly { at: number; ids: readonly string[]; status: number }[],
  timelines: TimelineSet,
  at: number
): number {
  const doneAt = new Map(timelines.tasks.map((t, i) => [t.id, timelines.doneAt[i] as number]));
  const seen = new Set<string>();
  for (const r of requests) {
    if (r.at > at || r.status !== 200) continue;
    for (const id of r.ids) if ((doneAt.get(id) ?? Infinity) <= r.at) seen.add(id);
  }
  return timelines.tasks.length - seen.size;
}
