// npm run bench: how fast the gate notices completion, how few calls it makes, how it shares an
// account, and what it costs, next to the ways people wait today. Prints one table per part and a
// targets table (a target missed prints FAILING), and writes every run to .bench/results.json.
// See docs/performance.md for what each figure means.
//
//   node scripts/bench.ts [--quick] [--no-e2e] [--seed N] [--src DIR] [--action FILE]
//
// --src DIR measures another checkout's src/ in the simulations, and --action FILE another
// bundle end to end and at start-up: the "before" figures of docs/performance.md.
//
// Simulations run in virtual time (scripts/bench/virtual-time.ts): the real poller, client and
// transport in a child process, over real loopback sockets, against the emulator, with the clock
// jumping while nothing is in flight, so minutes-long timelines replay in seconds. The end-to-end
// runs, the copies as real processes and the start-up figures are real time: dist/index.js as a
// runner starts it.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { contend } from './bench/contention.ts';
import type { ContentionRun } from './bench/contention.ts';
import { runEndToEnd } from './bench/e2e.ts';
import type { EndToEnd } from './bench/e2e.ts';
import {
  CONTENTION_TIME_SCALE,
  DEFAULTS,
  SHAPE_CASES,
  WAITER_MS,
  contentionPlan,
  scenarios,
  simJobs
} from './bench/plan.ts';
import type { SimJob } from './bench/plan.ts';
import { contendAsProcesses } from './bench/processes.ts';
import type { ProcessContention } from './bench/processes.ts';
import type { Variant } from './bench/protocol.ts';
import { VARIANT_ORDER, grid, mb, n0, s1, scenarioTable, summarize } from './bench/report.ts';
import type { VariantSummary } from './bench/report.ts';
import { lowerPriority } from './bench/fork-child.ts';
import { simulate } from './bench/sim.ts';
import type { SimRun } from './bench/sim.ts';
import { bundleSize, measureStartup } from './bench/startup.ts';
import { median, quantile } from './bench/stats.ts';
import { generateTimelines } from './bench/timelines.ts';
import { BUILD_DIR, transpileForBench } from './bench/transpile.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-e2e': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    src: { type: 'string' },
    action: { type: 'string' }
  }
});
const quick = args.quick === true;
const firstSeed = Number(args.seed);
const ACTION = resolve(args.action ?? join(DIST, 'index.js'));
/** The end-to-end run: 10,000 IDs at 25 calls/s (the memory target), timelines scaled to 5%. */
const E2E = {
  ids: quick ? 1000 : 10_000,
  timeScale: 0.05,
  inputs: {
    'poll-interval': '2s',
    'max-poll-interval': '10s',
    timeout: '10m',
    'max-requests-per-second': '25'
  }
};
/** Copies as real processes: how many, and their sizes (seeded like the simulated ones). */
const PROCESS_COPIES = [620, 350, 910, 240, 780];
const STARTUP_RUNS = quick ? 5 : 15;
/**
 * The schedule before issue 12 (commit 0e9e034), median calls at the defaults on these seeds
 * (`--src` of that commit, docs/performance.md): a large run may not call more.
 */
const CALLS_BEFORE: Record<number, number> = { 1000: 184, 10_000: 1198 };

type Run = SimRun & Pick<SimJob, 'group' | 'label' | 'shape'>;

if (!existsSync(ACTION)) {
  console.error(
    `${ACTION} is missing: run \`npm run bench\` (it builds first) or \`npm run build\`.`
  );
  process.exit(1);
}

const benchStart = performance.now();
const T0 = Math.floor(Date.now() / 1000) * 1000;
log(
  `Benchmark on ${cpus()[0]?.model ?? 'unknown CPU'} x${availableParallelism()}, Node ${process.version}${quick ? ' (quick)' : ''}${args.src ? `, src from ${args.src}` : ''}`
);

const clients = transpileForBench(args.src ? resolve(args.src) : undefined);

