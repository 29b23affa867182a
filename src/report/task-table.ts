// The task tables that the job summary and the PR comment share: one section per failure reason
// (its count in the heading), then what is still pending, then the complete tasks folded in a
// <details> block; every cell escaped, and cut to a size budget with failures kept first.

import { clip, escapeCell, tableHead, tableRow, unbroken } from './markdown.ts';
import { idCell, pathCell, statusCell, timeCell } from './cells.ts';
import type { CellOptions } from './cells.ts';
import { groupRows } from './groups.ts';
import type { RowKind } from './groups.ts';
import { plural } from '../shared/plural.ts';
import type { TaskResult } from '../wait/task.ts';
import type { Verdict } from '../wait/verdict.ts';

const TASK_COLUMNS: readonly string[] = ['Status', 'Path', 'Task ID', 'Created (UTC)'];

/** Measures text the way the target counts it (characters for a comment, bytes for a summary). */
export type Measure = (text: string) => number;

export interface TableOptions extends CellOptions {
  /** At most this many rows, whatever the budget. */
  maxRows?: number;
  /** Whether a shortened path carries the whole one in its title (default: while rows fit). */
  titles?: boolean;
}

export interface FittedTable {
  /** The sections with their headings and rows, or '' when not even one row fits. */
  markdown: string;
  shown: number;
  total: number;
  /** Failed rows in the verdict, and how many of them are shown. */
  failedTotal: number;
  failedShown: number;
}

/** A heading, one table and what closes it (</details>); rows are rendered only when shown. */
interface Section {
  head: string;
  tail: string;
  kind: RowKind;
  rows: readonly TaskResult[];
}

/** One row: status and reason, path, task ID, creation time. */
function taskRow(result: TaskResult, kind: RowKind, options: TableOptions): string {
  return tableRow([
    statusCell(result, kind, options),
    pathCell(result.ObjectPath, options.titles === false ? 0 : options.maxCellChars),
    idCell(result.TaskId),
    timeCell(result.CreationTime, options.now)
  ]);
}

/** "paths" when every row has one, else "tasks" (a task never answered has no path). */
function counted(rows: readonly TaskResult[]): string {
  return plural(rows.length, rows.every((row) => row.ObjectPath !== '') ? 'path' : 'task');
}

function taskSections(verdict: Verdict): Section[] {
  const { failures, pending, complete } = groupRows(verdict);
  const sections: Section[] = failures.map(({ reason, rows }) => ({
    head: `#### ❌ ${escapeCell(clip(reason, 200))}: ${counted(rows)}`,
    tail: '',
    kind: 'failed',
    rows
  }));
  if (pending.length) {
    sections.push({
      head: `#### ⏳ Still pending: ${counted(pending)}`,
      tail: '',
      kind: 'pending',
      rows: pending
    });
  }
  if (complete.length) {
    sections.push({
      head: `<details>\n<summary>✅ Complete: ${counted(complete)}</summary>`,
      tail: '</details>',
      kind: 'complete',
      rows: complete
    });
  }
  return sections;
}

/**
 * The sections with as many rows as fit in `budget` (as `measure` counts), in the order people
 * read them; rows are never cut in half, and a section is shown only with at least one row.
 * Rows come before hover titles: when the budget cuts rows, the tables are built again without
 * titles, and the one that shows more rows wins.
 */
export function fitTaskTable(
  verdict: Verdict,
  budget: number,
  measure: Measure,
  options: TableOptions
): FittedTable {
  const sections = taskSections(verdict);
  const fitted = fitSections(sections, budget, measure, options);
  const cutByBudget = fitted.shown < Math.min(fitted.total, options.maxRows ?? Infinity);
  if (options.titles !== undefined || !cutByBudget) return fitted;
  const plain = fitSections(sections, budget, measure, { ...options, titles: false });
  return plain.shown > fitted.shown ? plain : fitted;
}

/** Whether every row fits in `budget`, with hover titles or without; nothing is kept. */
export function wholeTableFits(
  verdict: Verdict,
  budget: number,
  measure: Measure,
  options: TableOptions
): boolean {
  const sections = taskSections(verdict);
  const fits = (titles: boolean) => {
    const fitted = fitSections(sections, budget, measure, { ...options, titles }, false);
    return fitted.shown === fitted.total;
  };
  return fits(options.titles ?? true) || (options.titles === undefined && fits(false));
}

/**
 * With `keep` false, rows are measured and dropped: whether a table of thousands of rows would
 * fit is then known without holding them all (held, they made the young heap grow by tens of MB).
 */
function fitSections(
  sections: readonly Section[],
  budget: number,
  measure: Measure,
  options: TableOptions,
  keep = true
): FittedTable {
  // Headers do not wrap either ("Created (UTC)" over two lines in a narrow table).
  const head = tableHead(TASK_COLUMNS, (name) => unbroken(escapeCell(name)));
  const headSize = measure(head);
  const maxRows = options.maxRows ?? Infinity;
  const parts: string[] = [];
  let used = 0;
  let shown = 0;
  let failedShown = 0;
  let full = false;
  for (const section of sections) {
    if (full) break;
    // The blank lines: between sections, after the heading, before the tail.
    const fixed =
      (shown ? 2 : 0) +
      measure(section.head) +
      2 +
      headSize +
      (section.tail ? 2 + measure(section.tail) : 0);
    const lines: string[] = [];
    let rows = 0;
    let size = fixed;
    for (const result of section.rows) {
      if (shown + rows >= maxRows) {
        full = true;
        break;
      }
      const line = taskRow(result, section.kind, options);
      const lineSize = measure(line) + 1; // and its line break
      if (used + size + lineSize > budget) {
        full = true;
        break;
      }
      size += lineSize;
      rows += 1;
      if (keep) lines.push(line);
    }
    if (rows === 0) break;
    const tail = section.tail ? `\n\n${section.tail}` : '';
    if (keep) parts.push(`${section.head}\n\n${head}\n${lines.join('\n')}${tail}`);
    used += size;
    shown += rows;
    if (section.kind === 'failed') failedShown += rows;
  }
  const total = sections.reduce((sum, section) => sum + section.rows.length, 0);
  const failedTotal = sections
    .filter((section) => section.kind === 'failed')
    .reduce((sum, section) => sum + section.rows.length, 0);
  return { markdown: parts.join('\n\n'), shown, total, failedTotal, failedShown };
}

/** UTF-8 bytes: how GitHub counts the 1 MiB step summary limit. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

/** UTF-16 code units: never fewer than the characters GitHub counts for a comment body. */
export const utf16Units: Measure = (text) => text.length;
