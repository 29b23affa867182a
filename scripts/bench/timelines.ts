// Seeded task timelines for the benchmark: what a batch of refresh/prefetch tasks might look like
// right after a deploy submitted them. Illustrative shapes, not measurements of DCDN itself.

import type { TaskScript, TaskStep } from '../../emulator/types.ts';

/** mulberry32: a small, fast, seedable PRNG, so every run can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormal(random: () => number, median: number, sigma: number): number {
  const u = random() || Number.MIN_VALUE;
  const v = random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface TimelineSet {
  tasks: TaskScript[];
  /** Emulator-clock time at which each task becomes Complete or Failed. */
  doneAt: number[];
  /** The last of them: the moment the gate could open at the earliest. */
  lastDoneAt: number;
}

/** Kinds of task: share, median refresh time. Directories and prefetches take longer. */
const KINDS = [
  { type: 'file', share: 0.6, medianMs: 30_000 },
  { type: 'directory', share: 0.2, medianMs: 60_000 },
  { type: 'preload', share: 0.2, medianMs: 90_000 }
] as const;

/**
 * How Process moves while a task refreshes. mixed: linear, with irregularShare of the tasks in
 * uneven jumps; linear: every task rises steadily; stepwise: in 2 to 10 equal steps; none: 0%
 * until it is done (DCDN may well report progress this way).
 */
export type ProgressShape = 'mixed' | 'linear' | 'stepwise' | 'none';

export interface TimelineOptions {
  /** Default mixed. */
  shape?: ProgressShape;
  /** Emulator-clock time the poller starts at; tasks were created up to 2 s before it. */
  start: number;
  /** Share of tasks whose Process moves in irregular, non-linear steps (default 0.3). */
  irregularShare?: number;
  /** Share of tasks that end Failed (default 0.02). */
  failedShare?: number;
  /** Multiplies every duration (the real-time end-to-end run uses a small factor). */
  timeScale?: number;
  /** The first task ID (default 700000000): copies sharing one emulator need distinct IDs. */
  firstId?: number;
}

/**
 * `count` tasks: created just before `start`, Pending for a while (median 4 s), then Refreshing
 * (median 30-90 s by kind, log-normal). Most show Process rising linearly (the emulator's own
 * timeline); `irregularShare` of them move in 3-6 uneven jumps that speed up or slow down, which
 * is what a forecast from progress has to survive.
 */
export function generateTimelines(
  count: number,
  seed: number,
  options: TimelineOptions
): TimelineSet {
  const random = seededRandom(seed);
  const scale = options.timeScale ?? 1;
  const irregular = options.irregularShare ?? 0.3;
  const failed = options.failedShare ?? 0.02;
  const shape = options.shape ?? 'mixed';
  const tasks: TaskScript[] = [];
  const doneAt: number[] = [];
  for (let i = 0; i < count; i++) {
    let pick = random();
    const kind = KINDS.find((k) => (pick -= k.share) < 0) ?? KINDS[0];
    const createdAt = options.start - Math.round(random() * 2000 * scale);
    const pendingMs = Math.round(clamp(logNormal(random, 4000, 0.8), 300, 60_000) * scale);
    const refreshMs = Math.round(
      clamp(logNormal(random, kind.medianMs, 0.7), 3000, 15 * 60_000) * scale
    );
    const outcome = random() < failed ? 'Failed' : 'Complete';
    const task: TaskScript = {
      id: String((options.firstId ?? 700_000_000) + i),
      path: `https://www.example.com/${kind.type === 'directory' ? `dir${i}/` : `asset${i}.js`}`,
      type: kind.type,
      createdAt,
      pendingMs,
      refreshMs,
      outcome,
      description: 'Origin Timeout'
    };
    if (random() < irregular) task.steps = irregularSteps(random, pendingMs, refreshMs, outcome);
    if (shape === 'linear') delete task.steps;
    if (shape === 'stepwise') task.steps = equalSteps(2 + Math.floor(random() * 9), task);
    if (shape === 'none') task.steps = equalSteps(1, task);
    tasks.push(task);
    doneAt.push(createdAt + pendingMs + refreshMs);
  }
  return { tasks, doneAt, lastDoneAt: Math.max(...doneAt) };
}

function irregularSteps(
  random: () => number,
  pendingMs: number,
  refreshMs: number,
  outcome: 'Complete' | 'Failed'
): TaskStep[] {
  // Progress f^gamma: gamma < 1 decelerates (quick start, long tail), gamma > 1 accelerates.
  const gamma = 0.5 + random() * 1.5;
  const jumps = 3 + Math.floor(random() * 4);
  const cuts = Array.from({ length: jumps }, () => random()).sort((a, b) => a - b);
  const steps: TaskStep[] = [{ atMs: 0, Status: 'Pending', Process: '0%' }];
  steps.push({ atMs: pendingMs, Status: 'Refreshing', Process: '0%' });
  for (const f of cuts) {
    const pct = Math.min(99, Math.floor(100 * f ** gamma));
    steps.push({
      atMs: pendingMs + Math.round(f * refreshMs),
      Status: 'Refreshing',
      Process: `${pct}%`
    });
  }
  steps.push(
    outcome === 'Failed'
      ? {
          atMs: pendingMs + refreshMs,
          Status: 'Failed',
          Process: '0%',
          Description: 'Origin Timeout'
        }
      : { atMs: pendingMs + refreshMs, Status: 'Complete', Process: '100%' }
  );
  return steps;
}

/** Pending, then Refreshing in `count` equal steps of progress at equal intervals, then done. */
function equalSteps(count: number, task: TaskScript): TaskStep[] {
  const pendingMs = task.pendingMs ?? 0;
  const refreshMs = task.refreshMs ?? 0;
  const steps: TaskStep[] = [{ atMs: 0, Status: 'Pending', Process: '0%' }];
  for (let i = 0; i < count; i++) {
    steps.push({
      atMs: pendingMs + Math.round((i / count) * refreshMs),
      Status: 'Refreshing',
      Process: `${Math.floor((100 * i) / count)}%`
    });
  }
  const end = pendingMs + refreshMs;
  steps.push(
    task.outcome === 'Failed'
      ? { atMs: end, Status: 'Failed', Process: '0%', Description: 'Origin Timeout' }
      : { atMs: end, Status: 'Complete', Process: '100%' }
  );
  return steps;
}