// Real-time work that mostly waits (the baseline bundles, the end-to-end run) overlaps the
// simulations, which run at low priority.
const baselineDir = mkdtempSync(join(tmpdir(), 'dcdn-bench-baselines-'));
const baselines = {
  sdk: join(baselineDir, 'sdk'),
  toolkit: join(baselineDir, 'toolkit')
};
const builds = Promise.all([
  bundle(join(BUILD_DIR, 'scripts', 'bench', 'sdk-action.js'), baselines.sdk),
  bundle(join(BUILD_DIR, 'scripts', 'bench', 'toolkit-action.js'), baselines.toolkit)
]);
const e2e: Promise<EndToEnd | undefined> = args['no-e2e']
  ? Promise.resolve(undefined)
  : runEndToEnd(ACTION, E2E.ids, firstSeed, E2E.timeScale, E2E.inputs);

const runs = await runSimulations();
log(`simulations done in ${s1(performance.now() - benchStart)}`);
const endToEnd = await e2e;
if (endToEnd) log(`end-to-end run done in ${s1(endToEnd.wallMs)}`);
const contention = await runContention();
log(`contention runs done`);
// Real time, and alone: copies of the bundle as processes sharing one emulator account.
const processes: ProcessContention | undefined = args['no-e2e']
  ? undefined
  : await contendAsProcesses(ACTION, PROCESS_COPIES, firstSeed, CONTENTION_TIME_SCALE, {});
if (processes) log(`${PROCESS_COPIES.length} processes done in ${s1(processes.wallMs)}`);
await builds;

// Start-up last and alone: it is the figure most sensitive to a busy machine.
const STARTUP = {
  action: 'dist/index.js (this action)',
  toolkit: 'trivial action, same toolkit (floor 2)',
  sdk: 'minimal action on the official SDK',
  bare: 'plain `node -e` request (floor 1)'
};
const startup = await measureStartup(
  [
    { name: STARTUP.action, script: ACTION },
    { name: STARTUP.toolkit, script: join(baselines.toolkit, 'index.js') },
    { name: STARTUP.sdk, script: join(baselines.sdk, 'index.js') },
    { name: STARTUP.bare, script: undefined }
  ],
  STARTUP_RUNS
);
const bundles = {
  'dist/ (this action)': bundleSize(resolve(ACTION, '..')),
  'trivial action, same toolkit': bundleSize(baselines.toolkit),
  'minimal action on the official SDK': bundleSize(baselines.sdk)
};
rmSync(baselineDir, { recursive: true, force: true });

const summaries = new Map<number, Partial<Record<Variant, VariantSummary>>>();
for (const scenario of scenarios(quick)) {
  const byVariant: Partial<Record<Variant, VariantSummary>> = {};
  for (const variant of VARIANT_ORDER) {
    const mine = runs.filter(
      (r) => r.group === 'scenario' && r.ids === scenario.ids && r.variant === variant
    );
    if (mine.length) byVariant[variant] = summarize(mine);
  }
  summaries.set(scenario.ids, byVariant);
}

const targetRows = targets();
printReport();
writeResults();

// ---------------------------------------------------------------------------------------------

async function runSimulations(): Promise<Run[]> {
  const jobs = simJobs(quick, firstSeed);
  // Longest first, two at a time: each run is a client and an emulator taking turns on a core.
  const cost = (j: SimJob) => j.ids * (j.variant === 'one-per-call' ? 8 : 1);
  const queue = [...jobs].sort((a, b) => cost(b) - cost(a));
  const results: Run[] = [];
  let done = 0;
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const timelines = generateTimelines(job.ids, job.seed, { start: T0, shape: job.shape });
      const settings = {
        ...DEFAULTS,
        pollIntervalMs: job.pollIntervalMs,
        maxPollIntervalMs: job.maxPollIntervalMs,
        clientScript: clients.sim
      };
      const run = await simulate(job.variant, timelines, T0, job.seed, settings);
      results.push({ ...run, group: job.group, label: job.label, shape: job.shape });
      done += 1;
      if (done % 40 === 0 || done === jobs.length) log(`  ${done}/${jobs.length} simulated runs`);
    }
  };
  log(`${jobs.length} simulated runs...`);
  await Promise.all([worker(), worker()]);
  return results;
}

