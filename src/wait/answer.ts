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
      state.rows = mergeRows(state.id, state.rows, rows);
      const summary = summaryRow(state.rows);
      state.task = summary;
      state.missingCount = 0;
      state.terminal = state.rows.every(isTerminalRow);
      if (summary) {
        const status = canonicalStatus(summary.Status);
        observe(state.id, status === summary.Status ? summary : { ...summary, Status: status });
      }
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
  const byId = new Map<string, Task[]>();
  for (const task of tasks) {
    const rows = byId.get(task.TaskId);
    if (rows) rows.push(task);
    else byId.set(task.TaskId, [task]);
  }
  // Most IDs have one row; a merged prefetch ID may list 500 paths.
  for (const [id, rows] of byId) if (rows.length > 1) byId.set(id, uniquePaths(rows));
  return byId;
}

function uniquePaths(rows: readonly Task[]): Task[] {
  const first = new Map<string, Task>(); // set() on a known key keeps its first place
  for (const row of rows) {
    const seen = first.get(row.ObjectPath);
    if (!seen || !isTerminalRow(seen)) first.set(row.ObjectPath, row);
  }
  return [...first.values()];
}

/**
 * The latest answer's rows, except that a path is never un-finished: a terminal row stays when the
 * path comes back open, and stays (after the listed ones) when the path is no longer listed. Where
 * the answer repeats a row, the row held before is kept: most answers about an open task say what
 * the last one said, and keeping the old objects lets the new ones die young (at 10,000 IDs the
 * copies were megabytes the heap had to grow for). Unchanged, the previous array itself.
 */
function mergeRows(id: string, previous: readonly Task[], latest: readonly Task[]): Task[] {
  const before = byPath(previous);
  // map, not push: an array the size of its rows (a pushed one reserves 16 slots, per ID).
  const merged = latest.map((row) => {
    const old = before(row.ObjectPath);
    const kept = old && isTerminalRow(old) && !isTerminalRow(row) ? old : row;
    return old && (kept === old || sameRow(old, kept)) ? old : sharing(id, old, kept);
  });
  if (previous.length > 0) {
    const listed = byPath(latest);
    for (const row of previous) if (isTerminalRow(row) && !listed(row.ObjectPath)) merged.push(row);
  }
  const same = merged.length === previous.length && merged.every((row, i) => row === previous[i]);
  return same ? (previous as Task[]) : merged;
}

/** A row by path: a scan for the usual one or two rows, a Map for a merged ID's hundreds. */
function byPath(rows: readonly Task[]): (path: string) => Task | undefined {
  if (rows.length <= 8) return (path) => rows.find((row) => row.ObjectPath === path);
  const map = new Map(rows.map((row) => [row.ObjectPath, row]));
  return (path) => map.get(path);
}

/**
 * A changed row that holds the strings already held: the input ID, the path of the row before,
 * and one copy of each common status, progress, type and creation time (tasks submitted together
 * share their second). A kept row is then one small object, and the strings parsed from the
 * answer die young.
 */
function sharing(id: string, old: Task | undefined, row: Task): Task {
  const same = (a: string, b: string | undefined) => (a === b ? b : a);
  return {
    TaskId: same(row.TaskId, id),
    Status: common(row.Status),
    Process: common(row.Process),
    ObjectType: common(row.ObjectType),
    ObjectPath: same(row.ObjectPath, old?.ObjectPath),
    CreationTime: common(row.CreationTime),
    Description: same(row.Description, old?.Description)
  };
}

/**
 * One copy of each short value the API repeats across tasks ("Complete", "40%", "file", and
 * "2026-12-02T03:40:00Z").
 */
const COMMON = new Map<string, string>();
const MAX_COMMON = 512;
function common(value: string): string {
  if (value.length > 24) return value;
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
