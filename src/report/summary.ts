// The job summary: verdict line, counts, the failures grouped by reason, what is pending, the
// complete tasks folded, and (large runs) the full results as JSON in a collapsed section, all
// kept under GitHub's 1 MiB step summary limit.

import { preText } from './markdown.ts';
import { leftOut, whereEveryTaskIs } from './notes.ts';
import { resultsJsonFloorBytes } from './outputs.ts';
import { verdictIntro } from './intro.ts';
import type { RunFacts } from './words.ts';
import { PATH_CHARS } from './cells.ts';
import { fitTaskTable, utf8Bytes, wholeTableFits } from './task-table.ts';
import { plural } from '../shared/plural.ts';
import type { TaskResult } from '../wait/task.ts';
import type { Verdict } from '../wait/verdict.ts';

/** GitHub refuses a step summary over 1 MiB (bytes); stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const SUMMARY_BUDGET = 900 * 1024;

/** Room kept for the line under the table (rows left out) and the blank lines. */
const NOTES_RESERVE = 1024;
const MAX_CELL_CHARS = 1000;
/** Past this many rows a table is no longer read; the JSON section then carries the rest. */
const MAX_TABLE_ROWS = 1000;

export interface Summary {
  markdown: string;
  rowsShown: number;
  rowsTotal: number;
  /** Whether the collapsed JSON section holds every result. */
  hasJson: boolean;
  /** Whether every task is in the summary, in the table or the JSON. */
  hasEveryTask: boolean;
}

export interface SummaryLimits {
  /** Bytes the whole summary may take. */
  budget: number;
  /** Rows of a table that the JSON section accompanies. */
  maxTableRows: number;
}

const LIMITS: SummaryLimits = { budget: SUMMARY_BUDGET, maxTableRows: MAX_TABLE_ROWS };

/**
 * Small runs: the table holds every task. Large runs: the first `maxTableRows` rows (failed and
 * pending first) and every result as JSON in a collapsed section. When even that is too big, as
 * many rows as fit, without the JSON. Never more than `budget` bytes.
 */
export function buildSummary(
  verdict: Verdict,
  facts: RunFacts,
  limits: Partial<SummaryLimits> = {}
): Summary {
  const { budget, maxTableRows } = { ...LIMITS, ...limits };
  const intro = verdictIntro(verdict, facts);
  const room = budget - utf8Bytes(intro) - NOTES_RESERVE;
  const cell = { maxCellChars: MAX_CELL_CHARS, now: facts.now };
  const total = verdict.results.length;
  const capped = fitTaskTable(verdict, room, utf8Bytes, { ...cell, maxRows: maxTableRows });
  let table = capped;
  let json = '';
  if (capped.shown < total) {
    json = resultsJsonFloorBytes(verdict.results) > room ? '' : jsonSection(verdict.results, room);
    if (json !== '') {
      table = fitTaskTable(verdict, room - utf8Bytes(json), utf8Bytes, {
        ...cell,
        maxRows: maxTableRows
      });
    }
    if (json === '' || table.shown < Math.min(total, maxTableRows)) {
      // No JSON: every row if they all fit, else no more rows than anyone reads. Whether they
      // fit is measured before any row is kept: holding thousands of rows only to show part of
      // them cost tens of MB at the end of a big run.
      json = '';
      const all =
        tableFloorBytes(verdict.results) <= room && wholeTableFits(verdict, room, utf8Bytes, cell)
          ? fitTaskTable(verdict, room, utf8Bytes, cell)
          : undefined;
      table = all?.shown === total ? all : capped;
    }
  }
  const parts = [intro, table.markdown];
  const left = total - table.shown;
  if (left > 0) {
    const failedLeftOut = table.failedShown < table.failedTotal;
    parts.push(
      json
        ? `${leftOut(table)} of the tables above: the JSON below has every task.`
        : `${leftOut(table)} to stay under GitHub's 1 MiB job summary limit: ${whereEveryTaskIs(facts, failedLeftOut)}.`
    );
  }
  parts.push(json);
  return {
    markdown: `${parts.filter((part) => part !== '').join('\n\n')}\n`,
    rowsShown: table.shown,
    rowsTotal: total,
    hasJson: json !== '',
    hasEveryTask: json !== '' || left === 0
  };
}

/**
 * A floor on the tables of every result: the task ID and the path as shown (at most PATH_CHARS)
 * plus the pipes and spaces of a row; headings, statuses and times only add to it.
 */
function tableFloorBytes(results: readonly TaskResult[]): number {
  const FIXED_PER_ROW = 14; // "| " + 3 x " | " + " |" + "\n" for the four columns
  let bytes = 0;
  for (const r of results) {
    bytes += FIXED_PER_ROW + r.TaskId.length + Math.min(r.ObjectPath.length, PATH_CHARS);
  }
  return bytes;
}

/**
 * Every result as JSON, one task per line, collapsed. Inside <pre> GitHub reads no Markdown, and
 * the escaping keeps a path such as "</pre><img src=x>" plain text (see preText).
 */
function jsonSection(results: readonly TaskResult[], maxBytes: number): string {
  // Built line by line and given up as soon as it cannot fit: 10,000 long paths make tens of MB.
  const lines: string[] = [];
  let size = 0;
  for (const [i, result] of results.entries()) {
    const line = preText(JSON.stringify(result)) + (i < results.length - 1 ? ',' : '');
    size += utf8Bytes(line) + 1;
    if (size > maxBytes) return '';
    lines.push(line);
  }
  const section = [
    '<details>',
    `<summary>All ${plural(results.length, 'result')} as JSON</summary>`,
    '',
    `<pre>${preText('[')}`,
    ...lines,
    `${preText(']')}</pre>`,
    '',
    '</details>'
  ].join('\n');
  return utf8Bytes(section) <= maxBytes ? section : '';
}