async function runContention(): Promise<ContentionRun[]> {
  const results: ContentionRun[] = [];
  const settings = {
    ...DEFAULTS,
    clientScript: clients.contention,
    timeScale: CONTENTION_TIME_SCALE
  };
  const jobs = contentionPlan(quick).flatMap(({ copies, seeds }) =>
    Array.from({ length: seeds }, (_, i) => ({ copies, seed: firstSeed + i }))
  );
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      for (const variant of ['adaptive', 'perfect'] as const) {
        results.push(await contend(variant, job.copies, job.seed, T0, settings));
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** ncc-bundles a type-stripped baseline action into `outDir`. */
function bundle(entry: string, outDir: string): Promise<void> {
  const ncc = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  return new Promise((done, reject) => {
    // ncc applies the tsconfig.json of its working directory: run it outside this repository, so
    // the floors are bundled as any action would be, without this one's undici stand-in.
    const child = spawn(process.execPath, [ncc, 'build', entry, '-o', outDir, '-q'], {
      cwd: dirname(outDir),
      stdio: ['ignore', 'ignore', 'pipe']
    });
    lowerPriority(child.pid);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) =>
      code === 0 ? done() : reject(new Error(`ncc failed for ${entry}: ${stderr}`))
    );
  });
}

// --- figures -----------------------------------------------------------------------------------

interface ShapeFigures {
  runs: number;
  calls: number;
  latencyMs: number;
  latencyP95Ms: number;
  callsPerSecond: number;
}

function shapeFigures(ids: number, shape: string, label: string): ShapeFigures | undefined {
  const mine = runs.filter(
    (r) => r.group === 'shape' && r.ids === ids && r.shape === shape && r.label === label
  );
  if (mine.length === 0) return undefined;
  return {
    runs: mine.length,
    calls: median(mine.map((r) => r.calls)),
    latencyMs: median(mine.map((r) => r.detectionMs)),
    latencyP95Ms: quantile(
      mine.map((r) => r.detectionMs),
      0.95
    ),
    callsPerSecond: median(mine.map((r) => (r.calls * 1000) / Math.max(1, r.runMs)))
  };
}

interface ContentionFigures {
  copies: number;
  runs: number;
  requests: number;
  throttled: number;
  /** Worst seed's share of requests answered 429. */
  worstShare: number;
  allDone: boolean;
  makespanMs: number;
  perfectMs: number;
  /** Worst seed's makespan over perfect sharing's. */
  worstRatio: number;
  peakPerSecond: number;
}

function contentionFigures(): ContentionFigures[] {
  return contentionPlan(quick).map(({ copies }) => {
    const mine = contention.filter((r) => r.copies === copies);
    const ours = mine.filter((r) => r.variant === 'adaptive');
    const perfect = (seed: number) =>
      mine.find((r) => r.variant === 'perfect' && r.seed === seed)?.makespanMs ?? Number.NaN;
    return {
      copies,
      runs: ours.length,
      requests: ours.reduce((n, r) => n + r.requests, 0),
      throttled: ours.reduce((n, r) => n + r.throttled, 0),
      worstShare: Math.max(...ours.map((r) => r.throttled / r.requests)),
      allDone: ours.every((r) => r.allDone),
      makespanMs: median(ours.map((r) => r.makespanMs)),
      perfectMs: median(ours.map((r) => perfect(r.seed))),
      worstRatio: Math.max(...ours.map((r) => r.makespanMs / perfect(r.seed))),
      peakPerSecond: Math.max(...ours.map((r) => r.peakPerSecond))
    };
  });
}

// --- report ------------------------------------------------------------------------------------

