// Which timeline a submitted path gets: the first matching rule, then the `submitted` hook on top.
import type { SubmittedPath, TaskRule, TaskTimeline } from './types.ts';

const TIMELINE_KEYS = [
  'pendingMs',
  'refreshMs',
  'outcome',
  'description',
  'steps',
  'appearsAfterMs'
] as const satisfies readonly (keyof TaskTimeline)[];

/** Only the timeline fields that are set (a rule also carries match/kind/product). */
function timelineOf(source: TaskTimeline): TaskTimeline {
  const out: Record<string, unknown> = {};
  for (const key of TIMELINE_KEYS) if (source[key] !== undefined) out[key] = source[key];
  return out as TaskTimeline;
}

function ruleMatches(rule: TaskRule, p: SubmittedPath): boolean {
  if (rule.product !== undefined && rule.product !== p.product) return false;
  if (rule.kind !== undefined) {
    const kinds: readonly string[] = typeof rule.kind === 'string' ? [rule.kind] : rule.kind;
    if (!kinds.includes(p.kind)) return false;
  }
  if (rule.match === undefined) return true;
  // search() ignores lastIndex, so a /g or /y RegExp answers the same every time.
  return typeof rule.match === 'string'
    ? p.path.includes(rule.match)
    : p.path.search(rule.match) >= 0;
}

export function timelineFor(
  p: SubmittedPath,
  rules: readonly TaskRule[] = [],
  hook?: (p: SubmittedPath) => TaskTimeline | undefined
): TaskTimeline {
  const rule = rules.find((r) => ruleMatches(r, p));
  const extra = hook?.(p);
  return { ...(rule ? timelineOf(rule) : {}), ...(extra ? timelineOf(extra) : {}) };
}
