// Parent side of a contention run: N copies of the action sharing one emulator account (30 calls
// per second, as the real one), each with 200 to 1,000 IDs, started up to 3 s apart. The figures
// come from the emulator: requests, 429s, and when each copy ended. The same copies sharing one
// ideal 30/s queue give the makespan of perfect sharing.

import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  peakPerSecond,
  startEmulator
} from '../../emulator/server.ts';
import type { ContentionConfig, ContentionResult, PollSettings } from './protocol.ts';
import { forkChild } from './fork-child.ts';
import { generateTimelines, seededRandom } from './timelines.ts';
import type { TaskScript } from '../../emulator/types.ts';

export interface ContentionSettings extends PollSettings {
  /** The contention client to run: contention-client.ts or its type-stripped copy. */
  clientScript: string;
  /** Task durations are scaled by this, so the account's rate, not the tasks, sets the pace. */
  timeScale: number;
}

export interface ContentionRun {
  variant: ContentionConfig['variant'];
  copies: number;
  seed: number;
  ids: number[];
  requests: number;
  throttled: number;
  /** Every copy ended done. */
  allDone: boolean;
  /** First start to last end, ms (virtual). */
  makespanMs: number;
  peakPerSecond: number;
}

export async function contend(
  variant: ContentionConfig['variant'],
  copies: number,
  seed: number,
  start: number,
  settings: ContentionSettings
): Promise<ContentionRun> {
  const random = seededRandom(seed * 7919 + copies);
  const tasks: TaskScript[] = [];
  const plan: ContentionConfig['copies'] = [];
  for (let i = 0; i < copies; i++) {
    const count = 200 + Math.floor(random() * 801);
    const startMs = Math.round(random() * 3000);
    const set = generateTimelines(count, seed * 100 + i, {
      start: start + startMs,
      timeScale: settings.timeScale,
      firstId: 700_000_000 + i * 100_000,
      failedShare: 0
    });
    tasks.push(...set.tasks);
    plan.push({ ids: set.tasks.map((t) => t.id), startMs });
  }
  let now = start;
  const emulator = await startEmulator({ tasks, now: () => now, wallClock: () => now });
  try {
    const config: ContentionConfig = {
      variant,
      copies: plan,
      endpoint: emulator.url,
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
      start,
      seed,
      pollIntervalMs: settings.pollIntervalMs,
      maxPollIntervalMs: settings.maxPollIntervalMs,
      timeoutMs: settings.timeoutMs,
      maxRequestsPerSecond: settings.maxRequestsPerSecond,
      accountLimitPerSecond: DEFAULT_RATE_LIMIT_PER_SECOND,
      rttMs: settings.rttMs
    };
    const result = await forkChild<ContentionResult>(
      settings.clientScript,
      { type: 'start-contention', config },
      'contention',
      (t) => {
        now = t;
      }
    );
    const first = Math.min(...result.copies.map((c) => c.startAt));
    return {
      variant,
      copies,
      seed,
      ids: plan.map((p) => p.ids.length),
      requests: emulator.requests.length,
      throttled: emulator.requests.filter((r) => r.status === 429).length,
      allDone: result.copies.every((c) => c.end === 'done'),
      makespanMs: Math.max(...result.copies.map((c) => c.endAt)) - first,
      peakPerSecond: peakPerSecond(emulator.requests.map((r) => r.at))
    };
  } finally {
    await emulator.close();
  }
}