function printReport(): void {
  const out: string[] = [''];
  out.push(
    `Polling at the defaults: poll-interval ${DEFAULTS.pollIntervalMs / 1000}s, max-poll-interval ${DEFAULTS.maxPollIntervalMs / 1000}s, max-requests-per-second ${DEFAULTS.maxRequestsPerSecond}, timeout ${DEFAULTS.timeoutMs / 60_000}m;`
  );
  out.push(
    `simulated ${DEFAULTS.rttMs} ms round trip; seeded task timelines (Pending ~4 s, Refreshing ~30-90 s by kind, 30% with irregular progress, 2% Failed).`
  );
  out.push(
    "(a) = one ID per call in turn at the same ceiling, then a poll-interval pause (the nearest existing action, the CLI waiter); (b) = the official SDK client on this action's schedule and ceiling."
  );
  out.push(
    '"minimum" counts one call per 10 IDs still open at each round\'s start, whatever the schedule asked about.'
  );
  for (const scenario of scenarios(quick)) {
    out.push('');
    out.push(
      scenarioTable(scenario.ids, summaries.get(scenario.ids) ?? {}, DEFAULTS.maxRequestsPerSecond)
    );
  }
  out.push(...shapesTable());
  out.push(...contentionTable());
  out.push(...endToEndTable());
  out.push('');
  out.push(`Start-up, process start to first request (median of ${STARTUP_RUNS}; p95)`);
  const startupRows = Object.entries(startup).map(([name, times]) => [
    name,
    `${n0(median(times))} ms`,
    `${n0(quantile(times, 0.95))} ms`
  ]);
  out.push(...grid([['', 'median', 'p95'], ...startupRows]));
  out.push('');
  out.push('Bundle (unminified, as committed)');
  out.push(
    ...grid([
      ['', 'JavaScript', 'all files'],
      ...Object.entries(bundles).map(([name, b]) => [name, mb2(b.jsBytes), mb2(b.totalBytes)])
    ])
  );
  out.push('');
  out.push('Targets');
  out.push(...grid([['target', 'measured', 'met'], ...targetRows]));
  out.push('');
  out.push(
    `Total benchmark time ${s1(performance.now() - benchStart)}; raw figures in .bench/results.json`
  );
  console.log(out.join('\n'));
}

function shapesTable(): string[] {
  const rows: string[][] = [
    ['IDs, progress shape', 'schedule', 'runs', 'calls', 'latency median', 'p95', 'calls/s']
  ];
  for (const c of SHAPE_CASES) {
    for (const label of ['progress', 'waiter', 'every poll-interval']) {
      const f = shapeFigures(c.ids, c.shape, label);
      if (!f) continue;
      const name =
        label === 'waiter'
          ? `fixed ${WAITER_MS / 1000} s waiter`
          : label === 'progress'
            ? 'progress (default)'
            : `fixed ${DEFAULTS.pollIntervalMs / 1000} s (poll-interval)`;
      rows.push([
        `${n0(c.ids)}, ${c.shape}`,
        name,
        String(f.runs),
        n0(f.calls),
        s1(f.latencyMs),
        s1(f.latencyP95Ms),
        f.callsPerSecond.toFixed(2)
      ]);
    }
  }
  return [
    '',
    `Progress shapes against a fixed ${WAITER_MS / 1000} s waiter (same ceiling; latency = last task done to the action knowing it)`,
    ...grid(rows)
  ];
}

function contentionTable(): string[] {
  const rows: string[][] = [
    [
      'copies sharing one account (30 calls/s)',
      'runs',
      'requests',
      'answered 429',
      'worst run',
      'all complete',
      'makespan',
      'perfect sharing',
      'worst ratio',
      'peak arrivals/s'
    ]
  ];
  for (const f of contentionFigures()) {
    rows.push([
      `${f.copies} copies, simulated clients`,
      String(f.runs),
      n0(f.requests),
      `${n0(f.throttled)} (${pct(f.throttled / f.requests)})`,
      pct(f.worstShare),
      f.allDone ? 'yes' : 'NO',
      s1(f.makespanMs),
      s1(f.perfectMs),
      `${f.worstRatio.toFixed(2)}x`,
      String(f.peakPerSecond)
    ]);
  }
  if (processes) {
    const p = processes;
    rows.push([
      `${p.copies.length} copies, real processes of the bundle`,
      '1',
      n0(p.requests),
      `${n0(p.throttled)} (${pct(p.throttled / p.requests)})`,
      pct(p.throttled / p.requests),
      p.allDone ? 'yes' : 'NO',
      s1(p.makespanMs),
      '-',
      '-',
      '-'
    ]);
  }
  return [
    '',
    `Contention: copies at the defaults, 200-1,000 IDs each, started up to 3 s apart (simulated) or at once (processes), task timelines x${CONTENTION_TIME_SCALE}; perfect sharing = the same copies also queueing for one ideal 30/s limiter`,
    ...grid(rows)
  ];
}

