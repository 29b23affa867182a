// What the benchmark runs: the simulated scenarios (with the seeds of each), the progress shapes
// against a fixed 20 s waiter, and the contention runs. --quick runs fewer of everything.

import type { Variant } from './protocol.ts';
import type { ProgressShape } from './timelines.ts';

/** The action's defaults: the figures are for what users get without tuning. */
export const DEFAULTS = {
  pollIntervalMs: 5000,
  maxPollIntervalMs: 30_000,
  timeoutMs: 20 * 60_000,
  maxRequestsPerSecond: 10,
  rttMs: 50
};

export interface SimJob {
  /** Which table the run belongs to. */
  group: 'scenario' | 'shape';
  variant: Variant;
  /** Label in the shapes table: 'progress', or the waiter it stands for. */
  label: string;
  ids: number;
  seed: number;
  shape: ProgressShape;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
}

interface Scenario {
  ids: number;
  runs: number;
  oneByOneRuns: number;
  sdkRuns: number;
}

export function scenarios(quick: boolean): Scenario[] {
  return quick
    ? [
        { ids: 10, runs: 3, oneByOneRuns: 1, sdkRuns: 1 },
        { ids: 100, runs: 3, oneByOneRuns: 1, sdkRuns: 1 },
        { ids: 1000, runs: 2, oneByOneRuns: 1, sdkRuns: 1 }
      ]
    : [
        { ids: 10, runs: 16, oneByOneRuns: 6, sdkRuns: 3 },
        { ids: 100, runs: 12, oneByOneRuns: 3, sdkRuns: 2 },
        { ids: 1000, runs: 6, oneByOneRuns: 1, sdkRuns: 1 },
        { ids: 10_000, runs: 3, oneByOneRuns: 1, sdkRuns: 1 }
      ];
}

/** Progress shapes: 10 IDs that never show progress; 300 IDs of each shape. */
export const SHAPE_CASES: { ids: number; shape: ProgressShape }[] = [
  { ids: 10, shape: 'none' },
  { ids: 300, shape: 'linear' },
  { ids: 300, shape: 'stepwise' },
  { ids: 300, shape: 'none' }
];
/** The fixed waiter the shapes are measured against (same ceiling). */
export const WAITER_MS = 20_000;

export function simJobs(quick: boolean, firstSeed: number): SimJob[] {
  const jobs: SimJob[] = [];
  const base = {
    shape: 'mixed' as const,
    pollIntervalMs: DEFAULTS.pollIntervalMs,
    maxPollIntervalMs: DEFAULTS.maxPollIntervalMs
  };
  for (const s of scenarios(quick)) {
    const add = (variant: Variant, runs: number) => {
      for (let i = 0; i < runs; i++) {
        const job = { group: 'scenario' as const, variant, label: variant, ids: s.ids };
        jobs.push({ ...job, seed: firstSeed + i, ...base });
      }
    };
    add('progress', s.runs);
    add('backoff', s.runs);
    add('one-per-call', s.oneByOneRuns);
    add('sdk', s.sdkRuns);
  }
  for (const c of SHAPE_CASES) {
    const runs = quick ? 3 : c.ids <= 10 ? 20 : 8;
    for (let i = 0; i < runs; i++) {
      const seed = firstSeed + 1000 + i;
      const shape = { group: 'shape' as const, ids: c.ids, seed, shape: c.shape };
      jobs.push({ ...base, ...shape, variant: 'progress', label: 'progress' });
      const waiter = { pollIntervalMs: WAITER_MS, maxPollIntervalMs: WAITER_MS };
      jobs.push({ ...shape, variant: 'fixed', label: 'waiter', ...waiter });
      if (c.ids <= 10) {
        // The reference for "as quick as polling every poll-interval".
        jobs.push({ ...base, ...shape, variant: 'fixed', label: 'every poll-interval' });
      }
    }
  }
  return jobs;
}

/** Copies sharing one account; seeds per count. */
export function contentionPlan(quick: boolean): { copies: number; seeds: number }[] {
  return quick
    ? [{ copies: 5, seeds: 1 }]
    : [
        { copies: 3, seeds: 3 },
        { copies: 5, seeds: 3 },
        { copies: 8, seeds: 3 }
      ];
}

/** Task durations in the contention runs: short, so the account's rate sets the pace. */
export const CONTENTION_TIME_SCALE = 0.05;
