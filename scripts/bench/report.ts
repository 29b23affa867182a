// Plain-text tables for the benchmark: one per scenario, with the baselines beside this action
// and ratios, so the figures read the same in a terminal and pasted into Markdown.

import type { Variant } from './protocol.ts';
import type { SimRun } from './sim.ts';
import { median, quantile } from './stats.ts';

export const VARIANT_LABELS: Record<Variant, string> = {
  progress: 'progress (default)',
  backoff: 'backoff',
  fixed: 'fixed interval',
  'one-per-call': '(a) 1 ID/call',
  sdk: '(b) official SDK'
};
export const VARIANT_ORDER: readonly Variant[] = ['progress', 'backoff', 'one-per-call', 'sdk'];

export interface VariantSummary {
  runs: number;
  calls: number;
  minCalls: number;
  rounds: number;
  /** Most calls above the schedule's minimum in any run, and that run's rounds. */
  worstExcess: number;
  withinMinPlusRounds: boolean;
  peakPerSecond: number;
  throttled: number;
  detectionMedianMs: number;
  detectionP95Ms: number;
  runMs: number;
  simWallMs: number;
  cpuMs: number;
  cpuPerCallUs: number;
  maxRssBytes: number;
  heapUsedBytes: number;
  bootMs: number;
  logLinesPerRound: number;
}

export function summarize(runs: readonly SimRun[]): VariantSummary {
  const pick = (f: (r: SimRun) => number) => runs.map(f);
  const excess = runs.map((r) => r.calls - r.minCalls);
  return {
    runs: runs.length,
    calls: median(pick((r) => r.calls)),
    minCalls: median(pick((r) => r.minCalls)),
    rounds: median(pick((r) => r.rounds)),
    worstExcess: Math.max(...excess),
    withinMinPlusRounds: runs.every((r) => r.calls <= r.minCalls + r.rounds),
    peakPerSecond: Math.max(...pick((r) => r.peakPerSecond)),
    throttled: pick((r) => r.throttled).reduce((a, b) => a + b, 0),
    detectionMedianMs: median(pick((r) => r.detectionMs)),
    detectionP95Ms: quantile(
      pick((r) => r.detectionMs),
      0.95
    ),
    runMs: median(pick((r) => r.runMs)),
    simWallMs: median(pick((r) => r.simWallMs)),
    cpuMs: median(pick((r) => r.cpuMs)),
    cpuPerCallUs: median(pick((r) => (r.cpuMs * 1000) / Math.max(1, r.calls))),
    maxRssBytes: median(pick((r) => r.maxRssBytes)),
    heapUsedBytes: median(pick((r) => r.heapUsedBytes)),
    bootMs: median(pick((r) => r.bootMs)),
    logLinesPerRound: median(pick((r) => r.logLines / Math.max(1, r.rounds)))
  };
}

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const s1 = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '-');
const mb = (bytes: number, digits = 0) =>
  Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(digits)} MiB` : '-';
const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0
    ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}x`
    : '-';

export function scenarioTable(
  ids: number,
  byVariant: Partial<Record<Variant, VariantSummary>>,
  ceiling: number
): string {
  const variants = VARIANT_ORDER.filter((v) => byVariant[v]);
  const get = (v: Variant) => byVariant[v] as VariantSummary;
  const rows: [string, (s: VariantSummary) => string][] = [
    ['runs (seeds)', (s) => String(s.runs)],
    ['API calls (median)', (s) => n0(s.calls)],
    ['minimum: 1 call per 10 open IDs per round', (s) => n0(s.minCalls)],
    ['rounds (median)', (s) => n0(s.rounds)],
    [
      'calls <= that minimum + 1/round, all runs',
      (s) => (s.withinMinPlusRounds ? 'yes' : `NO (+${s.worstExcess})`)
    ],
    [`peak requests in any 1 s (ceiling ${ceiling})`, (s) => String(s.peakPerSecond)],
    ['429s received (all runs)', (s) => String(s.throttled)],
    ['detection latency, median', (s) => s1(s.detectionMedianMs)],
    ['detection latency, p95', (s) => s1(s.detectionP95Ms)],
    ['wall time of the wait (simulated)', (s) => s1(s.runMs)],
    ['CPU time (client process)', (s) => `${n0(s.cpuMs)} ms`],
    ['CPU per call', (s) => `${n0(s.cpuPerCallUs)} us`],
    ['peak RSS (client process)', (s) => mb(s.maxRssBytes)],
    ['log lines per round', (s) => String(s.logLinesPerRound)]
  ];
  const header = ['', ...variants.map((v) => VARIANT_LABELS[v])];
  const body = rows.map(([label, f]) => [label, ...variants.map((v) => f(get(v)))]);
  const lines = [`${ids.toLocaleString('en-US')} task IDs`, ...grid([header, ...body])];
  const p = byVariant.progress;
  if (p) {
    const parts: string[] = [];
    const a = byVariant['one-per-call'];
    const b = byVariant.backoff;
    const sdk = byVariant.sdk;
    if (a) parts.push(`(a) makes ${ratio(a.calls, p.calls)} the calls`);
    if (b)
      parts.push(
        `backoff makes ${ratio(b.calls, p.calls)} the calls and notices ${ratio(b.detectionMedianMs, p.detectionMedianMs)} later (median)`
      );
    if (sdk)
      parts.push(
        `the SDK uses ${ratio(sdk.cpuPerCallUs, p.cpuPerCallUs)} the CPU per call and ${ratio(sdk.maxRssBytes, p.maxRssBytes)} the memory`
      );
    lines.push(`ratios vs progress: ${parts.join('; ')}`);
  }
  return lines.join('\n');
}

export function grid(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)];
}

export { mb, n0, ratio, s1 };
