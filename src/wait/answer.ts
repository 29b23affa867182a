// Applies one answer to the states of the IDs it was asked about. One ID may cover several paths
// (the API lists the same TaskId once per ObjectPath), so every row counts: an ID is terminal when
// all its rows are, and failed when any row failed.

import { percent } from './percent.ts';
import { canonicalStatus, statusKind } from './status.ts';
import { NOT_FOUND } from './task.ts';
import type { Task, TaskState } from './task.ts';

/** Consecutive answers an ID may be missing from before it counts as NotFound. */
export const MISSING_LIMIT = 3;

/**
 * Updates each state of the batch from the answer's rows. `observe` hears each listed ID once, with
 * its summary row, Status in the API's spelling (so exact-name readers such as the schedule see
 * "FAILED" as Failed); `noteStatus` hears every row's raw Status.
 */
export function applyAnswer(
  batch: readonly TaskState[],
  tasks: readonly Task[],
  observe: (id: string, task: Task) => void,
  noteStatus: (status: string) => void = () => undefined
): void {
  for (const task of tasks) noteStatus(task.Status);
  const byId = rowsById(tasks);
  for (const state of batch) {
    const rows = byId.get(state.id);
    if (rows) {
      state.rows = mergeRows(state.rows, rows);
      const summary = summaryRow(state.rows);
      state.task = summary;
      state.missingCount = 0;
      state.terminal = state.rows.every(isTerminalRow);
      if (summary) observe(state.id, { ...summary, Status: canonicalStatus(summary.Status) });
      continue;
    }
    state.missingCount += 1;
    if (state.missingCount >= MISSING_LIMIT) {
      state.rows = notFoundRows(state);
      state.task = summaryRow(state.rows);
      state.terminal = true;
    }
  }
}

/** Marks a state finished with one given row (an ID the API refused, see bad-ids.ts). */
export function settle(state: TaskState, row: Task): void {
  state.rows = [row];
  state.task = row;
  state.missingCount = 0;
  state.terminal = true;
}

function isTerminalRow(row: Task): boolean {
  return statusKind(row.Status) !== 'open';
}

/** Rows per ID in the API's order; a path listed twice keeps its first place, a terminal row wins. */
function rowsById(tasks: readonly Task[]): Map<string, Task[]> {
  // Keyed by path (a Map keeps first-insertion order): a merged prefetch ID may list 500 paths.
  const byId = new Map<string, Map<string, Task>>();
  for (const task of tasks) {
    let paths = byId.get(task.TaskId);
    if (!paths) byId.set(task.TaskId, (paths = new Map<string, Task>()));
    const seen = paths.get(task.ObjectPath);
    if (!seen || !isTerminalRow(seen)) paths.set(task.ObjectPath, task);
  }
  return new Map([...byId].map(([id, paths]) => [id, [...paths.values()]]));
}

/**
 * The latest answer's rows, except that a path is never un-finished: a terminal row stays when the
 * path comes back open, and stays (after the listed ones) when the path is no longer listed.
 */
function mergeRows(previous: readonly Task[], latest: readonly Task[]): Task[] {
  const done = new Map<string, Task>();
  for (const row of previous) if (isTerminalRow(row)) done.set(row.ObjectPath, row);
  const merged = latest.map((row) =>
    isTerminalRow(row) ? row : (done.get(row.ObjectPath) ?? row)
  );
  const listed = new Set(latest.map((row) => row.ObjectPath));
  for (const [path, row] of done) if (!listed.has(path)) merged.push(row);
  return keepUnchanged(previous, merged);
}

/**
 * The rows held before where the answer repeats them: most answers about an open task say what
 * the last one said, and keeping the old objects lets the new ones die young (at 10,000 IDs the
 * copies were megabytes the heap had to grow for).
 */
function keepUnchanged(previous: readonly Task[], merged: Task[]): Task[] {
  const before = new Map(previous.map((row) => [row.ObjectPath, row]));
  let same = merged.length === previous.length;
  for (const [i, row] of merged.entries()) {
    const old = before.get(row.ObjectPath);
    if (old !== row) merged[i] = old && sameRow(old, row) ? old : sharing(old, row);
    if (merged[i] !== previous[i]) same = false;
  }
  return same ? (previous as Task[]) : merged;
}

/**
 * A changed row that holds the strings it shares with the row before it (the path, the ID, the
 * creation time) and one copy of each common status, progress and type: a kept row is then one
 * small object, and the strings parsed from the answer die young.
 */
function sharing(old: Task | undefined, row: Task): Task {
  const same = (a: string, b: string | undefined) => (a === b ? b : a);
  return {
    TaskId: same(row.TaskId, old?.TaskId),
    Status: common(row.Status),
    Process: common(row.Process),
    ObjectType: common(row.ObjectType),
    ObjectPath: same(row.ObjectPath, old?.ObjectPath),
    CreationTime: same(row.CreationTime, old?.CreationTime),
    Description: same(row.Description, old?.Description)
  };
}

/** One copy of each short value the API repeats across tasks ("Complete", "40%", "file"). */
const COMMON = new Map<string, string>();
const MAX_COMMON = 512;
function common(value: string): string {
  if (value.length > 16) return value;
  const known = COMMON.get(value);
  if (known !== undefined) return known;
  if (COMMON.size < MAX_COMMON) COMMON.set(value, value);
  return value;
}

function sameRow(a: Task, b: Task): boolean {
  return (
    a.TaskId === b.TaskId &&
    a.Status === b.Status &&
    a.Process === b.Process &&
    a.ObjectType === b.ObjectType &&
    a.ObjectPath === b.ObjectPath &&
    a.CreationTime === b.CreationTime &&
    a.Description === b.Description
  );
}

/**
 * The row that decides when the ID finishes: an open row without progress (Pending, unknown),
 * else the Refreshing row furthest behind; when all are terminal, the first failed row, else the first.
 */
function summaryRow(rows: readonly Task[]): Task | undefined {
  const open = rows.filter((row) => !isTerminalRow(row));
  if (open.length === 0) {
    return rows.find((row) => statusKind(row.Status) === 'failed') ?? rows[0];
  }
  const waiting = open.find((row) => canonicalStatus(row.Status) !== 'Refreshing');
  if (waiting) return waiting;
  return open.reduce((least, row) => (percent(row.Process) < percent(least.Process) ? row : least));
}

/** Open rows become NotFound (keeping their paths); finished rows stay as they were. */
function notFoundRows(state: TaskState): Task[] {
  const why = `missing from ${MISSING_LIMIT} consecutive answers: wrong account or endpoint, or older than 3 days`;
  const blank: Task = {
    TaskId: state.id,
    Status: NOT_FOUND,
    Process: '',
    ObjectType: '',
    ObjectPath: '',
    CreationTime: '',
    Description: why
  };
  if (state.rows.length === 0) return [blank];
  return state.rows.map((row) =>
    isTerminalRow(row) ? row : { ...row, Status: NOT_FOUND, Description: why }
  );
}
