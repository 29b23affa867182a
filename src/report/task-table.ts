// The task table that the job summary and the PR comment share: failed, pending, then complete,
// every cell escaped, and cut to a size budget with failures kept first.

import { clip, codeCell, escapeCell, tableHead, tableRow } from './markdown.ts';
import { detail, sortedForPeople } from './words.ts';
import type { TaskResult } from '../wait/task.ts';
import type { Verdict } from '../wait/verdict.ts';

export const TASK_COLUMNS: readonly string[] = [
  'Task ID',
  'Status',
  'Progress',
  'Type',
  'Object Path',
  'Created',
  'Detail'
];

/** Measures text the way the target counts it (characters for a comment, bytes for a summary). */
export type Measure = (text: string) => number;

export interface TableOptions {
  /** Longest Object Path and Detail shown, in characters; longer ones end with "…". */
  maxCellChars: number;
  /** At most this many rows, whatever the budget. */
  maxRows?: number;
}

export interface FittedTable {
  /** Header and rows, or '' when not even the header and one row fit. */
  markdown: string;
  shown: number;
  total: number;
}

/** One row; the path is in <code> so that it reads literally and mentions nobody. */
export function taskRow(result: TaskResult, options: TableOptions): string {
  const max = options.maxCellChars;
  return tableRow([
    shortCell(result.TaskId),
    shortCell(result.Status),
    shortCell(result.Process),
    shortCell(result.ObjectType),
    codeCell(clip(result.ObjectPath, max)),
    shortCell(result.CreationTime),
    escapeCell(clip(detail(result), max))
  ]);
}

/**
 * IDs, statuses, "40%", "preload", "2026-05-10T08:54:23Z": with no Markdown, HTML, link or
 * mention syntax in them they go in as they are (10,000 rows must fit the summary); anything
 * else the API sends is escaped.
 */
function shortCell(text: string): string {
  return /^[A-Za-z0-9%:-]*$/.test(text) && text.length <= 40 ? text : escapeCell(clip(text, 40));
}

/**
 * The table with as many rows as fit in `budget` (as `measure` counts), in the order people
 * read them: failed, pending, complete. Rows are never cut in half.
 */
export function fitTaskTable(
  verdict: Verdict,
  budget: number,
  measure: Measure,
  options: TableOptions
): FittedTable {
  const results = sortedForPeople(verdict);
  const head = tableHead(TASK_COLUMNS);
  let used = measure(head);
  const lines = [head];
  const maxRows = options.maxRows ?? Infinity;
  for (const result of results) {
    if (lines.length > maxRows) break;
    const line = taskRow(result, options);
    const size = measure(line) + 1; // and its line break
    if (used + size > budget) break;
    used += size;
    lines.push(line);
  }
  const shown = lines.length - 1;
  if (shown === 0 && results.length > 0) return { markdown: '', shown: 0, total: results.length };
  return { markdown: lines.join('\n'), shown, total: results.length };
}

/** UTF-8 bytes: how GitHub counts the 1 MiB step summary limit. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

/** UTF-16 code units: never fewer than the characters GitHub counts for a comment body. */
export const utf16Units: Measure = (text) => text.length;