function endToEndTable(): string[] {
  const e = endToEnd;
  if (!e) return [];
  const bound = e2eBoundMs(e);
  return [
    '',
    `End to end, real time: ${ACTION === join(DIST, 'index.js') ? 'dist/index.js' : ACTION} with ${n0(e.ids)} IDs at 25 calls/s, poll-interval 2s, max-poll-interval 10s, timelines x${E2E.timeScale}`,
    ...grid([
      ['', 'value'],
      ['exit code / status output', `${e.exitCode} / ${e.status}`],
      [`API calls (one sweep of every ID: ${n0(Math.ceil(e.ids / 10))})`, n0(e.stats.requests)],
      ['largest number of IDs in one call', String(e.stats.maxIdsPerRequest)],
      ['peak requests in any 1 s (ceiling 25)', String(e.stats.peakPerSecond)],
      ['429s received', String(e.stats.throttled)],
      ['rounds logged / lines logged', `${e.roundLines} / ${e.logLines}`],
      ['wall time', s1(e.wallMs)],
      ['IDs not yet seen finished when the last task finished', n0(e.stats.openAtLastDone)],
      ['last task done -> last request', s1(e.stats.lastAt - e.stats.lastDoneAt)],
      ['bound: poll-interval + one sweep of those IDs at 25/s', s1(bound)],
      [
        'peak RSS of the action process',
        e.maxRssBytes === undefined ? 'n/a' : mb(e.maxRssBytes, 1)
      ],
      ['GITHUB_OUTPUT / job summary written', `${kb(e.outputBytes)} / ${kb(e.summaryBytes)}`]
    ])
  ];
}

function e2eBoundMs(e: EndToEnd): number {
  return 2000 + (Math.max(0, Math.ceil(e.stats.openAtLastDone / 10) - 1) * 1050) / 25;
}

// --- targets -----------------------------------------------------------------------------------

