// The `results` output within GitHub's limit of 1 MB per output. Large runs first drop the
// fields of Complete tasks (keeping TaskId and Status), then cut the list, saying so; the full
// results always go to a file (output `results-file`).

import type { TaskResult } from '../wait/task.ts';
import type { VerdictStatus } from '../wait/verdict.ts';

/** Every output the action sets; a test holds action.yml to this list. */
export const OUTPUT_NAMES = [
  'status',
  'submitted-task-ids',
  'results',
  'complete-task-ids',
  'failed-task-ids',
  'pending-task-ids',
  'results-file',
  'comment-id'
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** The `status` output: the verdict on the tasks, or `submitted` when the step did not wait. */
export type StatusOutput = VerdictStatus | 'submitted';

/** Under GitHub's 1 MB per output, with room for the other outputs' share of the file. */
const RESULTS_OUTPUT_BUDGET = 900 * 1024;

export interface ResultsOutput {
  value: string;
  /** Set when the output is not the full results: a line for the log saying what was left out. */
  note: string | undefined;
}

export function resultsOutput(
  results: readonly TaskResult[],
  budget = RESULTS_OUTPUT_BUDGET
): ResultsOutput {
  // Build the full JSON only when it may fit: at 10,000 tasks it is megabytes of garbage.
  if (resultsJsonFloorBytes(results) <= budget) {
    const full = JSON.stringify(results);
    if (Buffer.byteLength(full) <= budget) return { value: full, note: undefined };
  }
  const compact = results.map((r) =>
    r.Status === 'Complete' ? { TaskId: r.TaskId, Status: r.Status } : r
  );
  const compactJson = JSON.stringify(compact);
  if (Buffer.byteLength(compactJson) <= budget) {
    return {
      value: compactJson,
      note: `The results output lists Complete tasks with TaskId and Status only, to stay under GitHub's 1 MB output limit; the file named by the results-file output has every field of every task.`
    };
  }
  // Keep input order and cut at the budget.
  const kept: string[] = [];
  let size = 2;
  for (const entry of compact) {
    const json = JSON.stringify(entry);
    const bytes = Buffer.byteLength(json) + 1;
    if (size + bytes > budget) break;
    kept.push(json);
    size += bytes;
  }
  return {
    value: `[${kept.join(',')}]`,
    note: `The results output holds the first ${kept.length} of ${results.length} tasks, to stay under GitHub's 1 MB output limit; the file named by the results-file output has them all.`
  };
}

/**
 * A floor on the size of the results as JSON, counted without building it: the field values
 * plus the keys and punctuation every entry has ({"TaskId":"",...,"Description":""} and a comma).
 */
export function resultsJsonFloorBytes(results: readonly TaskResult[]): number {
  const FIXED_PER_ENTRY = 106;
  let bytes = 0;
  for (const r of results) {
    bytes += FIXED_PER_ENTRY + r.TaskId.length + r.Status.length + r.Process.length;
    bytes +=
      r.ObjectType.length + r.ObjectPath.length + r.CreationTime.length + r.Description.length;
  }
  return bytes;
}

/** The full results as a JSON array, one task per line, without one big string in memory. */
export function* resultsJsonLines(results: readonly TaskResult[]): Generator<string> {
  yield '[';
  for (const [i, result] of results.entries()) {
    yield JSON.stringify(result) + (i < results.length - 1 ? ',' : '');
  }
  yield ']';
}