function targets(): string[][] {
  const rows: string[][] = [];
  const met = (ok: boolean) => (ok ? 'yes' : 'FAILING');
  const add = (target: string, measured: string, ok: boolean | undefined) =>
    rows.push([target, measured, ok === undefined ? '-' : met(ok)]);
  const ours = runs.filter(
    (r) => r.group === 'scenario' && (r.variant === 'progress' || r.variant === 'backoff')
  );
  const over = ours.filter((r) => r.calls > r.minCalls + r.rounds);
  add(
    'calls <= 1 per 10 open IDs per round + 1 per round (every run, both schedules)',
    over.length ? `${over.length} run(s) over` : `${ours.length} runs within`,
    over.length === 0
  );
  for (const ids of [1000, 10_000]) {
    const p = summaries.get(ids)?.progress;
    const before = CALLS_BEFORE[ids] as number;
    if (p) add(`calls at ${n0(ids)} IDs <= before (${n0(before)})`, n0(p.calls), p.calls <= before);
  }
  const big = runs.filter(
    (r) => r.group === 'scenario' && r.ids >= 10_000 && r.variant === 'progress'
  );
  if (big.length) {
    const worst = Math.max(...big.map((r) => r.detectionMs - r.sweepBoundMs));
    add(
      '10,000 IDs: last done -> exit <= poll-interval + one sweep of the IDs not yet seen done (simulated)',
      `worst ${worst <= 0 ? 'within' : 'over'} by ${s1(Math.abs(worst))}`,
      worst <= 0
    );
  }
  if (endToEnd && endToEnd.ids >= 10_000) {
    const slack = e2eBoundMs(endToEnd) - (endToEnd.stats.lastAt - endToEnd.stats.lastDoneAt);
    add(
      '10,000 IDs end to end: same bound',
      `${s1(endToEnd.stats.lastAt - endToEnd.stats.lastDoneAt)} (bound ${s1(e2eBoundMs(endToEnd))})`,
      slack >= 0
    );
  }
  const none10 = shapeFigures(10, 'none', 'progress');
  if (none10) {
    add(
      '10 IDs, no progress: last done -> exit < 3 s median, <= 1 call/s',
      `${s1(none10.latencyMs)}, ${none10.callsPerSecond.toFixed(2)} calls/s`,
      none10.latencyMs < 3000 && none10.callsPerSecond <= 1
    );
  }
  for (const shape of ['linear'] as const) {
    const p = shapeFigures(300, shape, 'progress');
    const w = shapeFigures(300, shape, 'waiter');
    if (p && w) {
      add(
        `300 IDs, ${shape}: latency (median, p95) <= ${WAITER_MS / 1000} s waiter's, calls <= its`,
        `${s1(p.latencyMs)} / ${s1(p.latencyP95Ms)} vs ${s1(w.latencyMs)} / ${s1(w.latencyP95Ms)}; ${n0(p.calls)} vs ${n0(w.calls)} calls`,
        p.latencyMs <= w.latencyMs && p.latencyP95Ms <= w.latencyP95Ms && p.calls <= w.calls
      );
    }
  }
  for (const f of contentionFigures()) {
    const limit = f.copies >= 8 ? 0.1 : 0.05;
    add(
      `${f.copies} copies on one account: <= ${pct(limit)} answered 429 (worst run), all complete`,
      `${pct(f.worstShare)}, ${f.allDone ? 'all complete' : 'NOT all complete'}`,
      f.worstShare <= limit && f.allDone
    );
    if (f.copies === 5) {
      add(
        '5 copies: makespan within 1.25x of perfect sharing (worst run)',
        `${f.worstRatio.toFixed(2)}x`,
        f.worstRatio <= 1.25
      );
    }
  }
  if (processes) {
    const share = processes.throttled / processes.requests;
    add(
      `${processes.copies.length} copies as real processes: <= 5% answered 429, all complete`,
      `${pct(share)}, ${processes.allDone ? 'all complete' : 'NOT all complete'}`,
      share <= 0.05 && processes.allDone
    );
  }
  const simulated = runs.filter((r) => r.group === 'scenario' && r.variant !== 'one-per-call');
  const peak = Math.max(...simulated.map((r) => r.peakPerSecond));
  add(
    `peak requests/s <= max-requests-per-second (${DEFAULTS.maxRequestsPerSecond}; simulated)`,
    String(peak),
    peak <= DEFAULTS.maxRequestsPerSecond
  );
  if (endToEnd) {
    add(
      'peak requests/s <= 25 end to end',
      String(endToEnd.stats.peakPerSecond),
      endToEnd.stats.peakPerSecond <= 25
    );
  }
  const throttled = big.reduce((n, r) => n + r.throttled, 0);
  add(
    'zero 429s at the defaults with 10,000 IDs (simulated)',
    String(throttled),
    big.length ? throttled === 0 : undefined
  );
  const rss = endToEnd?.maxRssBytes;
  add(
    `peak RSS < 100 MiB with ${n0(endToEnd?.ids ?? 10_000)} IDs at 25 calls/s (dist/index.js)`,
    // One decimal: whole MiB would print 99.93 as "100 MiB", met.
    rss === undefined ? 'n/a' : mb(rss, 1),
    rss === undefined ? undefined : rss < 100 * 2 ** 20
  );
  const start = median(startup[STARTUP.action] ?? []);
  const toolkit = median(startup[STARTUP.toolkit] ?? []);
  add(
    'start-up within 1.1x of the trivial toolkit action',
    `${n0(start)} ms vs ${n0(toolkit)} ms (${(start / toolkit).toFixed(2)}x)`,
    start <= 1.1 * toolkit
  );
  const js = bundles['dist/ (this action)'].jsBytes;
  add('JavaScript in dist/ < 1.5 MB unminified', mb2(js), js < 1.5 * 10 ** 6);
  return rows;
}

function writeResults(): void {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const file = join(ROOT, '.bench', 'results.json');
  const results = {
    createdAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
    quick,
    src: args.src ?? 'src',
    action: ACTION,
    settings: DEFAULTS,
    summaries: Object.fromEntries(summaries),
    shapes: SHAPE_CASES.map((c) => ({
      ...c,
      progress: shapeFigures(c.ids, c.shape, 'progress'),
      waiter: shapeFigures(c.ids, c.shape, 'waiter'),
      everyPollInterval: shapeFigures(c.ids, c.shape, 'every poll-interval')
    })),
    contention: { runs: contention, figures: contentionFigures(), processes },
    runs,
    startupMs: startup,
    bundles,
    endToEnd,
    targets: targetRows,
    benchMs: performance.now() - benchStart
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

function pct(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-';
}

function mb2(bytes: number): string {
  return `${(bytes / 10 ** 6).toFixed(2)} MB`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function log(line: string): void {
  console.error(`[bench ${s1(performance.now() - benchStart)}] ${line}`);
}
